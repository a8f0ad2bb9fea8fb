import { closedLoop } from './http';

describe('closedLoop', () => {
  it('counts every op that succeeded, the warm-up included, apart from the measured ones', async () => {
    let succeeded = 0;
    let calls = 0;
    const r = await closedLoop({
      concurrency: 2,
      warmupMs: 40,
      durationMs: 300,
      op: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 2));
        if (calls === 3 || calls === 7) throw new Error(`failed call ${calls}`);
        succeeded++;
      },
    });
    expect(r.allOps).toBe(succeeded); // failures are not commands that were done
    expect(r.errors).toBe(2);
    expect(calls - succeeded).toBe(2);
    expect(r.firstError).toBe('failed call 3');
    expect(r.ops).toBe(r.latencies.length);
    expect(r.ends).toHaveLength(r.ops);
    // the first ops of each worker start at once, before the measurement begins
    expect(r.allOps).toBeGreaterThan(r.ops);
    expect(r.ops).toBeGreaterThan(0);
  });
});
