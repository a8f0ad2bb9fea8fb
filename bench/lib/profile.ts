import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A V8 .cpuprofile (node --cpu-prof), reduced to self time by component and by function. */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Wall time covered by the profile and the part of it the main thread was busy (not idle). */
  wallMs: number;
  busyMs: number;
  byComponent: { component: string; ms: number; share: number }[];
  byFunction: { fn: string; where: string; ms: number; share: number }[];
  /** Self time of project code (dist/src, dist/workflows) per file. */
  byProjectFile: { file: string; ms: number; share: number }[];
}

const COMPONENTS: [RegExp, string][] = [
  [/node_modules\/(pg|pg-protocol|pg-pool|pg-types|pgpass|postgres-\w+)\//, 'pg driver (pg, pg-protocol, pg-types)'],
  [/node_modules\/typeorm\//, 'TypeORM'],
  [
    /node_modules\/(pino|pino-http|nestjs-pino|sonic-boom|pino-std-serializers|fast-redact|thread-stream)\//,
    'logging (pino, pino-http, nestjs-pino)',
  ],
  [/node_modules\/@nestjs\//, 'NestJS core / platform-express'],
  [
    /node_modules\/(express|router|body-parser|raw-body|iconv-lite|finalhandler|send|serve-static|qs|path-to-regexp|content-type|type-is|mime-types|on-finished|statuses|http-errors|depd|accepts|negotiator|cookie|etag|fresh|vary|encodeurl|escape-html|parseurl|merge-descriptors|utils-merge|setprototypeof|media-typer|destroy|unpipe|bytes|proxy-addr|forwarded|ipaddr\.js|call-bound|side-channel.*|es-\w+|get-intrinsic|function-bind|has-symbols|gopd|dunder-proto|math-intrinsics|hasown|object-inspect|safe-buffer)\//,
    'Express and its helpers',
  ],
  [/node_modules\/helmet\//, 'helmet'],
  [
    /node_modules\/(class-validator|class-transformer|validator|libphonenumber-js)\//,
    'class-validator / class-transformer',
  ],
  [/node_modules\/xstate\//, 'XState'],
  [
    /node_modules\/(jsonwebtoken|jws|jwa|@nestjs\/jwt|safe-buffer|ecdsa-sig-formatter|buffer-equal-constant-time|ms|semver|lodash\.\w+)\//,
    'JWT',
  ],
  [/node_modules\/(prom-client|tdigest|bintrees)\//, 'prom-client (metrics)'],
  [/node_modules\/(rxjs|tslib)\//, 'rxjs / tslib'],
  [/node_modules\/reflect-metadata\//, 'reflect-metadata'],
  [/node_modules\/uuid\//, 'uuid'],
  [/\/dist\/workflows\//, 'project: workflows/ (pure core)'],
  [/\/dist\/src\/cases\//, 'project: src/cases'],
  [/\/dist\/src\/audit\//, 'project: src/audit'],
  [/\/dist\/src\/auth\//, 'project: src/auth'],
  [/\/dist\/src\//, 'project: src/ (other)'],
  [/node_modules\//, 'other node_modules'],
  [/^node:|^internal\//, 'Node.js internals (http, net, streams, crypto, timers)'],
];

function componentOf(url: string, fn: string): string {
  if (!url) {
    if (fn === '(garbage collector)') return 'garbage collector';
    if (fn === '(program)') return '(program: V8/native, outside JS)';
    if (fn === '(idle)') return '(idle)';
    return 'native / builtins (JSON, RegExp, crypto, Buffer …)';
  }
  for (const [re, name] of COMPONENTS) if (re.test(url)) return name;
  return 'other';
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + '/dist/'.length).replace(/\.js$/, '.ts');
  return url.replace(/^file:\/\//, '');
}

/** `skipMs`: leave out the first milliseconds of the profile (the server's start-up and warm-up). */
export function summarizeProfile(file: string, skipMs = 0, top = 25): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = 0;
  let first = -1;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] / 1000;
    if (t < skipMs) continue;
    if (first < 0) first = t;
    // timeDeltas[i] is the time before sample i; attribute the following delta to sample i
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
  }
  const comp = new Map<string, number>();
  const fns = new Map<string, { fn: string; where: string; ms: number }>();
  const files = new Map<string, number>();
  let idle = 0;
  let total = 0;
  for (const [id, t] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    total += t;
    const c = componentOf(url, functionName);
    if (c === '(idle)') {
      idle += t;
      continue;
    }
    comp.set(c, (comp.get(c) ?? 0) + t);
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName}|${where}`;
    const f = fns.get(key) ?? { fn: functionName || '(anonymous)', where, ms: 0 };
    f.ms += t;
    fns.set(key, f);
    if (/\/dist\/(src|workflows)\//.test(url)) files.set(shortUrl(url), (files.get(shortUrl(url)) ?? 0) + t);
  }
  const busy = total - idle;
  const share = (ms: number) => (busy > 0 ? ms / busy : 0);
  return {
    wallMs: (p.endTime - p.startTime) / 1000 - Math.max(0, first),
    busyMs: busy,
    byComponent: [...comp].map(([component, ms]) => ({ component, ms, share: share(ms) })).sort((a, b) => b.ms - a.ms),
    byFunction: [...fns.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ ...f, share: share(f.ms) })),
    byProjectFile: [...files]
      .map(([f, ms]) => ({ file: f, ms, share: share(ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 15),
  };
}

export function newestProfile(dir: string): string | null {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  return files.length ? join(dir, files.sort().pop() as string) : null;
}

/** A frame of Express's response (res.json → its stringify → res.send, ETag included): serializing an answer. */
export const RESPONSE_FRAME = (f: ProfileNode['callFrame']): boolean => /\/express\/lib\/response\.js$/.test(f.url);

/**
 * The share of the main thread's busy time whose stack holds a frame passing `test`. Reliable only for work done
 * in synchronous frames (serializing a response is: res.json runs its stringify and send on one stack); work
 * after an await loses its caller's frames, which is why the clerk loop's split is measured by phases instead.
 */
export function stackShare(file: string, skipMs: number, test: (f: ProfileNode['callFrame']) => boolean): number {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const memo = new Map<number, boolean>();
  const holds = (id: number): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    let hit = false;
    for (let cur: number | undefined = id; cur !== undefined && !hit; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame;
      hit = frame !== undefined && test(frame);
    }
    memo.set(id, hit);
    return hit;
  };
  let t = 0;
  let busy = 0;
  let matched = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] / 1000;
    if (t < skipMs) continue;
    const n = byId.get(p.samples[i]);
    if (!n || n.callFrame.functionName === '(idle)') continue;
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    busy += dt;
    if (holds(p.samples[i])) matched += dt;
  }
  return busy > 0 ? matched / busy : 0;
}
