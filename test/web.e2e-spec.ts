import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_DIR } from '../src/web/static-site';
import { startTestApp, type TestApp } from './support/test-app';

const ERROR_SHAPE = {
  statusCode: 404,
  code: 'NOT_FOUND',
  message: expect.any(String),
  requestId: expect.any(String),
};

/** Every .js file of the UI, relative to the public folder. */
function scripts(dir = PUBLIC_DIR, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? scripts(dir, `${prefix}${e.name}/`)
      : e.name.endsWith('.js') && !e.name.endsWith('.map')
        ? [`${prefix}${e.name}`]
        : [],
  );
}

describe('web UI served at / (real PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('GET / serves the zh-CN index.html with external scripts only (CSP script-src self)', async () => {
    const res = await t.http().get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const html = res.text;
    expect(html).toMatch(/<html lang="zh-CN">/);
    expect(html).toContain('<meta charset="utf-8" />');
    expect(html).toContain('随州高新区工程建设项目审批服务');
    expect(html).toContain('<link rel="stylesheet" href="/css/app.css" />');

    // One external same-origin ES module (it imports the rest), empty inside; nothing uses inline handlers.
    const tags = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(tags).toHaveLength(1);
    const [, attrs, body] = tags[0];
    expect(attrs).toMatch(/\btype="module"/);
    expect(attrs).toMatch(/\bsrc="\/js\/app\.js"/);
    expect(body.trim()).toBe('');
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it('serves every module the page imports, from app.js down, with a JavaScript content type, and the CSS', async () => {
    // Walk the static import graph as the browser does: every script under js/ is reached and served.
    const seen = new Set<string>();
    const queue = ['/js/app.js'];
    while (queue.length) {
      const src = queue.shift()!;
      if (seen.has(src)) continue;
      seen.add(src);
      const res = await t.http().get(src).expect(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers.etag).toBeDefined();
      for (const m of res.text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)) {
        queue.push(new URL(m[1], `http://x${src}`).pathname);
      }
    }
    const served = [...seen].map((s) => s.slice('/js/'.length)).sort();
    const files = scripts(join(PUBLIC_DIR, 'js')).filter((f) => f !== 'types.js');
    expect(files.filter((f) => !served.includes(f))).toEqual([]);
    const css = await t.http().get('/css/app.css').expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('revalidates with the ETag (304 when unchanged)', async () => {
    const first = await t.http().get('/js/app.js').expect(200);
    await t.http().get('/js/app.js').set('If-None-Match', first.headers.etag).expect(304);
  });

  it('keeps the JSON 404 error shape for unknown /api routes, whatever the Accept header', async () => {
    for (const path of ['/api/x', '/api/x/y.js', '/api']) {
      const res = await t.http().get(path).set('Accept', 'text/html').expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(ERROR_SHAPE);
    }
    const post = await t.http().post('/api/x').send({}).expect(404);
    expect(post.body).toEqual(ERROR_SHAPE);
  });

  it('answers index.html for client routes (deep links), but a 404 for missing files', async () => {
    for (const path of ['/tasks', '/projects/0b8f5c1e-3f0a-4c8e-9a51-5d0d1f2b7a10', '/cases/abc/audit', '/login']) {
      const res = await t.http().get(path).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<html lang="zh-CN">');
    }
    const missing = await t.http().get('/js/no-such-file.js').expect(404);
    expect(missing.body).toEqual(ERROR_SHAPE);
    // Only GET (and HEAD) fall back to the page.
    await t.http().post('/tasks').send({}).expect(404);
  });

  it('leaves the API and its documents alone', async () => {
    await t.http().get('/api/health').expect(200);
    const doc = await t.http().get('/api/openapi.json').expect(200);
    expect(doc.body.paths).toBeDefined();
    await t.http().get('/api/tasks').expect(401);
  });

  it('never writes data into the DOM as HTML: no innerHTML, outerHTML, insertAdjacentHTML or document.write', () => {
    for (const file of scripts()) {
      const source = readFileSync(join(PUBLIC_DIR, file), 'utf8');
      expect({ file, unsafe: /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write)\b/.test(source) }).toEqual({
        file,
        unsafe: false,
      });
    }
  });

  it('calls the API through one client (js/api.js): no other module fetches, sets the token or the command headers, or reads the session token itself', () => {
    // verify.js is the public page outside the signed-in UI: no session, no token, its own single request.
    const others = scripts().filter((f) => f !== 'js/api.js' && f !== 'verify.js');
    expect(others.length).toBeGreaterThan(10);
    const offenders = others.filter((file) =>
      /\bfetch\(|XMLHttpRequest|['"]Authorization['"]|\bAuthorization:|sz-approval\.session|['"]Idempotency-Key['"]|['"]If-Match['"]/.test(
        readFileSync(join(PUBLIC_DIR, file), 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('sends every workflow event with If-Match (the version the page showed) and an Idempotency-Key', () => {
    // Each api.request that POSTs to /api/cases/{id}/events, up to the end of its options object.
    const sends = scripts().flatMap((file) =>
      [
        ...readFileSync(join(PUBLIC_DIR, file), 'utf8').matchAll(/api\.request\(\s*'POST',[^;]*?\/events`[^;]*?\}\)/g),
      ].map((m) => ({ file, call: m[0] })),
    );
    expect(sends.length).toBeGreaterThanOrEqual(2); // the case page and the 容缺 supply form
    const offenders = sends
      .filter(({ call }) => !/\bifMatch\b/.test(call) || !/\bidempotencyKey\b/.test(call))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it("shows people the server's Chinese message, never an exception's own text", () => {
    const offenders = scripts().filter((file) =>
      /\b(?:e|err|error)\.message\b/.test(readFileSync(join(PUBLIC_DIR, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('ships the public folder to the swc build (scripts/build.js --copy-files)', () => {
    // The service serves __dirname/public: beside the compiled module after a build.
    expect(existsSync(join(PUBLIC_DIR, 'index.html'))).toBe(true);
    const dist = join(__dirname, '..', 'dist', 'src', 'web', 'public', 'index.html');
    if (existsSync(join(__dirname, '..', 'dist', 'src', 'web', 'web.module.js'))) {
      expect(existsSync(dist)).toBe(true);
    }
  });
});
