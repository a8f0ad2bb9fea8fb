import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newestProfile, RESPONSE_FRAME, stackShare, summarizeProfile } from './profile';

/** A V8 .cpuprofile with one sample per millisecond on the given nodes. */
function profile(samples: number[]) {
  const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 4, 5, 6] },
      { id: 2, callFrame: frame('(idle)', '') },
      { id: 3, callFrame: frame('writeSteps', 'file:///app/dist/src/cases/engine.repository.js', 99) },
      { id: 4, callFrame: frame('next', 'file:///app/node_modules/router/index.js', 188) },
      { id: 5, callFrame: frame('(garbage collector)', '') },
      { id: 6, callFrame: frame('step', 'file:///app/dist/workflows/core/define.js', 297) },
    ],
    samples,
    timeDeltas: samples.map(() => 1000), // µs
    startTime: 0,
    endTime: samples.length * 1000,
  };
}

describe('CPU profile summary (the throughput and scale benchmarks)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'profile-spec-'));

  it('attributes self time to components, functions and project files, idle excluded from the busy time', () => {
    // 10 ms of start-up (idle), then 4 idle, 3 writeSteps, 2 router, 1 GC, 2 step
    const file = join(dir, 'a.cpuprofile');
    writeFileSync(file, JSON.stringify(profile([...Array(10).fill(2), 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 6, 2])));
    const s = summarizeProfile(file, 10);
    expect(s.busyMs).toBeCloseTo(8, 5);
    const component = Object.fromEntries(s.byComponent.map((c) => [c.component, c.ms]));
    expect(component).toEqual({
      'project: src/cases': 3,
      'Express and its helpers': 2,
      'garbage collector': 1,
      'project: workflows/ (pure core)': 2,
    });
    expect(s.byFunction[0]).toMatchObject({ fn: 'writeSteps', where: 'src/cases/engine.repository.ts:100', ms: 3 });
    expect(s.byFunction[0].share).toBeCloseTo(3 / 8, 5);
    expect(s.byProjectFile.map((f) => f.file)).toEqual(['src/cases/engine.repository.ts', 'workflows/core/define.ts']);
  });

  it('skips the start-up it is told to skip, and finds the newest profile of a folder', () => {
    const file = join(dir, 'b.cpuprofile');
    writeFileSync(file, JSON.stringify(profile([3, 3, 3, 3, 6, 6])));
    // samples at 1..6 ms: the first three are skipped; each sample owns the time until the next one
    expect(summarizeProfile(file, 4).byComponent).toEqual(
      expect.arrayContaining([
        { component: 'project: workflows/ (pure core)', ms: 1, share: 0.5 },
        { component: 'project: src/cases', ms: 1, share: 0.5 },
      ]),
    );
    expect(summarizeProfile(file, 4).byComponent).toHaveLength(2);
    expect(newestProfile(dir)).toBe(file);
  });
});

describe("a frame's share of the busy time (stackShare: the clerk loop's response serialization)", () => {
  it('counts a sample whose stack holds a matching frame anywhere, idle excluded', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const response = 'file:///app/node_modules/express/lib/response.js';
    //  root → json (express) → stringify (express)   (response)
    //       → json (express) → (native) writev       (response)
    //       → parseRow                               (not)
    const nodes = [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 5, 6] },
      { id: 2, callFrame: frame('json', response), children: [3, 4] },
      { id: 3, callFrame: frame('stringify', response) },
      { id: 4, callFrame: frame('writev', '') },
      { id: 5, callFrame: frame('parseRow', 'file:///app/node_modules/pg/lib/result.js') },
      { id: 6, callFrame: frame('(idle)', '') },
    ];
    const samples = [3, 3, 4, 5, 5, 5, 6, 6];
    const file = join(mkdtempSync(join(tmpdir(), 'share-spec-')), 'c.cpuprofile');
    writeFileSync(
      file,
      JSON.stringify({ nodes, samples, timeDeltas: samples.map(() => 1000), startTime: 0, endTime: 8000 }),
    );
    // each sample owns the time until the next one: 3 ms response of 6 ms busy (the idle ones are not busy)
    expect(stackShare(file, 0, RESPONSE_FRAME)).toBeCloseTo(3 / 6, 5);
  });
});
