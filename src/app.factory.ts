import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { finishOpenApi } from './common/openapi';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter, toErrorBody } from './common/errors/all-exceptions.filter';
import { AppException } from './common/errors/app-exception';
import { applyServerTimeouts } from './common/http-server';
import { createLogging } from './common/logger';
import { requestIdFor } from './common/request-id';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/app-config';

export const API_PREFIX = 'api';
/** Deeper JSON is refused before validation walks it (a 10,000-deep array would overflow the stack). */
export const MAX_JSON_DEPTH = 64;

/** Iterative depth check: never recursion on attacker-controlled nesting. */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

function sendError(err: unknown, req: Request, res: Response) {
  const body = toErrorBody(err, requestIdFor(req, res));
  res.status(body.statusCode).json(body);
}

/** Builds the application with every cross-cutting concern, once; used by main.ts and by the e2e tests. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<INestApplication> {
  const logging = createLogging(config);
  const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl, logging }), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const http = app.getHttpAdapter().getInstance() as express.Express;
  http.disable('x-powered-by');
  http.set('trust proxy', 'loopback');
  // No hashed ETag of every JSON body (Express's default): the API's responses are not cached by content, and the
  // case routes set their own ETag, the case's sequence number, for If-Match.
  http.set('etag', false);
  app.use((req: Request, res: Response, next: NextFunction) => {
    requestIdFor(req, res);
    next();
  });
  app.use(logging.httpLogger);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  const json = express.json({ limit: config.BODY_LIMIT, strict: true });
  // The one route that takes a file: multipart, read by its controller (MaterialsController) with its own limit.
  const multipartRoute = /^\/api\/cases\/[^/]+\/materials$/;
  app.use((req: Request, res: Response, next: NextFunction) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (req.method === 'POST' && multipartRoute.test(req.path) && req.is('multipart/form-data')) return next();
    if (hasBody && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method) && !req.is('application/json')) {
      return sendError(
        new AppException('UNSUPPORTED_MEDIA_TYPE', '提交的内容须为 JSON 格式 / Content-Type must be application/json'),
        req,
        res,
      );
    }
    json(req, res, (err?: unknown) => {
      if (err) return sendError(err, req, res);
      if (jsonDepthExceeds(req.body, MAX_JSON_DEPTH)) {
        return sendError(
          new AppException(
            'VALIDATION_FAILED',
            `提交的内容层级过深（超过 ${MAX_JSON_DEPTH} 层） / The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`,
            [{ field: 'body' }],
          ),
          req,
          res,
        );
      }
      next();
    });
  });

  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics', '/'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  const document = finishOpenApi(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('随州高新区工程建设项目审批 — fast-track workflow API')
        .setDescription(
          'Projects, cases, approval items, work queues and audit history of the fast-track construction-permit process. ' +
            'Errors always have the shape { statusCode, code, message, details?, requestId }.',
        )
        .setVersion('1')
        .setLicense('UNLICENSED（随州高新区政务服务中心内部使用）', 'https://spdx.org/licenses/')
        .addBearerAuth()
        .build(),
    ),
  );
  applyServerTimeouts(app.getHttpServer());
  // A request Node refuses before any handler (e.g. a request head over 16 KB) still gets the error shape.
  app.getHttpServer().on('clientError', (err: NodeJS.ErrnoException, socket: import('node:net').Socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({
      statusCode: tooLarge ? 431 : 400,
      code: tooLarge ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST',
      message: tooLarge ? '请求头过大' : '请求格式不正确',
      requestId: randomUUID(),
    });
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${API_PREFIX}/openapi.json`,
    customSiteTitle: '审批引擎 API 文档',
  });
  return app;
}
