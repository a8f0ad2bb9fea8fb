import { Poller, type PollerOptions } from './poller';

const poller = (over: Partial<PollerOptions>) =>
  new Poller({
    name: 'test',
    enabled: false,
    intervalMs: 10,
    hasWork: async () => true,
    work: async () => 1,
    ...over,
  });

describe('Poller', () => {
  it('an idle tick stops at the cheap check: the work (and its transaction) never runs', async () => {
    const work = jest.fn(async () => 1);
    expect(await poller({ hasWork: async () => false, work }).runOnce()).toBe(0);
    expect(work).not.toHaveBeenCalled();
  });

  it('runs the work when there is some, and returns what it handled', async () => {
    expect(await poller({ work: async () => 3 }).runOnce()).toBe(3);
  });

  it('a second runOnce during a pass joins that pass', async () => {
    let release!: () => void;
    const work = jest.fn(() => new Promise<number>((r) => (release = () => r(2))));
    const p = poller({ work });
    const a = p.runOnce();
    const b = p.runOnce();
    await new Promise((r) => setImmediate(r));
    release();
    expect(await Promise.all([a, b])).toEqual([2, 2]);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('a failing pass counts nothing and does not reject; the next one runs', async () => {
    const p = poller({
      work: jest
        .fn<Promise<number>, []>()
        .mockRejectedValueOnce(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
        .mockResolvedValueOnce(1),
    });
    expect(await p.runOnce()).toBe(0);
    expect(await p.runOnce()).toBe(1);
  });

  it('started, it polls every interval until stopped; stop waits for the pass under way', async () => {
    let passes = 0;
    let finished = 0;
    const p = poller({
      enabled: true,
      hasWork: async () => {
        passes++;
        return true;
      },
      work: async () => {
        await new Promise((r) => setTimeout(r, 5));
        finished++;
        return 1;
      },
    });
    p.start();
    // Polled rather than slept for: a loaded machine may take long over a tick.
    while (passes < 3) await new Promise((r) => setTimeout(r, 5));
    await p.stop();
    expect(finished).toBe(passes);
    const after = passes;
    await new Promise((r) => setTimeout(r, 40));
    expect(passes).toBe(after);
  });

  it('disabled, start() polls nothing', async () => {
    const hasWork = jest.fn(async () => true);
    const p = poller({ enabled: false, hasWork });
    p.start();
    await new Promise((r) => setTimeout(r, 30));
    await p.stop();
    expect(hasWork).not.toHaveBeenCalled();
  });
});
