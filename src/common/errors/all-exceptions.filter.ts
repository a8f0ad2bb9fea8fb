import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppException } from './app-exception';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from './error-codes';
import { inChinese, ZH_BY_CODE } from './zh-messages';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'INVALID_PAYLOAD',
  428: 'PRECONDITION_REQUIRED',
  429: 'RATE_LIMITED',
  503: 'DATABASE_UNAVAILABLE',
};

/** PostgreSQL / driver failures that mean "the database is not reachable now": answer 503, not 500. */
export function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as { code?: string; message?: string; name?: string; driverError?: unknown } | undefined;
  if (!err) return false;
  // The connection of a running transaction died (TypeORM then refuses the released query runner).
  if (err.name === 'QueryRunnerProviderAlreadyReleasedError' || err.name === 'QueryRunnerAlreadyReleasedError')
    return true;
  if (err.driverError && err.driverError !== e && isDatabaseUnavailable(err.driverError)) return true;
  const code = err.code ?? '';
  if (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'ENOTFOUND',
      '57P01',
      '57P02',
      '57P03',
      '08000',
      '08001',
      '08003',
      '08006',
      '53300',
    ].includes(code)
  )
    return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(
    err.message ?? '',
  );
}

/**
 * Turns anything thrown into the one error shape, with the request id. Never leaks internals on 500. The
 * message is zh-CN; English from the thrower is kept in details.reason.
 */
export function toErrorBody(exception: unknown, requestId: string): ErrorBody {
  const body = anyErrorBody(exception, requestId);
  const { message, details } = inChinese(body.code, body.message, body.details);
  return {
    statusCode: body.statusCode,
    code: body.code,
    message,
    ...(details !== undefined ? { details } : {}),
    requestId: body.requestId,
  };
}

function anyErrorBody(exception: unknown, requestId: string): ErrorBody {
  if (exception instanceof AppException) {
    return {
      statusCode: exception.status,
      code: exception.code,
      message: exception.message,
      details: exception.details,
      requestId,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse() as string | { message?: unknown; code?: ErrorCode; details?: unknown };
    const raw = typeof response === 'string' ? response : response.message;
    const text = Array.isArray(raw) ? raw.join('; ') : String(raw ?? exception.message);
    // Express's unknown route ("Cannot GET /api/x") said in zh-CN, the method and path kept.
    const route = status === 404 ? /^Cannot ([A-Z]+) (.*)$/.exec(text) : null;
    const message = route ? `没有这个地址：${route[1]} ${route[2]}` : text;
    const code =
      (typeof response === 'object' && response.code) ||
      CODE_BY_STATUS[status] ||
      (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
    const details = typeof response === 'object' ? response.details : undefined;
    return { statusCode: status, code, message, ...(details !== undefined ? { details } : {}), requestId };
  }
  // body-parser and other express-level errors carry status/type
  const httpish = exception as { status?: number; statusCode?: number; type?: string; message?: string };
  const status = httpish?.status ?? httpish?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (httpish.type === 'entity.parse.failed') {
      return { statusCode: 400, code: 'MALFORMED_JSON', message: ZH_BY_CODE.MALFORMED_JSON, requestId };
    }
    if (httpish.type === 'entity.too.large') {
      return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: ZH_BY_CODE.PAYLOAD_TOO_LARGE, requestId };
    }
    const code = CODE_BY_STATUS[status] ?? 'BAD_REQUEST';
    return { statusCode: status, code, message: httpish.message ?? code, requestId };
  }
  if (isDatabaseUnavailable(exception)) {
    return {
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: ZH_BY_CODE.DATABASE_UNAVAILABLE,
      requestId,
    };
  }
  if (
    exception instanceof QueryFailedError &&
    (exception as { driverError?: { code?: string } }).driverError?.code === '57014'
  ) {
    return {
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: '数据库未能及时响应，请稍后重试',
      requestId,
    };
  }
  return {
    statusCode: ERROR_STATUS.INTERNAL_ERROR,
    code: 'INTERNAL_ERROR',
    message: ZH_BY_CODE.INTERNAL_ERROR,
    requestId,
  };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const requestId = String(req?.id ?? res.getHeader?.('x-request-id') ?? '');
    const body = toErrorBody(exception, requestId);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId, path: req?.url }, body.code);
    }
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }
}
