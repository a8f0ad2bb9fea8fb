import { ERROR_STATUS, type ErrorCode } from './error-codes';

/** A domain or API error with a stable code; the global filter maps it to `{ statusCode, code, message, details }`. */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
