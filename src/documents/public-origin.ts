import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';

/** The origin printed in QR codes: PUBLIC_BASE_URL where set, else the request's own. */
export const publicOrigin = (config: AppConfig, req: Request): string =>
  config.PUBLIC_BASE_URL ?? `${req.protocol}://${req.get('host')}`;
