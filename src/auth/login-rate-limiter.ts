import { AppException } from '../common/errors/app-exception';

export interface RateRule {
  /** attempts allowed per window */
  limit: number;
  windowMs: number;
}

export interface LoginRateRules {
  /** failed (or in-flight) attempts per client IP and username: slows guessing one account's password */
  perIpAndUsername: RateRule;
  /** the same per client IP over all usernames: slows spraying one password over many accounts */
  perIp: RateRule;
}

export const DEFAULT_LOGIN_RATE_RULES: LoginRateRules = {
  perIpAndUsername: { limit: 10, windowMs: 60_000 },
  perIp: { limit: 100, windowMs: 60_000 },
};

const MAX_KEYS = 100_000;

/**
 * In-memory sliding-window limiter for POST /api/auth/login. An attempt counts from the moment it starts
 * (so a burst of parallel guesses is limited too); a successful login takes its own attempt back, so people
 * who log in correctly are never limited. Per process: with several app nodes each node limits on its own.
 */
export class LoginRateLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly rules: LoginRateRules = DEFAULT_LOGIN_RATE_RULES,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Registers an attempt, or throws 429 RATE_LIMITED (details.retryAfterSeconds) when a limit is reached.
   * Returns `succeeded()`, to call when the password was right.
   */
  begin(ip: string, username: string): { succeeded(): void } {
    const now = this.now();
    const keys: [string, RateRule][] = [
      [`u:${ip}\u0000${username}`, this.rules.perIpAndUsername],
      [`ip:${ip}`, this.rules.perIp],
    ];
    let retryAfterMs = 0;
    for (const [key, rule] of keys) {
      const recent = this.recent(key, rule, now);
      if (recent.length >= rule.limit) retryAfterMs = Math.max(retryAfterMs, recent[0] + rule.windowMs - now);
    }
    if (retryAfterMs > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
      throw new AppException(
        'RATE_LIMITED',
        `登录尝试过于频繁，请 ${retryAfterSeconds} 秒后再试 / Too many login attempts; try again in ${retryAfterSeconds} s`,
        {
          retryAfterSeconds,
        },
      );
    }
    if (this.attempts.size >= MAX_KEYS) this.prune(now);
    for (const [key] of keys) this.attempts.set(key, [...(this.attempts.get(key) ?? []), now]);
    return {
      succeeded: () => {
        for (const [key] of keys) {
          const list = this.attempts.get(key);
          const i = list?.lastIndexOf(now) ?? -1;
          if (list && i >= 0) list.splice(i, 1);
          if (list && !list.length) this.attempts.delete(key);
        }
      },
    };
  }

  private recent(key: string, rule: RateRule, now: number): number[] {
    const list = (this.attempts.get(key) ?? []).filter((t) => t > now - rule.windowMs);
    if (list.length) this.attempts.set(key, list);
    else this.attempts.delete(key);
    return list;
  }

  private prune(now: number) {
    const longest = Math.max(this.rules.perIp.windowMs, this.rules.perIpAndUsername.windowMs);
    for (const [key, list] of this.attempts) if (!list.some((t) => t > now - longest)) this.attempts.delete(key);
    if (this.attempts.size >= MAX_KEYS) this.attempts.clear(); // under a flood, forget rather than grow
  }
}
