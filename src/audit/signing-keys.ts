import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Ed25519 keys that sign chain heads. The private key lives outside the database (a file or a secret), so
 * someone with database rights alone cannot make a rewritten history look signed. A key is known by its id,
 * the first 16 hex digits of the SHA-256 of its public key (SPKI DER), as Certificate Transparency names a log
 * by the hash of its key; signatures carry it, so after a rotation old signatures are checked with old keys.
 */
export interface PublicKeyInfo {
  keyId: string;
  algorithm: 'Ed25519';
  /** SPKI PEM */
  publicKey: string;
  status: 'current' | 'retired';
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** A public key from PEM (SPKI, or a private key's PEM, whose public half is taken); throws unless Ed25519. */
export function parsePublicKey(pem: string): KeyObject {
  const key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 key (${key.asymmetricKeyType})`);
  return key;
}

/** Verifies a base64 Ed25519 signature over `message`; false (never a throw) for anything malformed. */
export function verifySignature(publicKey: KeyObject, message: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The public keys a verifier trusts, by key id. */
export class KeyRing {
  private readonly keys = new Map<string, KeyObject>();

  constructor(keys: KeyObject[]) {
    for (const k of keys) this.keys.set(keyIdOf(k), k);
  }

  get(keyId: string): KeyObject | undefined {
    return this.keys.get(keyId);
  }

  get ids(): string[] {
    return [...this.keys.keys()];
  }
}

function readPrivateKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw new Error(`${where}: not a private key in PEM (${(e as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${where}: not an Ed25519 key`);
  return key;
}

/**
 * Creates a key file atomically (written beside, then hard-linked into place), so two processes starting at once
 * end up with the same key: the loser of the link reads the winner's.
 */
function createKeyFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, pem, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
}

export interface SigningKeySource {
  /** PEM text or its base64 (an environment secret); wins over the file. */
  secret?: string;
  file: string;
  retiredDir: string;
  /**
   * Whether a missing key file may be created (default true). Production says no unless SIGNING_KEY_CREATE: a new
   * key there is most often a lost one, and heads signed from then on would not continue the old key's record.
   */
  createIfMissing?: boolean;
}

/** The key file is missing and may not be created: the operator must bring the key back (or allow a new one). */
export class SigningKeyMissing extends Error {
  constructor(file: string) {
    super(
      `签名密钥文件 ${file} 不存在；生产模式下不自动新建（新密钥无法延续已签名的历史）。请放回备份的密钥文件，或设置 SIGNING_KEY；` +
        `确需新建（首次部署）时设置 SIGNING_KEY_CREATE=true。 ` +
        `The signing key file ${file} does not exist. In production a new key is not created silently (it would not ` +
        `continue the record of heads signed so far): put the backed-up key file back, or set SIGNING_KEY; to create ` +
        `one on purpose (a first deployment), set SIGNING_KEY_CREATE=true (docs/signed-history.md).`,
    );
    this.name = 'SigningKeyMissing';
  }
}

/** The service's signing key and the public keys it vouches for (current and retired). */
export class SigningKeys {
  readonly keyId: string;
  readonly ring: KeyRing;
  private readonly retired: KeyObject[];

  private constructor(
    private readonly privateKey: KeyObject,
    retired: KeyObject[],
    /** Where the key came from, for the start log: never the key itself. */
    readonly origin: string,
    /** What the start log should warn about (a key file others can read). */
    readonly warnings: string[] = [],
  ) {
    const publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(publicKey);
    this.retired = retired.filter((k) => keyIdOf(k) !== this.keyId);
    this.ring = new KeyRing([publicKey, ...this.retired]);
  }

  static load(source: SigningKeySource): SigningKeys {
    let key: KeyObject;
    let origin: string;
    const warnings: string[] = [];
    if (source.secret) {
      const text = source.secret.includes('-----BEGIN')
        ? source.secret
        : Buffer.from(source.secret, 'base64').toString('utf8');
      key = readPrivateKey(text, 'SIGNING_KEY');
      origin = 'SIGNING_KEY';
    } else {
      origin = source.file;
      if (!existsSync(source.file)) {
        if (source.createIfMissing === false) throw new SigningKeyMissing(source.file);
        createKeyFile(source.file);
        origin = `${source.file} (created)`;
      }
      key = readPrivateKey(readFileSync(source.file, 'utf8'), source.file);
      if (statSync(source.file).mode & 0o077)
        warnings.push(`${source.file} can be read by others than its owner: chmod 600 it`);
    }
    const retired: KeyObject[] = [];
    if (existsSync(source.retiredDir)) {
      for (const name of readdirSync(source.retiredDir).sort()) {
        if (!name.endsWith('.pem')) continue;
        const path = join(source.retiredDir, name);
        try {
          retired.push(parsePublicKey(readFileSync(path, 'utf8')));
        } catch (e) {
          throw new Error(`${path}: ${(e as Error).message}`);
        }
      }
    }
    return new SigningKeys(key, retired, origin, warnings);
  }

  sign(message: string): { keyId: string; signature: string } {
    return {
      keyId: this.keyId,
      signature: sign(null, Buffer.from(message, 'utf8'), this.privateKey).toString('base64'),
    };
  }

  publicKeys(): PublicKeyInfo[] {
    const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();
    return [
      { keyId: this.keyId, algorithm: 'Ed25519', publicKey: pem(createPublicKey(this.privateKey)), status: 'current' },
      ...this.retired.map((k) => ({
        keyId: keyIdOf(k),
        algorithm: 'Ed25519' as const,
        publicKey: pem(k),
        status: 'retired' as const,
      })),
    ];
  }
}
