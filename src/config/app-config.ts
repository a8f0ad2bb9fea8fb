import { join } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/**
 * Every environment variable the service reads, validated once at start. The description of each is the
 * source of the table in README.md and of .env.example: keep the three in step.
 */
export const CONFIG_DESCRIPTIONS: Record<
  Exclude<keyof AppConfig, 'embeddedDatabase' | 'demoMode' | 'signingKeyFile' | 'signingRetiredKeysDir' | 'blobDir'>,
  string
> = {
  NODE_ENV: "'development' (default), 'test' or 'production'. Production refuses demo data and needs JWT_SECRET.",
  PORT: 'HTTP port the service listens on (default 3000).',
  HOST: 'Interface to bind (default 0.0.0.0).',
  DATABASE_URL: 'PostgreSQL connection string. When unset, an embedded PostgreSQL runs from DATA_DIR (demo mode).',
  DATA_DIR: 'Folder of the embedded PostgreSQL cluster (default ./.data); kept across restarts.',
  DATABASE_POOL_SIZE: 'Connections in the pool of each app process (default 10).',
  DATABASE_STATEMENT_TIMEOUT_MS: 'Server-side statement timeout per query, in ms (default 10000).',
  DEMO_MODE:
    'Seed the demo projects and demo accounts on a fresh database. Default: on with the embedded database, off with DATABASE_URL; never in production.',
  JWT_SECRET: 'Secret that signs access tokens (HS256), at least 32 characters. Required in production.',
  JWT_TTL_SECONDS: 'Lifetime of an access token in seconds (default 3600).',
  LOG_LEVEL: "pino level: 'fatal', 'error', 'warn', 'info' (default), 'debug', 'trace' or 'silent'.",
  LOG_FORMAT: "'json' (default when not a terminal) or 'pretty' (default in a terminal).",
  SCHEDULER_ENABLED: 'Run the deadline scheduler in this process (default true).',
  SCHEDULER_INTERVAL_MS: 'How often the scheduler looks for due timers, in ms (default 1000).',
  WARNING_SHARE: 'Share of a time limit after which an item turns to warning (预警), default 0.8.',
  BODY_LIMIT: "Largest accepted request body (default '256kb').",
  METRICS_TOKEN:
    "Bearer token a Prometheus scraper sends to read /metrics, at least 32 characters. Unset: only an administrator's access token reads it.",
  SIGNING_KEY_FILE:
    'Ed25519 private key (PKCS#8 PEM) that signs chain heads, kept outside the database. Default: signing-key.pem in DATA_DIR. A missing file is created (mode 0600) on first start, in production only with SIGNING_KEY_CREATE=true.',
  SIGNING_KEY:
    'The signing key as a secret instead of a file: the PEM text or its base64; takes precedence over SIGNING_KEY_FILE. In production set one of the two to a key you back up (docs/signed-history.md).',
  SIGNING_KEY_CREATE:
    'Allow a production start to create a missing signing key file (a first deployment; default false: a production start without its key is refused).',
  SIGNING_RETIRED_KEYS_DIR:
    "Folder of retired signing keys' public keys (*.pem), so their signatures stay verifiable after a rotation. Default: retired-signing-keys in DATA_DIR.",
  HEAD_SIGNING_INTERVAL_MS: 'How often changed chain heads and new checkpoints are signed, in ms (default 5000).',
  BLOB_STORE: "Where uploaded materials are kept: 'local' (default, a folder) or 's3' (S3-compatible: MinIO, OSS).",
  BLOB_DIR: 'Folder of the local blob store (default DATA_DIR/blobs).',
  MATERIAL_MAX_BYTES: 'Largest accepted material file, in bytes (default 20971520 = 20 MiB).',
  S3_ENDPOINT: 'Endpoint URL of the S3-compatible store (e.g. http://minio:9000); unset for AWS itself.',
  S3_REGION: "Region of the S3 store (default 'us-east-1'; MinIO ignores it).",
  S3_BUCKET: "Bucket that holds the materials. Required when BLOB_STORE='s3'.",
  S3_ACCESS_KEY_ID: 'Access key of the S3 store; unset to use the AWS SDK default credential chain.',
  S3_SECRET_ACCESS_KEY: 'Secret key of the S3 store (with S3_ACCESS_KEY_ID).',
  PUBLIC_BASE_URL:
    "Public address of the service (e.g. https://gcjs.example.gov.cn), printed in certificates' QR codes. Default: the request's own host.",
  S3_FORCE_PATH_STYLE: 'Address the bucket as a path (endpoint/bucket/key), as MinIO needs (default true).',
};

