import express, { type RequestHandler } from 'express';
import { dirname } from 'node:path';

/**
 * Browser libraries the UI loads from npm packages, served by the app itself (no CDN, no build step):
 * /vendor/echarts/echarts.min.js — Apache ECharts (its dist folder), for the battle map's Gantt-like chart.
 */
export function vendorScripts(): RequestHandler {
  const router = express.Router();
  router.use(
    '/vendor/echarts',
    express.static(dirname(require.resolve('echarts/dist/echarts.min.js')), {
      index: false,
      redirect: false,
      fallthrough: true,
      setHeaders: (res) => {
        res.setHeader('Cache-Control', 'public, max-age=86400');
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
      },
    }),
  );
  return router;
}
