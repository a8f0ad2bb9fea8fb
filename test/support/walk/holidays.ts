import type { WalkContext } from './context';

const DAY = 86_400_000;
/** The CST calendar date (YYYY-MM-DD) of an instant. */
const cstDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * How many days the demo clock moves to land beside the next holiday or 调休 working day of the loaded calendar
 * years (the day before, the day itself or the day after), so that deadlines run over 节假日 and 调休; null when no
 * such day lies ahead within the clock's reach (400 days).
 */
export async function daysToHolidayEdge(w: WalkContext, now: string): Promise<number | null> {
  const years: { year: number }[] = (
    await w.call('admin', 'GET calendar years', w.as('admin').get('/api/calendar/years'))
  ).body;
  const today = cstDate(Date.parse(now));
  const edges: string[] = [];
  for (const { year } of Array.isArray(years) ? years : []) {
    if (year < Number(today.slice(0, 4))) continue;
    const res = await w.call('admin', `GET calendar ${year}`, w.as('admin').get(`/api/calendar/years/${year}`));
    const days: { date: string }[] = [...(res.body.holidays ?? []), ...(res.body.workdays ?? [])];
    edges.push(...days.map((d) => d.date).filter((d) => d > today));
  }
  if (!edges.length) return null;
  // The nearest few, so that walks meet the coming holidays rather than next year's.
  const target = w.rng.pick(edges.sort().slice(0, 12));
  const days = Math.round((Date.parse(`${target}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY);
  const landing = days + w.rng.int(-1, 1);
  return landing >= 1 && landing <= 400 ? landing : null;
}
