import fc from 'fast-check';
import type { DeadlineSpec } from '../contract';
import { CalendarYear, defaultCalendar, reminderAt, resolveDeadline, timerFireAt, timerStateAt } from './index';
import { addNaturalDays, cstDateOf, fromDayNumber, toDayNumber } from './dates';

const cal = defaultCalendar;

const spec = (over: Partial<DeadlineSpec> & Pick<DeadlineSpec, 'startedAt' | 'amount'>): DeadlineSpec => ({
  kind: 'promisedTimeLimit',
  label: '承诺时限',
  unit: 'workingDays',
  pauses: [],
  ...over,
});

/** Received Tue 2024-02-06 10:00 CST, 7 working days, across the 2024 Spring Festival. */
const springFestival = spec({ startedAt: '2024-02-06T02:00:00.000Z', amount: 7 });
/** Received Mon 2024-03-04 09:00 CST, 10 working days, no holidays nearby: due Mon 2024-03-18. */
const march = spec({ startedAt: '2024-03-04T01:00:00.000Z', amount: 10 });

describe('resolveDeadline: working days', () => {
  it('counts from the day after receipt and skips the Spring Festival, counting the make-up Sunday', () => {
    // day 0 Tue 02-06; Wed 07 (1), Thu 08 (2), Fri 09 (3), [10..17 off], Sun 18 make-up (4), Mon 19 (5), Tue 20 (6), Wed 21 (7)
    const r = resolveDeadline(cal, springFestival);
    expect(r).toMatchObject({
      kind: 'promisedTimeLimit',
      startDate: '2024-02-06',
      dueDate: '2024-02-21',
      dueAt: '2024-02-21T16:00:00.000Z', // 2024-02-22 00:00 CST
      // warning: floor(0.8 × 7) = 5 working days elapsed, i.e. from the end of Mon 02-19
      warnDate: '2024-02-19',
      warnAt: '2024-02-19T16:00:00.000Z',
      paused: false,
      pausedSince: null,
      extension: 0,
      uncoveredYears: [],
    });
  });

  it('lands on a 调休 Saturday (2026-10-10, National Day make-up)', () => {
    // day 0 Tue 2026-09-29; Wed 30 (1), [10-01..07 off], Thu 08 (2), Fri 09 (3), Sat 10 make-up (4)
    const r = resolveDeadline(cal, spec({ startedAt: '2026-09-29T01:00:00.000Z', amount: 4 }));
    expect(r.dueDate).toBe('2026-10-10');
    expect(r.dueAt).toBe('2026-10-10T16:00:00.000Z');
    // …and the 2026 Spring Festival as chinese-days has it: day 0 Thu 02-12; Fri 13 (1), Sat 14 make-up (2),
    // [02-15..23 off], Tue 24 (3), Wed 25 (4), Thu 26 (5)
    expect(resolveDeadline(cal, spec({ startedAt: '2026-02-12T01:00:00.000Z', amount: 5 })).dueDate).toBe('2026-02-26');
  });

  it('takes day 0 in China Standard Time, not UTC', () => {
    // 2024-02-08T17:00Z is Fri 02-09 01:00 CST (除夕, a working day): the next working day is Sun 02-18 (make-up)
    expect(resolveDeadline(cal, spec({ startedAt: '2024-02-08T17:00:00Z', amount: 1 })).dueDate).toBe('2024-02-18');
    // the same instant written with +08:00
    expect(resolveDeadline(cal, spec({ startedAt: '2024-02-09T01:00:00+08:00', amount: 1 })).dueDate).toBe(
      '2024-02-18',
    );
    // 2024-02-08T15:00Z is Thu 02-08 23:00 CST: the next working day is Fri 02-09
    expect(resolveDeadline(cal, spec({ startedAt: '2024-02-08T15:00:00Z', amount: 1 })).dueDate).toBe('2024-02-09');
  });

  it('amount 0 means the day of receipt, or the next working day when received on a day off', () => {
    expect(resolveDeadline(cal, spec({ startedAt: '2024-03-04T01:00:00Z', amount: 0 })).dueDate).toBe('2024-03-04');
    expect(resolveDeadline(cal, spec({ startedAt: '2024-03-02T01:00:00Z', amount: 0 })).dueDate).toBe('2024-03-04');
  });

  it('honours warningShare, rounding down to whole days so the warning precedes the due time', () => {
    const at = (warningShare: number) => resolveDeadline(cal, { ...springFestival, warningShare }).warnAt;
    expect(at(0.5)).toBe('2024-02-09T16:00:00.000Z'); // 3 days: end of Fri 02-09
    expect(at(0)).toBe('2024-02-06T16:00:00.000Z'); // from the end of the day of receipt
    expect(at(1)).toBe('2024-02-21T16:00:00.000Z'); // = dueAt
    // a 1-day limit warns for its whole single day
    expect(resolveDeadline(cal, spec({ startedAt: '2024-03-04T01:00:00Z', amount: 1 })).warnAt).toBe(
      '2024-03-04T16:00:00.000Z',
    );
  });

  it('flags a deadline that runs into a year without data (2027) and stops once an admin loads it', () => {
    // Mon 2026-12-28; Tue 29 (1), Wed 30 (2), Thu 31 (3), Fri 2027-01-01 (4, fallback: a weekday), Mon 01-04 (5)
    const s = spec({ startedAt: '2026-12-28T01:00:00.000Z', amount: 5 });
    expect(resolveDeadline(cal, s)).toMatchObject({ dueDate: '2027-01-04', uncoveredYears: [2027] });
    const y2027: CalendarYear = {
      year: 2027,
      holidays: [{ date: '2027-01-01', name: '元旦' }],
      workdays: [],
      source: 'admin',
    };
    expect(resolveDeadline(cal.withYear(y2027), s)).toMatchObject({ dueDate: '2027-01-05', uncoveredYears: [] });
    expect(resolveDeadline(cal, spec({ startedAt: '2027-03-01T01:00:00Z', amount: 5 })).uncoveredYears).toEqual([2027]);
    expect(resolveDeadline(cal, spec({ startedAt: '2026-12-01T01:00:00Z', amount: 5 })).uncoveredYears).toEqual([]);
  });
});

