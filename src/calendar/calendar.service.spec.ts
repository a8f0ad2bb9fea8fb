import { defaultCalendar } from '../../workflows/calendar';
import { calendarSignature, movedSince } from './calendar.service';

const year2027 = {
  year: 2027,
  holidays: [{ date: '2027-02-05', name: '春节' }],
  workdays: [{ date: '2027-02-13', name: '春节' }],
  source: 'test',
};

describe('which stored deadline instants a new calendar can move', () => {
  it('a loaded year: from 60 days before its start (CST); its names and source alone move nothing', () => {
    const loaded = defaultCalendar.withYear(year2027);
    expect(movedSince(defaultCalendar, loaded)).toBe('2026-11-01T16:00:00.000Z');
    expect(calendarSignature(loaded)).not.toBe(calendarSignature(defaultCalendar));
    const renamed = loaded.withYear({
      ...year2027,
      holidays: [{ date: '2027-02-05', name: '春节假期' }],
      source: 'another notice',
    });
    expect(movedSince(loaded, renamed)).toBeNull();
    expect(calendarSignature(renamed)).toBe(calendarSignature(loaded));
    // a shipped year changed: from its start
    const y2025 = defaultCalendar.calendarYears().find((y) => y.year === 2025)!;
    const changed2025 = loaded.withYear({ ...y2025, holidays: y2025.holidays.slice(1) });
    expect(movedSince(loaded, changed2025)).toBe('2024-11-01T16:00:00.000Z');
  });
});
