import { AppException } from '../common/errors/app-exception';
import { parseIfMatchVersion } from '../common/edit-version/if-match';

const KEY = /^[\x21-\x7e]{1,200}$/;

/** Idempotency-Key: any printable token up to 200 characters (a UUID is typical). */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') return undefined;
  if (!KEY.test(value)) {
    throw new AppException(
      'VALIDATION_FAILED',
      '请求编号格式不正确 / Idempotency-Key must be 1 to 200 printable ASCII characters',
      [{ field: 'Idempotency-Key' }],
    );
  }
  return value;
}

/** If-Match: the case's sequence number as the ETag of GET gave it ("12", W/"12" or 12). */
export function parseIfMatch(raw: string | string[] | undefined): number | undefined {
  return parseIfMatchVersion(
    raw,
    '办件版本信息格式不正确，请刷新后重试 / If-Match must be the ETag of the case, e.g. "12"',
  );
}