describe('resolveDeadline: pauses (特别程序)', () => {
  it('without pauses, the March example is due Mon 03-18', () => {
    expect(resolveDeadline(cal, march).dueDate).toBe('2024-03-18');
  });

  it('a closed pause extends by the working days it covered: its first day to the day before it ends', () => {
    // paused Wed 03-06 14:00 → Fri 03-08 10:00: Wed and Thu are off the clock, Fri counts again → +2
    const r = resolveDeadline(cal, {
      ...march,
      pauses: [{ from: '2024-03-06T06:00:00Z', to: '2024-03-08T02:00:00Z' }],
    });
    expect(r).toMatchObject({ dueDate: '2024-03-20', dueAt: '2024-03-20T16:00:00.000Z', extension: 2, paused: false });
  });

  it('counts only working days of the pause (make-up Sunday included, holidays not)', () => {
    // received Thu 2024-03-28, 5 days; unpaused: Fri 29 (1), Mon 04-01 (2), Tue 02 (3), Wed 03 (4), [04-04..06 清明], Sun 07 make-up (5)
    const base = spec({ startedAt: '2024-03-28T01:00:00Z', amount: 5 });
    expect(resolveDeadline(cal, base).dueDate).toBe('2024-04-07');
    // paused Tue 04-02 → Mon 04-08: working days Tue 02, Wed 03, Sun 07 → +3; Mon 08 (3), Tue 09 (4), Wed 10 (5)
    const r = resolveDeadline(cal, { ...base, pauses: [{ from: '2024-04-02T02:00:00Z', to: '2024-04-08T02:00:00Z' }] });
    expect(r).toMatchObject({ dueDate: '2024-04-10', extension: 3 });
  });

  it('a pause opened and closed on the same day costs nothing; overlapping pauses count once', () => {
    const sameDay = resolveDeadline(cal, {
      ...march,
      pauses: [{ from: '2024-03-06T02:00:00Z', to: '2024-03-06T08:00:00Z' }],
    });
    expect(sameDay).toMatchObject({ dueDate: '2024-03-18', extension: 0 });
    const overlapping = resolveDeadline(cal, {
      ...march,
      pauses: [
        { from: '2024-03-06T06:00:00Z', to: '2024-03-08T02:00:00Z' },
        { from: '2024-03-07T06:00:00Z', to: '2024-03-08T01:00:00Z' },
      ],
    });
    expect(overlapping).toMatchObject({ dueDate: '2024-03-20', extension: 2 });
  });

  it('a pause started on the last day gives that day back', () => {
    const s = { ...march, pauses: [{ from: '2024-03-18T02:00:00Z', to: '2024-03-19T02:00:00Z' }] };
    expect(resolveDeadline(cal, s)).toMatchObject({ dueDate: '2024-03-19', extension: 1 });
    expect(timerStateAt(cal, s, '2024-03-18T03:00:00Z')).toBe('paused');
    expect(timerStateAt(cal, s, '2024-03-19T03:00:00Z')).toBe('warning');
    expect(timerStateAt(cal, s, '2024-03-19T16:00:00Z')).toBe('overdue');
  });

  it('a pause started after the deadline passed changes nothing: the item stays overdue', () => {
    const s = { ...march, pauses: [{ from: '2024-03-19T02:00:00Z' }] };
    expect(resolveDeadline(cal, s)).toMatchObject({ dueDate: '2024-03-18', paused: false, pausedSince: null });
    expect(timerStateAt(cal, s, '2024-03-20T02:00:00Z')).toBe('overdue');
  });

  it('an open pause suspends the deadline: no due time, elapsed frozen, state paused', () => {
    const s = { ...march, pauses: [{ from: '2024-03-06T06:00:00Z' }] };
    const r = resolveDeadline(cal, s);
    expect(r).toMatchObject({
      dueDate: null,
      dueAt: null,
      warnAt: null, // 8 working days were not reached before the pause
      paused: true,
      pausedSince: '2024-03-06T06:00:00.000Z',
    });
    expect(r.elapsed('2024-05-01T00:00:00Z')).toBe(1); // only Tue 03-05 ran
    expect(r.remaining('2024-05-01T00:00:00Z')).toBe(9);
    expect(timerStateAt(cal, s, '2024-03-06T05:59:59Z')).toBe('normal');
    expect(timerStateAt(cal, s, '2024-03-06T06:00:00Z')).toBe('paused');
    expect(timerStateAt(cal, s, '2024-06-30T00:00:00Z')).toBe('paused');
    expect(reminderAt(cal, s, 1)).toEqual({ at: null, date: null, uncoveredYears: [] });
    expect(timerFireAt(cal, s, 'due')).toBeNull();
  });

  it('closing the open pause resumes the clock with the paused working days added', () => {
    // paused Wed 03-06 → Mon 03-11: Wed, Thu, Fri off the clock (+3): due Thu 03-21
    const r = resolveDeadline(cal, {
      ...march,
      pauses: [{ from: '2024-03-06T06:00:00Z', to: '2024-03-11T02:00:00Z' }],
    });
    expect(r).toMatchObject({ dueDate: '2024-03-21', extension: 3, paused: false });
  });
});

