import { ParseUUIDPipe } from '@nestjs/common';
import { AppException } from './errors/app-exception';

/** A path id that must be a UUID: a 400 naming the field, never a database error. */
export const uuidParam = (field = 'id') =>
  new ParseUUIDPipe({
    exceptionFactory: () => new AppException('VALIDATION_FAILED', `${field} must be a UUID`, [{ field }]),
  });
