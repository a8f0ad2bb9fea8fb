/** Percentiles and medians of latency samples (milliseconds). */
export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    n: s.length,
    mean,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? NaN,
  };
}

export function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median of each field over several summaries (repeats of one measurement). */
export function medianSummary(runs: Summary[]): Summary {
  const pick = (k: keyof Summary) => median(runs.map((r) => r[k]));
  return { n: pick('n'), mean: pick('mean'), p50: pick('p50'), p90: pick('p90'), p99: pick('p99'), max: pick('max') };
}

export const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');
export const ms = (x: number): string => `${fmt(x, x < 10 ? 2 : 1)} ms`;

/** How the slow samples of a closed-loop run are spread in time (TailBursts). */
export interface TailBursts {
  /** Samples slower than the threshold. */
  slow: number;
  /** Of those, the ones that finished in a burst: at least `minBurst` slow ones, each within `gapMs` of the last. */
  inBursts: number;
  /** Such bursts. */
  bursts: number;
}

/**
 * The slow samples (latency > thresholdMs) grouped by when they finished: a burst is a run of slow completions
 * each within gapMs of the one before. With 16 clients, a burst of 8 or more is most of the clients held up by
 * one pause at once (the server, PostgreSQL or the machine), not commands slow on their own.
 */
/** What counts as slow and as a burst (tailBursts' defaults; the reports say it in words). */
export const BURST = { thresholdMs: 50, gapMs: 50, minBurst: 8 } as const;

export function tailBursts(
  samples: { end: number; latency: number }[],
  thresholdMs: number = BURST.thresholdMs,
  gapMs: number = BURST.gapMs,
  minBurst: number = BURST.minBurst,
): TailBursts {
  const ends = samples
    .filter((s) => s.latency > thresholdMs)
    .map((s) => s.end)
    .sort((a, b) => a - b);
  let inBursts = 0;
  let bursts = 0;
  let run = 0;
  const close = () => {
    if (run >= minBurst) {
      inBursts += run;
      bursts++;
    }
  };
  for (let i = 0; i < ends.length; i++) {
    if (i > 0 && ends[i] - ends[i - 1] > gapMs) {
      close();
      run = 0;
    }
    run++;
  }
  close();
  return { slow: ends.length, inBursts, bursts };
}
