import { signingKeyAdvice } from './signing-key-advice';

const where = { keyFile: '/srv/keys/signing-key.pem', retiredDir: '/srv/keys/retired' };

describe('what restore says about the signing key', () => {
  it('always says the key is not in the backup', () => {
    expect(signingKeyAdvice([], { ...where, keyIds: ['aaaa'] })[0]).toMatch(/签名密钥不在备份中.*not in the backup/);
  });

  it('heads signed by keys the configuration covers: nothing to do', () => {
    const lines = signingKeyAdvice(['aaaa', 'bbbb'], { ...where, keyIds: ['bbbb', 'aaaa'] });
    expect(lines[1]).toMatch(/aaaa, bbbb.*the configured keys cover them/);
    expect(lines.join('\n')).not.toContain(where.keyFile);
  });

  it('heads signed by a key not configured: names it and where the private and retired public keys go', () => {
    const lines = signingKeyAdvice(['aaaa', 'bbbb'], { ...where, keyIds: ['aaaa'] }).join('\n');
    expect(lines).toMatch(/其中 bbbb 当前不可验证/);
    expect(lines).toMatch(/; bbbb cannot be verified/);
    expect(lines).toContain(`put the private key file back at ${where.keyFile} (or set SIGNING_KEY)`);
    expect(lines).toContain(`${where.retiredDir}/<keyId>.pem`);
  });

  it('no key file at all: every signing key is missing; with nothing signed, production needs SIGNING_KEY_CREATE once', () => {
    expect(signingKeyAdvice(['aaaa'], { ...where, keyIds: null }).join('\n')).toMatch(/aaaa cannot be verified/);
    expect(signingKeyAdvice([], { ...where, keyIds: null }).join('\n')).toMatch(/SIGNING_KEY_CREATE=true once/);
  });
});
