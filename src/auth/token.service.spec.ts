import { JwtService } from '@nestjs/jwt';
import { AppException } from '../common/errors/app-exception';
import { loadConfig } from '../config/app-config';
import type { AuthUser } from './auth-user';
import { JWT_AUDIENCE, JWT_ISSUER, TokenService } from './token.service';

const SECRET = 'unit-secret-unit-secret-unit-secret-0123';
const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: SECRET, JWT_TTL_SECONDS: '600' });
const tokens = new TokenService(new JwtService({ secret: SECRET }), config);
const clerk: AuthUser = {
  id: '3f0c9a52-8c43-4c1e-9d0e-4b7f7c7d1a11',
  username: 'clerk-planning',
  displayName: '审查员',
  role: 'clerk',
  department: 'planning',
  enterpriseId: null,
  assignedProjectIds: [],
};

function code(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as AppException).code;
  }
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('TokenService', () => {
  it('signs HS256 tokens with sub, role, dept and the configured lifetime', () => {
    const token = tokens.sign(clerk);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p: string) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      sub: clerk.id,
      role: 'clerk',
      dept: 'planning',
      iss: JWT_ISSUER,
      aud: JWT_AUDIENCE,
    });
    expect(payload.ent).toBeUndefined();
    expect(payload.exp - payload.iat).toBe(600);
    expect(tokens.verify(token).sub).toBe(clerk.id);
  });

  it('refuses expired, foreign, tampered and unsigned tokens with the right code', () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = new JwtService({ secret: SECRET });
    const claims = { sub: clerk.id, role: 'clerk' };
    const opts = { issuer: JWT_ISSUER, audience: JWT_AUDIENCE };
    const expired = jwt.sign({ ...claims, iat: now - 100, exp: now - 10 }, opts);
    expect(code(() => tokens.verify(expired))).toBe('TOKEN_EXPIRED');

    const foreign = new JwtService({ secret: 'another-secret-another-secret-another' }).sign(claims, opts);
    expect(code(() => tokens.verify(foreign))).toBe('UNAUTHENTICATED');

    const otherIssuer = jwt.sign(claims, { issuer: 'someone-else', audience: JWT_AUDIENCE });
    expect(code(() => tokens.verify(otherIssuer))).toBe('UNAUTHENTICATED');

    const [h, , s] = tokens.sign(clerk).split('.');
    const tampered = `${h}.${b64({ ...claims, role: 'admin', exp: now + 60, iss: JWT_ISSUER, aud: JWT_AUDIENCE })}.${s}`;
    expect(code(() => tokens.verify(tampered))).toBe('UNAUTHENTICATED');

    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: now + 60, iss: JWT_ISSUER, aud: JWT_AUDIENCE })}.`;
    expect(code(() => tokens.verify(none))).toBe('UNAUTHENTICATED');

    const hs512 = jwt.sign(claims, { ...opts, algorithm: 'HS512' });
    expect(code(() => tokens.verify(hs512))).toBe('UNAUTHENTICATED');

    const noExpiry = jwt.sign(claims, opts);
    expect(code(() => tokens.verify(noExpiry))).toBe('UNAUTHENTICATED');

    expect(code(() => tokens.verify('not.a.token'))).toBe('UNAUTHENTICATED');
  });

  it('checks a token once, then only its expiry', () => {
    const fresh = new TokenService(new JwtService({ secret: SECRET }), config);
    const spy = jest.spyOn(JwtService.prototype, 'verify');
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      const token = fresh.sign(clerk);
      expect(fresh.verify(token).sub).toBe(clerk.id);
      expect(fresh.verify(token).sub).toBe(clerk.id);
      expect(spy).toHaveBeenCalledTimes(1);
      // A remembered token still expires: at `exp` (600 s after issue), as jsonwebtoken decides.
      clock.mockReturnValue(now + 599_000);
      expect(code(() => fresh.verify(token))).toBe('ok');
      clock.mockReturnValue(now + 600_000 + 1000);
      expect(code(() => fresh.verify(token))).toBe('TOKEN_EXPIRED');
      expect(code(() => fresh.verify(token))).toBe('TOKEN_EXPIRED');
      // A refused token is not remembered: it is refused again, whatever comes before.
      const [h, p] = token.split('.');
      expect(code(() => fresh.verify(`${h}.${p}.AAAA`))).toBe('UNAUTHENTICATED');
      expect(code(() => fresh.verify(`${h}.${p}.AAAA`))).toBe('UNAUTHENTICATED');
    } finally {
      clock.mockRestore();
      spy.mockRestore();
    }
  });
});
