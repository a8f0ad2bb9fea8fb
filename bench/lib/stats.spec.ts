import { median, medianSummary, percentile, summarize, tailBursts } from './stats';

describe('benchmark statistics', () => {
  it('percentiles are nearest-rank over the sorted samples', () => {
    const s = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(s, 50)).toBe(50);
    expect(percentile(s, 90)).toBe(90);
    expect(percentile(s, 99)).toBe(99);
    expect(percentile(s, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarize sorts a copy and reports n, mean, p50, p90, p99 and max', () => {
    const samples = [5, 1, 4, 2, 3];
    const s = summarize(samples);
    expect(s).toEqual({ n: 5, mean: 3, p50: 3, p90: 5, p99: 5, max: 5 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
    // one slow outlier in 200 moves p99 only when it is more than 1 % of the samples
    const lat = [...Array.from({ length: 199 }, () => 10), 500];
    expect(summarize(lat)).toMatchObject({ p50: 10, p99: 10, max: 500 });
    expect(summarize([...lat, 500, 500])).toMatchObject({ p99: 500 });
  });

  it('median ignores non-finite values and averages the middle pair', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN, 1, Infinity, 3])).toBe(2);
    expect(median([])).toBeNaN();
    expect(
      medianSummary([
        { n: 1, mean: 1, p50: 1, p90: 1, p99: 10, max: 10 },
        { n: 3, mean: 3, p50: 3, p90: 3, p99: 30, max: 30 },
        { n: 2, mean: 2, p50: 2, p90: 2, p99: 20, max: 90 },
      ]),
    ).toEqual({ n: 2, mean: 2, p50: 2, p90: 2, p99: 20, max: 30 });
  });

  it('tailBursts groups slow samples by completion time: bursts of at least 8, each within 50 ms of the last', () => {
    const at = (end: number, latency = 80) => ({ end, latency });
    const samples = [
      ...Array.from({ length: 16 }, (_, i) => at(1000 + i * 3)), // 16 clients held up at once
      at(2000), // one slow command on its own
      ...Array.from({ length: 7 }, (_, i) => at(3000 + i * 10)), // 7: below the burst size
      ...Array.from({ length: 8 }, (_, i) => at(4000 + i * 60)), // 8, but 60 ms apart: no burst
      ...Array.from({ length: 50 }, (_, i) => at(5000 + i, 20)), // fast ones never count
      ...Array.from({ length: 8 }, (_, i) => at(6000 + i * 50)), // exactly 50 ms apart: one burst
    ];
    expect(tailBursts(samples)).toEqual({ slow: 40, inBursts: 24, bursts: 2 });
    expect(tailBursts([])).toEqual({ slow: 0, inBursts: 0, bursts: 0 });
    // unsorted input and another threshold
    expect(tailBursts([...samples].reverse(), 100)).toEqual({ slow: 0, inBursts: 0, bursts: 0 });
  });
});