describe('resolveDeadline: natural days and months', () => {
  it('counts calendar days, holidays included; only the last day reads the calendar', () => {
    const r = resolveDeadline(cal, spec({ unit: 'naturalDays', startedAt: '2025-09-30T02:00:00Z', amount: 10 }));
    expect(r).toMatchObject({ dueDate: '2025-10-10', warnDate: '2025-10-08', extension: 0, uncoveredYears: [] });
    const paused = resolveDeadline(cal, {
      ...spec({ unit: 'naturalDays', startedAt: '2025-09-30T02:00:00Z', amount: 10 }),
      pauses: [{ from: '2025-10-02T00:00:00Z', to: '2025-10-05T00:00:00Z' }], // CST 10-02..10-04 off the clock
    });
    expect(paused).toMatchObject({ dueDate: '2025-10-13', extension: 3 });
    // the last day (2027-07-01) is in a year without data: flagged, as whether it is a rest day is provisional
    expect(
      resolveDeadline(cal, spec({ unit: 'naturalDays', startedAt: '2027-06-01T00:00:00Z', amount: 30 })).uncoveredYears,
    ).toEqual([2027]);
  });

  it('counts calendar months to the corresponding day, clamped to the month end (permit lapses after 3 months)', () => {
    const workStart = (startedAt: string) =>
      resolveDeadline(cal, { kind: 'workStart', label: '开工期限', startedAt, amount: 3, unit: 'months', pauses: [] });
    expect(workStart('2024-01-15T02:00:00Z')).toMatchObject({
      dueDate: '2024-04-15',
      dueAt: '2024-04-15T16:00:00.000Z',
    });
    // issued Wed 2024-01-31: the 31st does not exist in April → 04-30; warning after floor(0.8 × 90) = 72 days
    expect(workStart('2024-01-31T03:00:00Z')).toMatchObject({
      dueDate: '2024-04-30',
      dueAt: '2024-04-30T16:00:00.000Z',
      warnDate: '2024-04-12',
    });
    // 2024-01-31T16:30Z is already 02-01 00:30 CST: three months end on 05-01, 劳动节 (05-01..05-05 off) → 05-06
    expect(workStart('2024-01-31T16:30:00Z').dueDate).toBe('2024-05-06');
    expect(workStart('2024-11-30T02:00:00Z').dueDate).toBe('2025-02-28');
  });
});