const bool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const int = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(int)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = '.data';

  @Transform(int)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Transform(int)
  @IsInt()
  @Min(100)
  DATABASE_STATEMENT_TIMEOUT_MS = 10000;

  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  DEMO_MODE?: boolean;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(int)
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 3600;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  @Transform(bool)
  @IsBoolean()
  SCHEDULER_ENABLED = true;

  @Transform(int)
  @IsInt()
  @Min(50)
  SCHEDULER_INTERVAL_MS = 1000;

  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @Min(0.1)
  @Max(0.99)
  WARNING_SHARE = 0.8;

  @Matches(/^\d+(b|kb|mb)$/i, { message: "BODY_LIMIT must look like '256kb' or '1mb'" })
  BODY_LIMIT = '256kb';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @IsString()
  SIGNING_KEY_FILE?: string;

  @IsOptional()
  @IsString()
  SIGNING_KEY?: string;

  @Transform(bool)
  @IsBoolean()
  SIGNING_KEY_CREATE = false;

  @IsOptional()
  @IsString()
  SIGNING_RETIRED_KEYS_DIR?: string;

  @Transform(int)
  @IsInt()
  @Min(100)
  HEAD_SIGNING_INTERVAL_MS = 5000;

  /** Where the signing key is read from (or created): SIGNING_KEY_FILE, else beside the embedded data folder. */
  get signingKeyFile(): string {
    return this.SIGNING_KEY_FILE ?? join(this.DATA_DIR, 'signing-key.pem');
  }

  get signingRetiredKeysDir(): string {
    return this.SIGNING_RETIRED_KEYS_DIR ?? join(this.DATA_DIR, 'retired-signing-keys');
  }

  @IsIn(['local', 's3'])
  BLOB_STORE: 'local' | 's3' = 'local';

  @IsOptional()
  @IsString()
  BLOB_DIR?: string;

  @Transform(int)
  @IsInt()
  @Min(1)
  MATERIAL_MAX_BYTES = 20 * 1024 * 1024;

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'S3_ENDPOINT must be an http:// or https:// URL' })
  S3_ENDPOINT?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  @IsOptional()
  @IsString()
  S3_BUCKET?: string;

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @Transform(bool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = true;

  @IsOptional()
  @Matches(/^https?:\/\/[^/]+$/, { message: 'PUBLIC_BASE_URL must be an http(s):// origin without a path' })
  PUBLIC_BASE_URL?: string;

  /** The folder of the local blob store: BLOB_DIR, or `blobs` beside the embedded database. */
  get blobDir(): string {
    return this.BLOB_DIR ?? `${this.DATA_DIR}/blobs`;
  }

  get embeddedDatabase(): boolean {
    return !this.DATABASE_URL;
  }

  get demoMode(): boolean {
    if (this.NODE_ENV === 'production') return false;
    return this.DEMO_MODE ?? this.embeddedDatabase;
  }
}

export class ConfigValidationError extends Error {}

/** Validates `env` (process.env by default); throws naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(CONFIG_DESCRIPTIONS);
  const raw: Record<string, string> = {};
  // An empty value (`DATABASE_URL=` in an .env file) means unset, as if the line were not there.
  for (const key of known) if (env[key] !== undefined && env[key] !== '') raw[key] = env[key] as string;
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  const problems = errors.map(
    (e) =>
      `${e.property}=${JSON.stringify(raw[e.property] ?? e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
  );
  if (config.NODE_ENV === 'production') {
    if (!config.JWT_SECRET) problems.push('JWT_SECRET: required when NODE_ENV=production');
    if (env.DEMO_MODE && config.DEMO_MODE)
      problems.push('DEMO_MODE: demo data is never seeded when NODE_ENV=production');
  }
  if (config.BLOB_STORE === 's3' && !config.S3_BUCKET) problems.push("S3_BUCKET: required when BLOB_STORE='s3'");
  if (!!config.S3_ACCESS_KEY_ID !== !!config.S3_SECRET_ACCESS_KEY)
    problems.push('S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both or neither');
  if (problems.length) {
    throw new ConfigValidationError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}
