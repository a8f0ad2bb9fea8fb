import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newestProfile, splitProfile, summarizeProfile } from './profile';

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

describe('CPU by part of the clerk loop (splitProfile)', () => {
  it('counts a sample for the first part named anywhere on its stack: a plan inside a cascade is cascade', () => {
    const frame = (functionName: string) => ({ functionName, url: 'file:///app/dist/src/x.js', lineNumber: 0 });
    // root → execute → applyBatch → applyEffects → cascadeTo → planStep   (cascade, though planStep is a write frame)
    //      → execute → applyBatch → planStep                              (write)
    //      → list                                                         (the queue read)
    //      → parseRow                                                     (other)
    const nodes = [
      { id: 1, callFrame: frame('(root)'), children: [2, 7, 8, 9] },
      { id: 2, callFrame: frame('execute'), children: [3] },
      { id: 3, callFrame: frame('applyBatch'), children: [4, 6] },
      { id: 4, callFrame: frame('applyEffects'), children: [5] },
      { id: 5, callFrame: frame('cascadeTo'), children: [10] },
      { id: 10, callFrame: frame('planStep') },
      { id: 6, callFrame: frame('planStep') },
      { id: 7, callFrame: frame('list') },
      { id: 8, callFrame: frame('parseRow') },
      { id: 9, callFrame: frame('(idle)') },
    ];
    const samples = [10, 10, 6, 7, 7, 7, 8, 9, 9];
    const file = join(mkdtempSync(join(tmpdir(), 'split-spec-')), 'c.cpuprofile');
    writeFileSync(
      file,
      JSON.stringify({ nodes, samples, timeDeltas: samples.map(() => 1000), startTime: 0, endTime: 9000 }),
    );
    const parts = Object.fromEntries(splitProfile(file).map((p) => [p.part, p.ms]));
    // each sample owns the time until the next one: the last sample (idle) owns none, idle is not busy time
    expect(parts).toEqual({
      'cascade (effects on other instances)': 2,
      'write (queue, plan, SQL)': 1,
      'read: GET /api/tasks': 3,
      'other (HTTP, auth, pg driver, GC, logging)': 1,
    });
  });
});
