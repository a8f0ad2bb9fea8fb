import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter, toErrorBody } from './common/errors/all-exceptions.filter';
import { AppException } from './common/errors/app-exception';
import { requestIdFor } from './common/request-id';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/app-config';

export const API_PREFIX = 'api';

function sendError(err: unknown, req: Request, res: Response) {
  const body = toErrorBody(err, requestIdFor(req, res));
  res.status(body.statusCode).json(body);
}

/** Builds the application with every cross-cutting concern, once; used by main.ts and by the e2e tests. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl }), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const http = app.getHttpAdapter().getInstance() as express.Express;
  http.disable('x-powered-by');
  http.set('trust proxy', 'loopback');
  app.use((req: Request, res: Response, next: NextFunction) => {
    requestIdFor(req, res);
    next();
  });
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
  app.use((req: Request, res: Response, next: NextFunction) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method) && !req.is('application/json')) {
      return sendError(new AppException('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json'), req, res);
    }
    json(req, res, (err?: unknown) => (err ? sendError(err, req, res) : next()));
  });

  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics', '/'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('随州高新区工程建设项目审批 — fast-track workflow API')
      .setDescription(
        'Projects, cases, approval items, work queues and audit history of the fast-track construction-permit process. ' +
          'Errors always have the shape { statusCode, code, message, details?, requestId }.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${API_PREFIX}/openapi.json`,
    customSiteTitle: '审批引擎 API 文档',
  });
  return app;
}
