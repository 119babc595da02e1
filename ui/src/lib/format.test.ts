import { describe, expect, it } from 'vitest';
import {
  addDays, describeSchedule, parseDate, parseOptionalDate, parseTime, parseWholeNumber, showDate, showDateWithDay,
} from './format';

describe('showDate', () => {
  it('shows ISO dates as dd/mm/yyyy', () => {
    expect(showDate('2026-11-16')).toBe('16/11/2026');
    expect(showDate('2024-02-29')).toBe('29/02/2024');
  });
  it('shows nothing for no date', () => {
    expect(showDate(null)).toBe('');
    expect(showDate(undefined)).toBe('');
    expect(showDate('')).toBe('');
  });
  it('adds the day name', () => {
    expect(showDateWithDay('2026-11-16')).toBe('Monday 16/11/2026');
  });
});

describe('parseDate', () => {
  const ok = (typed: string) => {
    const r = parseDate('date of birth', typed);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  const err = (typed: string) => {
    const r = parseDate('date of birth', typed);
    if (r.ok) throw new Error(`accepted ${typed} as ${r.value}`);
    return r.error;
  };

  it('reads dd/mm/yyyy, d/m/yyyy and yyyy-mm-dd', () => {
    expect(ok('16/11/2026')).toBe('2026-11-16');
    expect(ok('2/3/1990')).toBe('1990-03-02');
    expect(ok(' 1990-03-02 ')).toBe('1990-03-02');
    expect(ok('02.03.1990')).toBe('1990-03-02');
    expect(ok('2-3-1990')).toBe('1990-03-02');
  });

  it('knows 29 February only in leap years', () => {
    expect(ok('29/02/2024')).toBe('2024-02-29');
    expect(ok('29/02/2000')).toBe('2000-02-29');
    expect(err('29/02/2025')).toBe('date of birth: 29/02/2025 is not a real date');
    expect(err('29/02/1900')).toMatch(/not a real date/);
    expect(err('2023-02-29')).toMatch(/29\/02\/2023 is not a real date/);
  });

  it('refuses 31 April and other days that do not exist', () => {
    expect(err('31/04/2026')).toBe('date of birth: 31/04/2026 is not a real date');
    expect(err('00/01/2026')).toMatch(/not a real date/);
    expect(err('32/01/2026')).toMatch(/not a real date/);
    expect(err('15/13/2026')).toMatch(/^date of birth: .*no month 13/);
  });

  it('names the field when the entry is empty or not a date', () => {
    expect(err('')).toMatch(/^date of birth: enter a date/);
    expect(err('   ')).toMatch(/^date of birth: enter a date/);
    expect(err('next Tuesday')).toMatch(/^date of birth: 'next Tuesday' is not a date/);
    expect(err('16/11/26')).toMatch(/is not a date/);
  });

  it('treats an empty optional date as no date', () => {
    expect(parseOptionalDate('expected liberation', '')).toEqual({ ok: true, value: null });
    expect(parseOptionalDate('expected liberation', '31/04/2027')).toEqual({
      ok: false, error: 'expected liberation: 31/04/2027 is not a real date',
    });
  });
});

describe('times, numbers, schedules', () => {
  it('reads times', () => {
    expect(parseTime('start time', '9:30')).toEqual({ ok: true, value: '09:30' });
    expect(parseTime('start time', '1400')).toEqual({ ok: true, value: '14:00' });
    expect(parseTime('start time', '24:00').ok).toBe(false);
    expect(parseTime('start time', '').ok).toBe(false);
  });
  it('reads whole numbers', () => {
    expect(parseWholeNumber('duration', '90', 1)).toEqual({ ok: true, value: 90 });
    expect(parseWholeNumber('duration', '0', 1).ok).toBe(false);
    expect(parseWholeNumber('duration', '1.5').ok).toBe(false);
  });
  it('describes schedules', () => {
    expect(describeSchedule({ weekday: 'mon', every_weeks: 1 }, '14:00')).toBe('Every Monday 14:00');
    expect(describeSchedule({ weekday: 'thu', every_weeks: 2 }, '18:30')).toBe('Every 2 weeks, Thursday 18:30');
    expect(describeSchedule(null, '10:00')).toBe('No regular schedule');
  });
  it('adds days across months and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