describe('extensions (extendedBy): each counted from the rolled last day of the period before (建筑法 art. 9)', () => {
  const base: DeadlineSpec = {
    kind: 'workStart',
    label: '开工期限',
    startedAt: '2026-07-01T02:00:00Z',
    amount: 3,
    unit: 'months',
    pauses: [],
  };

  it('3 months from 2026-07-01 end on 10-08 (国庆节 rolled); an extension runs 3 months from 10-08, not from 07-01', () => {
    expect(resolveDeadline(cal, base).dueDate).toBe('2026-10-08');
    const once = resolveDeadline(cal, { ...base, extendedBy: [3] });
    expect(once).toMatchObject({ dueDate: '2027-01-08', dueAt: '2027-01-08T16:00:00.000Z' });
    // counted from the issue date it would have been 2027-01-01
    expect(resolveDeadline(cal, { ...base, amount: 6 }).dueDate).not.toBe(once.dueDate);
    expect(resolveDeadline(cal, { ...base, extendedBy: [3, 3] }).dueDate).toBe('2027-04-08');
  });

  it('the warning and the days left are shares of the whole limit, extensions included', () => {
    const once = resolveDeadline(cal, { ...base, extendedBy: [3] });
    // day 0 2026-07-01 → 2027-01-08: 191 counted days; floor(0.8 × 191) = 152 → 2026-11-30
    expect(once.warnDate).toBe('2026-11-30');
    expect(once.remaining('2027-01-08T02:00:00Z')).toBe(1);
    expect(timerFireAt(cal, { ...base, extendedBy: [3] }, 'due')).toBe('2027-01-08T16:00:00.000Z');
  });

  it('an empty list resolves as no extension; a malformed one is refused', () => {
    expect(resolveDeadline(cal, { ...base, extendedBy: [] })).toMatchObject({
      dueDate: '2026-10-08',
      warnDate: resolveDeadline(cal, base).warnDate,
    });
    expect(() => resolveDeadline(cal, { ...base, extendedBy: [-1] })).toThrow(RangeError);
  });
});

