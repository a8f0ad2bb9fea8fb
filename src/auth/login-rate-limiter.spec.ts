import { AppException } from '../common/errors/app-exception';
import { LoginRateLimiter } from './login-rate-limiter';

function limiter(clock: { t: number }) {
  return new LoginRateLimiter(
    { perIpAndUsername: { limit: 3, windowMs: 60_000 }, perIp: { limit: 5, windowMs: 60_000 } },
    () => clock.t,
  );
}

function rejected(fn: () => unknown): AppException | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e as AppException;
  }
}

describe('LoginRateLimiter', () => {
  it('allows `limit` failed attempts per IP and username in the window, then 429 with retry-after', () => {
    const clock = { t: 1_000_000 };
    const l = limiter(clock);
    for (let i = 0; i < 3; i++) {
      l.begin('1.1.1.1', 'alice');
      clock.t += 1000;
    }
    const e = rejected(() => l.begin('1.1.1.1', 'alice'));
    expect(e).toBeInstanceOf(AppException);
    expect(e?.code).toBe('RATE_LIMITED');
    expect(e?.status).toBe(429);
    expect(e?.details).toEqual({ retryAfterSeconds: 57 });
    // another user or another IP is not affected
    expect(rejected(() => l.begin('1.1.1.1', 'bob'))).toBeNull();
    expect(rejected(() => l.begin('2.2.2.2', 'alice'))).toBeNull();
  });

  it('slides: attempts older than the window no longer count', () => {
    const clock = { t: 0 };
    const l = limiter(clock);
    for (let i = 0; i < 3; i++) l.begin('ip', 'u');
    expect(rejected(() => l.begin('ip', 'u'))).not.toBeNull();
    clock.t += 60_001;
    expect(rejected(() => l.begin('ip', 'u'))).toBeNull();
  });

  it('does not count successful logins', () => {
    const clock = { t: 0 };
    const l = limiter(clock);
    for (let i = 0; i < 20; i++) {
      l.begin('ip', 'u').succeeded();
      clock.t += 1;
    }
    expect(rejected(() => l.begin('ip', 'u'))).toBeNull();
  });

  it('limits one IP spraying many usernames', () => {
    const clock = { t: 0 };
    const l = limiter(clock);
    for (let i = 0; i < 5; i++) l.begin('ip', `user${i}`);
    expect(rejected(() => l.begin('ip', 'fresh'))?.code).toBe('RATE_LIMITED');
    expect(rejected(() => l.begin('other-ip', 'fresh'))).toBeNull();
  });

  it('counts an attempt while it runs, so parallel guesses are limited too', () => {
    const l = limiter({ t: 0 });
    const inFlight = [l.begin('ip', 'u'), l.begin('ip', 'u'), l.begin('ip', 'u')];
    expect(rejected(() => l.begin('ip', 'u'))?.code).toBe('RATE_LIMITED');
    inFlight[0].succeeded();
    expect(rejected(() => l.begin('ip', 'u'))).toBeNull();
  });
});
