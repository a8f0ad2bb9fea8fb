import { readdirSync, readFileSync } from 'node:fs';

/** Linux /proc readings: CPU seconds and resident memory of processes (0 / null elsewhere). */
const TICKS = 100;

function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces: fields start after the last ')'
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) of a process; with `children`, also of its waited-for children. */
export function cpuSeconds(pid: number, children = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  // after ')': [0]=state [1]=ppid ... [11]=utime [12]=stime [13]=cutime [14]=cstime
  const own = Number(f[11]) + Number(f[12]);
  return (own + (children ? Number(f[13]) + Number(f[14]) : 0)) / TICKS;
}

/**
 * CPU seconds of a PostgreSQL server: the postmaster, its exited children and its live backends. A backend the
 * postmaster reaps while its children are listed would count in neither (pgbench's backends all exit at its
 * end, and a round's PostgreSQL figure once came out far too low), so the listing is repeated until the
 * postmaster's own figure is the same before and after it.
 */
export function postgresCpuSeconds(postmaster: number | null): number {
  if (!postmaster) return 0;
  let total = 0;
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = cpuSeconds(postmaster, true);
    total = before;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const f = statFields(Number(entry));
      if (f && Number(f[1]) === postmaster) total += cpuSeconds(Number(entry));
    }
    if (cpuSeconds(postmaster, true) === before) break;
  }
  return total;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export const rssMb = (pid: number): number | null => {
  const kb = statusKb(pid, 'VmRSS');
  return kb === null ? null : kb / 1024;
};
/** Peak resident set size since the process started (the kernel's high-water mark). */
export const peakRssMb = (pid: number): number | null => {
  const kb = statusKb(pid, 'VmHWM');
  return kb === null ? null : kb / 1024;
};