describe('民法典 art. 203: a natural-day or month period ending on a rest day', () => {
  const workStart = (startedAt: string) =>
    resolveDeadline(cal, { kind: 'workStart', label: '开工期限', startedAt, amount: 3, unit: 'months', pauses: [] });

  it('ends on the next working day after 国庆节 (3 months from 2026-07-01 → Thu 10-01 → Thu 10-08)', () => {
    expect(workStart('2026-07-01T02:00:00Z')).toMatchObject({
      dueDate: '2026-10-08',
      dueAt: '2026-10-08T16:00:00.000Z',
      uncoveredYears: [],
    });
    // the warning still counts calendar days: floor(0.8 × 92) = 73 days after day 0
    expect(workStart('2026-07-01T02:00:00Z').warnDate).toBe('2026-09-12');
  });

  it('a period ending on a weekend ends on Monday; one ending on a 调休 Saturday ends that Saturday', () => {
    // 10 natural days from Wed 2024-03-06 → Sat 03-16 (rest) → Mon 03-18
    expect(
      resolveDeadline(cal, spec({ unit: 'naturalDays', startedAt: '2024-03-06T02:00:00Z', amount: 10 })).dueDate,
    ).toBe('2024-03-18');
    // 2024-05-11 (Sat) is a 调休 working day: a period ending there ends there
    expect(
      resolveDeadline(cal, spec({ unit: 'naturalDays', startedAt: '2024-05-01T02:00:00Z', amount: 10 })).dueDate,
    ).toBe('2024-05-11');
  });

  it('a loaded year decides: 2027-10-01 (国庆节 once 2027 is loaded) rolls to the next working day', () => {
    const y2027: CalendarYear = {
      year: 2027,
      source: 'test arrangement',
      holidays: ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2027-10-${d}`, name: '国庆节' })),
      workdays: [{ date: '2027-10-09', name: '国庆节' }],
    };
    const withYear = cal.withYear(y2027);
    const r = resolveDeadline(withYear, {
      kind: 'workStart',
      label: '开工期限',
      startedAt: '2027-07-01T02:00:00Z',
      amount: 3,
      unit: 'months',
      pauses: [],
    });
    expect(r).toMatchObject({ dueDate: '2027-10-08', dueAt: '2027-10-08T16:00:00.000Z', uncoveredYears: [] });
    // without 2027's data, Fri 2027-10-01 is provisionally a working day, and flagged
    expect(workStart('2027-07-01T02:00:00Z')).toMatchObject({ dueDate: '2027-10-01', uncoveredYears: [2027] });
  });

  it('working-day periods are unchanged: they already end on a working day', () => {
    expect(resolveDeadline(cal, march).dueDate).toBe('2024-03-18');
  });
});

describe('elapsed, remaining, timerStateAt', () => {
  it('reports whole counted days before today, remaining including today, negative when overdue', () => {
    const r = resolveDeadline(cal, springFestival);
    expect(r.elapsed('2024-02-01T00:00:00Z')).toBe(0); // before the start
    expect(r.elapsed('2024-02-06T09:00:00Z')).toBe(0);
    expect(r.elapsed('2024-02-14T03:00:00Z')).toBe(3); // holiday: 07, 08, 09 done
    expect(r.elapsed('2024-02-19T03:00:00Z')).toBe(4); // Mon 02-19 11:00 CST: 07, 08, 09, 18 done
    expect(r.remaining('2024-02-19T03:00:00Z')).toBe(3); // 19, 20, 21
    expect(r.remaining('2024-02-21T16:00:00Z')).toBe(0); // the moment it is overdue
    expect(r.remaining('2024-02-26T02:00:00Z')).toBe(-2); // 22, 23 overdue
  });

  it('goes normal → warning → overdue at warnAt and dueAt', () => {
    const at = (now: string) => timerStateAt(cal, springFestival, now);
    expect(at('2024-02-06T02:00:00Z')).toBe('normal');
    expect(at('2024-02-19T15:59:59.999Z')).toBe('normal');
    expect(at('2024-02-19T16:00:00Z')).toBe('warning');
    expect(at('2024-02-21T15:59:59.999Z')).toBe('warning');
    expect(at('2024-02-21T16:00:00Z')).toBe('overdue');
  });

  it('is paused while a closed pause runs, then continues', () => {
    const s = { ...march, pauses: [{ from: '2024-03-06T06:00:00Z', to: '2024-03-08T02:00:00Z' }] };
    expect(timerStateAt(cal, s, '2024-03-06T05:00:00Z')).toBe('normal');
    expect(timerStateAt(cal, s, '2024-03-07T05:00:00Z')).toBe('paused');
    expect(timerStateAt(cal, s, '2024-03-08T02:00:00Z')).toBe('normal');
    expect(timerStateAt(cal, s, '2024-03-20T16:00:00Z')).toBe('overdue');
  });
});

describe('reminderAt and timerFireAt', () => {
  it('reminds at 00:00 CST of the working day N working days before the last day, never before the start', () => {
    // due Wed 2024-02-21
    expect(reminderAt(cal, springFestival, 0)).toEqual({
      at: '2024-02-20T16:00:00.000Z',
      date: '2024-02-21',
      uncoveredYears: [],
    });
    expect(reminderAt(cal, springFestival, 1)).toEqual({
      at: '2024-02-19T16:00:00.000Z',
      date: '2024-02-20',
      uncoveredYears: [],
    });
    expect(reminderAt(cal, springFestival, 3).date).toBe('2024-02-18'); // make-up Sunday
    expect(reminderAt(cal, springFestival, 4).date).toBe('2024-02-09'); // back over the holiday
    expect(reminderAt(cal, springFestival, 10).at).toBe('2024-02-06T02:00:00.000Z'); // clamped to startedAt
    expect(() => reminderAt(cal, springFestival, -1)).toThrow(RangeError);
  });

  it('resolves the `at` of a scheduleTimer effect', () => {
    expect(timerFireAt(cal, springFestival, 'due')).toBe('2024-02-21T16:00:00.000Z');
    expect(timerFireAt(cal, springFestival, 'warning')).toBe('2024-02-19T16:00:00.000Z');
    expect(timerFireAt(cal, springFestival, { reminderWorkingDaysBefore: 1 })).toBe('2024-02-19T16:00:00.000Z');
  });
});

describe('bad specs', () => {
  it('are refused with a RangeError', () => {
    expect(() => resolveDeadline(cal, { ...march, amount: -1 })).toThrow(RangeError);
    expect(() => resolveDeadline(cal, { ...march, amount: 2.5 })).toThrow(RangeError);
    expect(() => resolveDeadline(cal, { ...march, warningShare: 1.5 })).toThrow(RangeError);
    expect(() => resolveDeadline(cal, { ...march, unit: 'weeks' as never })).toThrow(RangeError);
    expect(() => resolveDeadline(cal, { ...march, startedAt: '2024-03-04T09:00:00' })).toThrow(RangeError);
    expect(() =>
      resolveDeadline(cal, { ...march, pauses: [{ from: '2024-03-08T02:00:00Z', to: '2024-03-06T02:00:00Z' }] }),
    ).toThrow(RangeError);
  });
});

describe('properties', () => {
  const instant = fc
    .record({
      day: fc.integer({ min: toDayNumber('2022-10-01'), max: toDayNumber('2027-06-30') }),
      ms: fc.integer({ min: 0, max: 86_399_999 }),
    })
    .map(({ day, ms }) => new Date(day * 86_400_000 + ms).toISOString());
  const amount = fc.integer({ min: 1, max: 120 });

  it('without pauses the due date is addWorkingDays(day 0, amount), and warnAt ≤ dueAt', () => {
    fc.assert(
      fc.property(instant, amount, (startedAt, n) => {
        const r = resolveDeadline(cal, spec({ startedAt, amount: n }));
        expect(r.dueDate).toBe(cal.addWorkingDays(cstDateOf(startedAt), n).date);
        expect(r.warnAt! <= r.dueAt!).toBe(true);
        expect(r.remaining(r.dueAt!)).toBe(0);
      }),
    );
  });

  it('a closed pause moves the due date by exactly the working days it took: between(day 0, due) = amount + extension', () => {
    fc.assert(
      fc.property(
        instant,
        amount,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 20 }),
        (startedAt, n, offset, length) => {
          const from = addNaturalDays(cstDateOf(startedAt), offset);
          const pauses = [{ from: `${from}T03:00:00+08:00`, to: `${addNaturalDays(from, length)}T03:00:00+08:00` }];
          const plain = resolveDeadline(cal, spec({ startedAt, amount: n }));
          const r = resolveDeadline(cal, spec({ startedAt, amount: n, pauses }));
          expect(cal.workingDaysBetween(r.startDate, r.dueDate!).days).toBe(n + r.extension);
          expect(r.dueDate! >= plain.dueDate!).toBe(true);
          expect(cal.isWorkingDay(r.dueDate!)).toBe(true);
        },
      ),
    );
  });

  it('the timer state never goes back from warning to normal or from overdue, without pauses', () => {
    const rank = { normal: 0, warning: 1, overdue: 2 } as Record<string, number>;
    fc.assert(
      fc.property(
        instant,
        amount,
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 2, maxLength: 6 }),
        (startedAt, n, days) => {
          const s = spec({ startedAt, amount: n });
          const start = toDayNumber(cstDateOf(startedAt));
          const states = [...days]
            .sort((a, b) => a - b)
            .map((d) => timerStateAt(cal, s, `${fromDayNumber(start + d)}T12:00:00+08:00`))
            .map((st) => rank[st]);
          expect(states).toEqual([...states].sort((a, b) => a - b));
        },
      ),
    );
  });
});

describe('elapsed: by ranges, as the day-by-day definition', () => {
  /**
   * The definition, one day at a time: unit days after day 0 and before today, less those paused up to the due date
   * (elapsed) or less every paused one (ran: government time only).
   */
  function elapsedByDay(s: DeadlineSpec, nowIso: string, everyPause = false): number {
    const r = resolveDeadline(cal, s);
    if (Date.parse(nowIso) < Date.parse(s.startedAt)) return 0;
    const start = toDayNumber(r.startDate);
    const today = toDayNumber(cstDateOf(nowIso));
    const due = r.dueDate === null ? null : toDayNumber(r.dueDate);
    const pausedOn = (d: number) =>
      (s.pauses ?? []).some((p) => {
        const from = toDayNumber(cstDateOf(p.from));
        return p.to === undefined || p.to === null ? d >= from : d >= from && d < toDayNumber(cstDateOf(p.to));
      });
    let n = 0;
    for (let d = start + 1; d < today; d += 1) {
      const unitDay = s.unit === 'workingDays' ? cal.isWorkingDay(fromDayNumber(d)) : true;
      if (unitDay && !((everyPause || due === null || d <= due) && pausedOn(d))) n += 1;
    }
    return n;
  }

  const at = (day: number, minutes: number) =>
    new Date(day * 86_400_000 + minutes * 60_000 - 8 * 3_600_000).toISOString();
  const pause = fc.record({
    from: fc.integer({ min: -3, max: 90 }),
    length: fc.integer({ min: 0, max: 40 }),
    minutes: fc.integer({ min: 0, max: 1439 }),
    open: fc.boolean(),
  });

  it('ran: a clock overdue and then paused counts no more days while the pause is open (elapsed still does)', () => {
    // march: 10 working days from Mon 2024-03-04, due Mon 03-18; paused from Wed 03-20 (overdue), still open.
    const s = { ...march, pauses: [{ from: '2024-03-20T01:00:00.000Z' }] };
    const r = resolveDeadline(cal, s);
    expect(r.dueDate).toBe('2024-03-18');
    const [before, later] = ['2024-03-21T02:00:00.000Z', '2024-03-29T02:00:00.000Z'];
    expect([r.ran(before), r.ran(later)]).toEqual([11, 11]); // 03-05 … 03-19: eleven working days ran
    expect(r.elapsed(later) - r.elapsed(before)).toBe(6); // 03-21 … 03-28 counted after the due date
  });

  it('working days in a range: the closed form equals counting them one by one, across covered and uncovered years', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber('2019-06-01'), max: toDayNumber('2028-06-30') }),
        fc.integer({ min: -30, max: 900 }),
        (a, span) => {
          const [lo, hi] = span < 0 ? [a + span, a] : [a, a + span];
          let oneByOne = 0;
          for (let d = lo + 1; d <= hi; d += 1) if (cal.isWorkingDay(fromDayNumber(d))) oneByOne += 1;
          const touched = new Set<number>();
          expect(cal.countWorkingDayNumbers(a, a + span, touched)).toBe(span < 0 ? -oneByOne : oneByOne);
          const years = new Set(
            Array.from({ length: hi - lo }, (_, k) => Number(fromDayNumber(lo + 1 + k).slice(0, 4))),
          );
          expect([...touched].sort()).toEqual([...years].sort());
        },
      ),
    );
  });

  it('equals the day-by-day count for any unit, overlapping and open pauses, before, during and after the due date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber('2023-01-01'), max: toDayNumber('2026-12-31') }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom('workingDays', 'naturalDays', 'months') as fc.Arbitrary<DeadlineSpec['unit']>,
        fc.array(pause, { maxLength: 4 }),
        fc.array(fc.integer({ min: -2, max: 400 }), { minLength: 1, maxLength: 5 }),
        (startDay, startMinutes, amount, unit, pauses, nows) => {
          const s = spec({
            startedAt: at(startDay, startMinutes),
            amount: unit === 'months' ? Math.min(amount, 6) : amount,
            unit,
            // a pause starts at or after the deadline starts
            pauses: pauses.map((p) => {
              const from = at(startDay + Math.max(0, p.from), p.from <= 0 ? startMinutes : p.minutes);
              return p.open ? { from } : { from, to: at(startDay + Math.max(0, p.from) + p.length, 1439) };
            }),
          });
          const r = resolveDeadline(cal, s);
          for (const d of nows) {
            const now = at(startDay + d, 600);
            expect([now, r.elapsed(now)]).toEqual([now, elapsedByDay(s, now)]);
            expect([now, r.ran(now)]).toEqual([now, elapsedByDay(s, now, true)]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
