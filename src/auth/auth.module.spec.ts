import { loadConfig } from '../config/app-config';
import { jwtSecret } from './auth.module';

describe('the JWT secret', () => {
  it('is JWT_SECRET when set', () => {
    const secret = 'configured-secret-configured-secret-0123';
    expect(jwtSecret(loadConfig({ NODE_ENV: 'test', JWT_SECRET: secret }))).toBe(secret);
  });

  it('is random per process outside production when unset', () => {
    const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
    const a = jwtSecret(config);
    expect(a.length).toBeGreaterThanOrEqual(64);
    expect(jwtSecret(config)).not.toBe(a);
  });

  it('is refused in production when unset', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) });
    config.JWT_SECRET = undefined; // loadConfig itself already refuses this; the module must too
    expect(() => jwtSecret(config)).toThrow(/JWT_SECRET/);
  });
});
