import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type express from 'express';
import { staticSite } from './static-site';
import { vendorScripts } from './vendor-scripts';

/**
 * Serves the browser UI (plain HTML, CSS and scripts, no build step) at `/`. Registered on the Express
 * instance in onModuleInit — after Nest has mounted its controllers, before its not-found handler — the way
 * @nestjs/serve-static does, so API routes always win and an unknown /api path keeps the JSON 404.
 */
@Module({})
export class WebModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit() {
    const http = this.adapterHost.httpAdapter?.getInstance<express.Express>();
    if (!http) return;
    http.use(vendorScripts());
    for (const handler of staticSite()) http.use(handler);
  }
}
