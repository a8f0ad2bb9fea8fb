import { ParseUUIDPipe } from '@nestjs/common';
import { AppException } from './errors/app-exception';

/** A path id that must be a UUID: a 400 naming the field, never a database error. */
export const uuidParam = (field = 'id') =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      new AppException('VALIDATION_FAILED', `编号格式不正确 / ${field} must be a UUID`, [{ field }]),
  });

/**
 * A path id of a thing inside a case (a file, a notice) that must be a UUID: one that is not is a thing that does
 * not exist (404), as it is inside a case the caller may not see, so the two answers cannot be told apart.
 */
export const uuidOrNotFound = (message: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => new AppException('NOT_FOUND', message) });
