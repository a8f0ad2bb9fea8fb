/**
 * The battle map (作战图): the standard milestones and how a milestone stands against its planned date.
 * Pure: `today` is given (a Beijing date).
 */
export const STANDARD_MILESTONES = [
  { code: 'signing', name: '签约' },
  { code: 'landSupply', name: '供地' },
  { code: 'workStart', name: '开工' },
  { code: 'structureComplete', name: '主体完工' },
  { code: 'equipmentInstalled', name: '设备进场' },
  { code: 'production', name: '投产' },
  { code: 'completion', name: '竣工' },
] as const;

/** A milestone not reached within this many days of its planned date gets a warning (临近). */
export const MILESTONE_WARNING_DAYS = 7;

export type MilestoneStatus = 'done' | 'doneLate' | 'slipping' | 'warning' | 'onTrack';

export const MILESTONE_STATUS_LABELS: Record<MilestoneStatus, string> = {
  done: '已完成',
  doneLate: '滞后完成',
  slipping: '滞后',
  warning: '临近计划日期',
  onTrack: '按计划推进',
};

const dayNumber = (isoDate: string) =>
  Date.UTC(+isoDate.slice(0, 4), +isoDate.slice(5, 7) - 1, +isoDate.slice(8, 10)) / 86_400_000;

/** Where a milestone stands on `today`, and by how many days it is (or was) late. */
export function milestoneStatus(
  plannedOn: string,
  actualOn: string | null,
  today: string,
): { status: MilestoneStatus; daysLate: number } {
  const planned = dayNumber(plannedOn);
  if (actualOn) {
    const late = dayNumber(actualOn) - planned;
    return late > 0 ? { status: 'doneLate', daysLate: late } : { status: 'done', daysLate: 0 };
  }
  const now = dayNumber(today);
  if (now > planned) return { status: 'slipping', daysLate: now - planned };
  if (planned - now <= MILESTONE_WARNING_DAYS) return { status: 'warning', daysLate: 0 };
  return { status: 'onTrack', daysLate: 0 };
}

/** A real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The Beijing (CST, UTC+8) date of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
