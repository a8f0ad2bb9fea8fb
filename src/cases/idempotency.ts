import { AppException } from '../common/errors/app-exception';
import type { CommandInput } from './command.types';

/**
 * Idempotency-Key rules shared by the group-committed commands (BatchWriter) and IdempotentTransaction: a key is
 * scoped per caller; the first answer is stored with the write; the same request with the key replays it, another
 * request with the key is refused (422); racing requests with one key queue at one advisory lock.
 */
export interface IdempotentResult<T> {
  statusCode: number;
  body: T;
  /** True when this was a retry answered from the idempotency record. */
  replayed: boolean;
}

/** A stored answer, as idempotency_record holds it. */
export interface StoredAnswer {
  requestHash: string;
  statusCode: number;
  response: unknown;
}

/** The text the advisory lock of a caller's key is taken on (EngineRepository.lockIdempotencyKeys). */
export const idempotencyLockKey = (scope: string, key: string): string => `idem:${scope}:${key}`;

/** How a stored answer is found among several: by caller and key. */
export const recordKey = (scope: string, key: string): string => `${scope}\u0000${key}`;

/** The scope of a command's key: the caller. */
export function scopeOf(input: CommandInput): string {
  const scope = input.actor?.userId ?? input.access?.userId;
  if (scope === undefined) throw new Error('a command needs either an actor or an access check');
  return scope;
}

export function keyReused(): AppException {
  return new AppException(
    'IDEMPOTENCY_KEY_REUSED',
    '该请求编号已用于另一个请求，请重新提交 / This Idempotency-Key was already used for a different request; use a new key for a new request',
  );
}

/** The answer a request gets from a stored one: replayed for the same request, refused for another. */
export function answerFromRecord<T>(
  prior: StoredAnswer,
  requestHash: string,
): { ok: true; value: IdempotentResult<T> } | { ok: false; error: AppException } {
  if (prior.requestHash !== requestHash) return { ok: false, error: keyReused() };
  return { ok: true, value: { statusCode: prior.statusCode, body: prior.response as T, replayed: true } };
}
