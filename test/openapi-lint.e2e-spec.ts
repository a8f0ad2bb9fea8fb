/**
 * /api/openapi.json passes Redocly's recommended rules (`npm run openapi:lint`; CI runs it): security on every
 * operation (none for public ones), 4xx answers with the error shape, servers set — so generated clients work.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from './support/test-app';

const run = promisify(execFile);

describe('OpenAPI document', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes Redocly lint (recommended rules) with no error and no warning', async () => {
    const doc = await t.http().get('/api/openapi.json').expect(200);
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc.body));
    const cli = join(__dirname, '..', 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const result = await run(process.execPath, [cli, 'lint', '--extends', 'recommended', '--format', 'json', file], {
      maxBuffer: 20 * 1024 * 1024,
    }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
    const report = JSON.parse(result.stdout) as {
      problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
    };
    expect(report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual(
      [],
    );
  }, 120_000);

  it('declares security on every operation: none on the public ones, the bearer token elsewhere', async () => {
    const doc = (await t.http().get('/api/openapi.json').expect(200)).body;
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.paths['/api/health'].get.security).toEqual([]);
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/api/projects'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/projects'].get.responses['401'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ErrorBody',
    });
  });
});
