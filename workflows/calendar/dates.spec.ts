import {
  addMonths,
  addNaturalDays,
  civilFromDays,
  cstDateOf,
  cstStartOfDay,
  daysFromCivil,
  epochMsToInstant,
  instantToEpochMs,
  isValidIsoDate,
  naturalDaysBetween,
  normalizeInstant,
  weekdayOf,
} from './dates';
import fc from 'fast-check';

describe('dates: CST arithmetic without the host clock or time zone', () => {
  it('maps instants to China Standard Time dates (UTC+8)', () => {
    expect(cstDateOf('2024-02-09T15:59:59.999Z')).toBe('2024-02-09');
    expect(cstDateOf('2024-02-09T16:00:00.000Z')).toBe('2024-02-10');
    expect(cstDateOf('2024-02-10T00:00:00+08:00')).toBe('2024-02-10');
    expect(cstDateOf('2024-02-09T23:59:59+08:00')).toBe('2024-02-09');
    expect(cstDateOf('2024-02-09T12:00:00-05:00')).toBe('2024-02-10'); // 17:00Z = 01:00 CST
    expect(cstDateOf('2023-12-31T16:00Z')).toBe('2024-01-01');
  });

  it('gives 00:00 CST of a date as a UTC instant', () => {
    expect(cstStartOfDay('2026-03-02')).toBe('2026-03-01T16:00:00.000Z');
    expect(cstStartOfDay('2024-01-01')).toBe('2023-12-31T16:00:00.000Z');
  });

  it('refuses instants without an offset and malformed dates', () => {
    expect(() => instantToEpochMs('2024-02-10T10:00:00')).toThrow(RangeError);
    expect(() => instantToEpochMs('2024-02-30T10:00:00Z')).toThrow(RangeError);
    expect(() => instantToEpochMs('yesterday')).toThrow(RangeError);
    expect(() => addNaturalDays('2023-02-29', 1)).toThrow(RangeError);
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2100-02-29')).toBe(false);
    expect(isValidIsoDate('2024-2-1')).toBe(false);
  });

  it('normalizes instants like Date does, for any offset', () => {
    expect(normalizeInstant('2026-03-02T09:30:00+08:00')).toBe('2026-03-02T01:30:00.000Z');
    expect(normalizeInstant('2026-03-02T09:30:00.5+0530')).toBe('2026-03-02T04:00:00.500Z');
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000_000, max: 5_000_000_000_000 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(instantToEpochMs(iso)).toBe(ms);
        expect(epochMsToInstant(ms)).toBe(iso);
      }),
    );
  });

  it('reads the canonical form (toISOString) as the general parser does, and refuses the same bad ones', () => {
    // The general parser's answer: the same instant with an explicit +00:00 offset skips the fast path.
    const general = (iso: string) => instantToEpochMs(iso.replace(/Z$/, '+00:00'));
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000_000, max: 5_000_000_000_000 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(instantToEpochMs(iso)).toBe(general(iso));
      }),
    );
    for (const bad of [
      '2023-02-29T10:00:00.000Z',
      '2024-13-01T10:00:00.000Z',
      '2024-00-01T10:00:00.000Z',
      '2024-04-31T10:00:00.000Z',
      '2024-04-00T10:00:00.000Z',
      '2024-04-01T24:00:00.000Z',
      '2024-04-01T10:60:00.000Z',
      '2024-04-01T10:00:60.000Z',
      '2024-04-01T1a:00:00.000Z',
      '2024-04-01T10:00:00.0-0Z',
      '2024-04-01 10:00:00.000Z',
    ]) {
      expect(() => instantToEpochMs(bad)).toThrow(RangeError);
    }
    // Other forms of 24 characters still go to the general parser.
    expect(instantToEpochMs('2026-03-02T09:30:00+08:00')).toBe(Date.UTC(2026, 2, 2, 1, 30));
    expect(instantToEpochMs('2026-03-02T01:30:00.000z')).toBe(Date.UTC(2026, 2, 2, 1, 30));
  });

  it('round-trips day numbers and knows weekdays', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(civilFromDays(daysFromCivil(2024, 2, 29))).toEqual({ year: 2024, month: 2, day: 29 });
    expect(weekdayOf('2024-02-04')).toBe(0); // Sunday
    expect(weekdayOf('2025-10-11')).toBe(6); // Saturday
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (dn) => {
        const { year, month, day } = civilFromDays(dn);
        expect(daysFromCivil(year, month, day)).toBe(dn);
        expect(new Date(dn * 86_400_000).toISOString().slice(0, 10)).toBe(
          `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        );
      }),
    );
  });

  it('adds natural days across month and year ends', () => {
    expect(addNaturalDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addNaturalDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addNaturalDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(naturalDaysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('adds calendar months, clamped to the end of a shorter month', () => {
    expect(addMonths('2024-01-15', 3)).toBe('2024-04-15');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-08-31', 1)).toBe('2024-09-30');
    expect(addMonths('2024-11-30', 3)).toBe('2025-02-28');
    expect(addMonths('2024-12-15', 1)).toBe('2025-01-15');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-05-31', -12)).toBe('2023-05-31');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 0)).toBe('2024-02-29');
    expect(() => addMonths('2024-02-29', 1.5)).toThrow(RangeError);
  });
});
