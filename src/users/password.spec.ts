import { hashPassword, needsRehash, SCRYPT_DEFAULTS, verifyPassword } from './password';

// Cheaper parameters keep the suite fast; the defaults are exercised once.
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing (scrypt)', () => {
  it('hashes in the format scrypt$N$r$p$salt$hash with the default cost', async () => {
    const stored = await hashPassword('demo');
    const [alg, N, r, p, salt, hash] = stored.split('$');
    expect(alg).toBe('scrypt');
    expect([Number(N), Number(r), Number(p)]).toEqual([SCRYPT_DEFAULTS.N, SCRYPT_DEFAULTS.r, SCRYPT_DEFAULTS.p]);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash, 'base64')).toHaveLength(32);
    await expect(verifyPassword('demo', stored)).resolves.toBe(true);
    expect(needsRehash(stored)).toBe(false);
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple', FAST);
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    const a = await hashPassword('same', FAST);
    const b = await hashPassword('same', FAST);
    expect(a).not.toBe(b);
    await expect(verifyPassword('same', a)).resolves.toBe(true);
    await expect(verifyPassword('same', b)).resolves.toBe(true);
  });

  it('treats Unicode passwords by their normalised form', async () => {
    const stored = await hashPassword('密码Ｐａｓｓ', FAST); // full-width letters normalise (NFKC) to ASCII
    await expect(verifyPassword('密码Pass', stored)).resolves.toBe(true);
  });

  it('reads the cost from the stored hash and tells when to rehash', async () => {
    const weak = await hashPassword('pw', FAST);
    await expect(verifyPassword('pw', weak)).resolves.toBe(true);
    expect(needsRehash(weak)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['other algorithm', 'bcrypt$2b$10$abc'],
    ['too few parts', 'scrypt$1024$8$1$c2FsdA=='],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$' + Buffer.alloc(32).toString('base64')],
    ['N absurdly large', 'scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0$' + Buffer.alloc(32).toString('base64')],
    ['r out of bounds', 'scrypt$1024$999$1$c2FsdHNhbHRzYWx0$' + Buffer.alloc(32).toString('base64')],
    ['key too short', 'scrypt$1024$8$1$c2FsdHNhbHRzYWx0$AAAA'],
  ])('refuses an unreadable stored hash (%s) without throwing', async (_name, stored) => {
    await expect(verifyPassword('anything', stored)).resolves.toBe(false);
    expect(needsRehash(stored)).toBe(true);
  });
});
