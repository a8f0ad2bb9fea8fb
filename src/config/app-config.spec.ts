import { loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.embeddedDatabase).toBe(true);
    expect(c.demoMode).toBe(true);
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT="abc"/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 32 characters/);
  });

  it('refuses production without a JWT secret and never seeds demo data there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db' })).toThrow(/JWT_SECRET/);
    const c = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db', JWT_SECRET: 'x'.repeat(32) });
    expect(c.demoMode).toBe(false);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://h/db',
        JWT_SECRET: 'x'.repeat(32),
        DEMO_MODE: 'true',
      }),
    ).toThrow(/DEMO_MODE/);
  });

  it('an empty value means unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({
      DATABASE_URL: undefined,
      PORT: 3000,
      embeddedDatabase: true,
    });
  });

  it('demo mode is off by default with an external database', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://h/db' }).demoMode).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://h/db', DEMO_MODE: 'true' }).demoMode).toBe(true);
  });
});
