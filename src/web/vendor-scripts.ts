import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Browser libraries served from node_modules by the app itself (the machines have no internet, so no CDN):
 * Apache ECharts for the savings and zone pages. The path is fixed; nothing else of node_modules is reachable.
 */
const VENDOR: Record<string, string> = {
  '/vendor/echarts.min.js': require.resolve('echarts/dist/echarts.min.js'),
};

export function vendorScripts(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const file = (req.method === 'GET' || req.method === 'HEAD') && VENDOR[req.path];
    if (!file) return next();
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('text/javascript; charset=utf-8');
    res.sendFile(file, (err) => (err ? next(err) : undefined));
  };
}
