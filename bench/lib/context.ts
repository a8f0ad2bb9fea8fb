import type { BenchDatabase } from './db';
import type { InProcessEngine } from './engine';

export interface BenchContext {
  quick: boolean;
  /** Record a CPU profile of the server under the throughput load. */
  profile: boolean;
  db: BenchDatabase;
  engine: InProcessEngine;
  logDir: string;
  log: (msg: string) => void;
}
