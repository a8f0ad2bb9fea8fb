import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePublicKey, SigningKeyMissing, SigningKeys, verifySignature } from './signing-keys';

describe('signing keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signing-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the key file on first start, readable by the owner only, and reads the same key afterwards', () => {
    const file = join(dir, 'data', 'signing-key.pem');
    const first = SigningKeys.load({ file, retiredDir: join(dir, 'retired') });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.origin).toMatch(/created/);
    const again = SigningKeys.load({ file, retiredDir: join(dir, 'retired') });
    expect(again.keyId).toBe(first.keyId);
    expect(again.warnings).toEqual([]);
    chmodSync(file, 0o644);
    expect(SigningKeys.load({ file, retiredDir: dir }).warnings).toEqual([expect.stringMatching(/chmod 600/)]);
    expect(again.keyId).toMatch(/^[0-9a-f]{16}$/);
    const { signature } = first.sign('statement');
    const [pub] = again.publicKeys();
    expect(verifySignature(parsePublicKey(pub.publicKey), 'statement', signature)).toBe(true);
    expect(verifySignature(parsePublicKey(pub.publicKey), 'statement!', signature)).toBe(false);
  });

  it('takes the key from a secret (PEM or base64 of it) before the file', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const file = join(dir, 'unused.pem');
    const a = SigningKeys.load({ secret: pem, file, retiredDir: dir });
    const b = SigningKeys.load({ secret: Buffer.from(pem).toString('base64'), file, retiredDir: dir });
    expect(a.keyId).toBe(b.keyId);
    expect(a.origin).toBe('SIGNING_KEY');
    expect(() => readFileSync(file)).toThrow();
  });

  it('refuses to create a missing key file when creation is not allowed (production), and creates nothing', () => {
    const file = join(dir, 'data', 'signing-key.pem');
    expect(() => SigningKeys.load({ file, retiredDir: dir, createIfMissing: false })).toThrow(SigningKeyMissing);
    expect(() => SigningKeys.load({ file, retiredDir: dir, createIfMissing: false })).toThrow(
      /SIGNING_KEY_CREATE=true.*SIGNING_KEY_CREATE=true/s,
    );
    expect(existsSync(file)).toBe(false);
    // An existing key is read as ever; the flag is only about creating one.
    const created = SigningKeys.load({ file, retiredDir: dir });
    expect(SigningKeys.load({ file, retiredDir: dir, createIfMissing: false }).keyId).toBe(created.keyId);
  });

  it('vouches for retired public keys by id, and refuses a key that is not Ed25519', () => {
    const retiredDir = join(dir, 'retired');
    mkdirSync(retiredDir);
    const old = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    writeFileSync(join(retiredDir, '2026-01.pem'), old);
    const keys = SigningKeys.load({ file: join(dir, 'k.pem'), retiredDir });
    expect(keys.publicKeys().map((k) => k.status)).toEqual(['current', 'retired']);
    expect(keys.ring.ids).toHaveLength(2);

    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    writeFileSync(join(dir, 'rsa.pem'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => SigningKeys.load({ file: join(dir, 'rsa.pem'), retiredDir })).toThrow(/not an Ed25519 key/);
    expect(() => SigningKeys.load({ secret: 'garbage', file: join(dir, 'x.pem'), retiredDir })).toThrow(
      /SIGNING_KEY: not a private key/,
    );
  });
});
