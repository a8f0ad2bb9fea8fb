/**
 * Pure date arithmetic on the China Standard Time calendar (UTC+8, no DST).
 *
 * Calendar dates are 'YYYY-MM-DD' strings; internally they are day numbers (days since 1970-01-01).
 * Instants are ISO 8601 strings with an explicit offset ('Z' or '±hh:mm'); a string without an offset is
 * refused, because reading it as local time would make the result depend on the machine's time zone.
 * No clock, no host time zone: every conversion is arithmetic.
 */

/** A calendar date 'YYYY-MM-DD' (a CST date when it comes from an instant). */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
/** China Standard Time is UTC+8 all year. */
export const CST_OFFSET_MS = 8 * 3_600_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The inverse of daysFromCivil. */
export function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** True for a well-formed, existing date 'YYYY-MM-DD'. */
export function isValidIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** 'YYYY-MM-DD' → day number; throws RangeError on a malformed or non-existent date. */
export function toDayNumber(date: IsoDate): number {
  if (!isValidIsoDate(date)) throw new RangeError(`not a valid date 'YYYY-MM-DD': ${JSON.stringify(date)}`);
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** Day number → 'YYYY-MM-DD'. */
export function fromDayNumber(dayNumber: number): IsoDate {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The year of a day number. */
export function yearOfDay(dayNumber: number): number {
  return civilFromDays(dayNumber).year;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function isWeekendDay(dayNumber: number): boolean {
  const wd = weekdayOfDay(dayNumber);
  return wd === 0 || wd === 6;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  return weekdayOfDay(toDayNumber(date));
}

/** Digit value of iso[i], or NaN. */
function digitAt(iso: string, i: number): number {
  const d = iso.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

const CANONICAL_SEPARATORS: [number, number][] = [
  [4, 45], // -
  [7, 45], // -
  [10, 84], // T
  [13, 58], // :
  [16, 58], // :
  [19, 46], // .
  [23, 90], // Z
];

/** An instant's fields, checked (RangeError naming the instant), as epoch milliseconds. */
function epochMsOfFields(
  iso: string,
  [year, month, day, hour, minute, second, ms]: number[],
  offsetMs: number,
): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`not a valid date in instant: ${JSON.stringify(iso)}`);
  }
  // 24:00 is not accepted; 60 seconds (leap second) is not representable either.
  if (hour > 23 || minute > 59 || second > 59)
    throw new RangeError(`not a valid time in instant: ${JSON.stringify(iso)}`);
  return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offsetMs;
}

/** Fields of the canonical form [year, month, day, hour, minute, second, ms]: where they start, how long. */
const CANONICAL_FIELDS: [number, number][] = [
  [0, 4],
  [5, 2],
  [8, 2],
  [11, 2],
  [14, 2],
  [17, 2],
  [20, 3],
];

/**
 * The form every instant the engine writes has ('2026-03-02T01:30:00.000Z', Date#toISOString), read without a
 * regular expression: deadlines read the instants of every pause on each resolution. Null for any other form
 * (the general parser decides); an invalid date or time in this form throws as there.
 */
function canonicalInstantMs(iso: string): number | null {
  for (const [i, code] of CANONICAL_SEPARATORS) if (iso.charCodeAt(i) !== code) return null;
  const fields = CANONICAL_FIELDS.map(([from, len]) => {
    let v = 0;
    for (let i = from; i < from + len; i++) v = v * 10 + digitAt(iso, i);
    return v;
  });
  // a non-digit (NaN): not this form
  return fields.every((f) => f >= 0) ? epochMsOfFields(iso, fields, 0) : null;
}

/**
 * Milliseconds since the epoch of an ISO 8601 instant with an explicit offset. Throws RangeError on anything
 * else (in particular on a date-time without 'Z' or an offset).
 */
export function instantToEpochMs(iso: string): number {
  const canonical = typeof iso === 'string' && iso.length === 24 ? canonicalInstantMs(iso) : null;
  if (canonical !== null) return canonical;
  const m = typeof iso === 'string' ? INSTANT_RE.exec(iso) : null;
  if (!m) throw new RangeError(`not an ISO 8601 instant with an offset: ${JSON.stringify(iso)}`);
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-6);
  let offsetMs = 0;
  const zone = m[8];
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) throw new RangeError(`not a valid offset in instant: ${JSON.stringify(iso)}`);
    offsetMs = sign * (oh * 3_600_000 + om * 60_000);
  }
  return epochMsOfFields(iso, [year, month, day, hour, minute, second, ms], offsetMs);
}

/** Epoch milliseconds → canonical ISO instant in UTC, e.g. '2026-03-02T16:00:00.000Z'. */
export function epochMsToInstant(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite time: ${ms}`);
  const dayNumber = Math.floor(ms / MS_PER_DAY);
  let rest = ms - dayNumber * MS_PER_DAY;
  const hh = Math.floor(rest / 3_600_000);
  rest -= hh * 3_600_000;
  const mm = Math.floor(rest / 60_000);
  rest -= mm * 60_000;
  const ss = Math.floor(rest / 1000);
  const mss = Math.round(rest - ss * 1000);
  return `${fromDayNumber(dayNumber)}T${pad(hh)}:${pad(mm)}:${pad(ss)}.${pad(mss, 3)}Z`;
}

/** Canonical form (UTC, milliseconds) of an ISO instant. */
export function normalizeInstant(iso: string): string {
  return epochMsToInstant(instantToEpochMs(iso));
}

/** The CST day number an instant falls on. */
export function cstDayNumberOf(iso: string): number {
  return Math.floor((instantToEpochMs(iso) + CST_OFFSET_MS) / MS_PER_DAY);
}

/** The CST calendar date ('YYYY-MM-DD') an instant falls on. */
export function cstDateOf(iso: string): IsoDate {
  return fromDayNumber(cstDayNumberOf(iso));
}

/** Epoch ms of 00:00 CST on a day number. */
export function cstStartOfDayMs(dayNumber: number): number {
  return dayNumber * MS_PER_DAY - CST_OFFSET_MS;
}

/** The instant (UTC ISO) of 00:00 CST on a date, e.g. '2026-03-02' → '2026-03-01T16:00:00.000Z'. */
export function cstStartOfDay(date: IsoDate): string {
  return epochMsToInstant(cstStartOfDayMs(toDayNumber(date)));
}

/** date + n calendar days (n may be negative). */
export function addNaturalDays(date: IsoDate, n: number): IsoDate {
  assertInteger(n, 'n');
  return fromDayNumber(toDayNumber(date) + n);
}

/** Calendar days from a to b (b − a). */
export function naturalDaysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/**
 * date + n calendar months: the same day of the month, clamped to the end of a shorter month
 * ('2024-01-31' + 1 → '2024-02-29'; '2023-01-31' + 1 → '2023-02-28'). n may be negative.
 */
export function addMonths(date: IsoDate, n: number): IsoDate {
  assertInteger(n, 'n');
  const dn = toDayNumber(date);
  const { year, month, day } = civilFromDays(dn);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const mo = index - y * 12 + 1;
  return fromDayNumber(daysFromCivil(y, mo, Math.min(day, daysInMonth(y, mo))));
}

export function assertInteger(n: number, name: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} must be an integer, got ${n}`);
}
