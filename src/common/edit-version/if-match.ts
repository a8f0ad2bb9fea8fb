import { ApiHeader } from '@nestjs/swagger';
import { AppException } from '../errors/app-exception';

/**
 * An If-Match header as the ETag of a GET gave it ("3", W/"3" or 3); absent or * means "any version". `problem` is
 * the Chinese sentence of the refusal when it is not a version.
 */
export function parseIfMatchVersion(raw: string | string[] | undefined, problem: string): number | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '' || value === '*') return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value.trim());
  if (!m) throw new AppException('VALIDATION_FAILED', problem, [{ field: 'If-Match' }]);
  return Number(m[1]);
}

/** If-Match for a versioned edit (作战图, team, user, holiday year). */
export function parseVersionIfMatch(raw: string | string[] | undefined): number | undefined {
  return parseIfMatchVersion(raw, 'If-Match 应为读取时得到的版本号，例如 "3"');
}

/** The ETag of a version, as case routes give theirs. */
export function versionEtag(version: number): string {
  return `"${version}"`;
}

/** The OpenAPI note of an If-Match-guarded write. */
export const ApiIfMatch = () =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description:
      'The version (ETag) the edit form read; a stale one is 409 VERSION_CONFLICT and nothing is written. Without it the last writer wins',
  });
