import { describe, expect, it } from 'vitest';
import {
  actionLabels, describeBackup, newPasswordProblem, roleLabels,
  showMegabytes, signedInAs, serviceKindLabels, referralStatusLabels, meetingKindLabels,
} from './format';
import {
  absenceCauseLabels, absenceReasonCause, absenceReasonLabels, addDays, addMonths, awardKindLabels, cancellationReasonLabels,
  leavingReasonLabels, monthLabel, monthOf, recentMonths, weekCommencing, completionStatusLabels, describeDiffers, describePrinted, describePrints, folderOf, describeSchedule, listInWords, parseDate, parseOptionalDate, parseTime, parseWholeNumber, showDate, showDateWithDay,
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

describe('certificates', () => {
  it('names award kinds in British English', () => {
    expect(awardKindLabels).toEqual({
      recovery_college: 'Recovery College graduation',
      programme_completion: 'Programme completion',
      svq: 'SVQ',
      custom: 'Other award',
    });
  });
  it('names completion statuses', () => {
    expect(completionStatusLabels.completed).toBe('Completed');
    expect(completionStatusLabels.on_track).toBe('On track');
    expect(completionStatusLabels.cannot_complete).toBe('Can no longer complete');
  });
  it('lists in words', () => {
    expect(listInWords([])).toBe('');
    expect(listInWords(['name'])).toBe('name');
    expect(listInWords(['name', 'date'])).toBe('name and date');
    expect(listInWords(['verification code', 'name', 'date'])).toBe('verification code, name and date');
  });
  it('says what an altered certificate got wrong', () => {
    expect(describeDiffers(['name'])).toBe('the name does not match the record');
    expect(describeDiffers(['verification code', 'date'])).toBe('the verification code and date do not match the record');
    expect(describeDiffers(['record'])).toBe('the record itself was changed after the certificate was issued');
    expect(describeDiffers(['name', 'record'])).toBe(
      'the name does not match the record, and the record itself was changed after the certificate was issued',
    );
    expect(describeDiffers([])).toBe('the certificate does not match the record');
  });
  it('counts prints', () => {
    expect(describePrints(0)).toBe('Not printed yet');
    expect(describePrints(1)).toBe('Printed once');
    expect(describePrints(3)).toBe('Printed 3 times');
  });
  it('finds the folder of a file', () => {
    expect(folderOf('/home/anna/Documents/Certificates.pdf')).toBe('/home/anna/Documents');
    expect(folderOf('C:\\Users\\anna\\Documents\\a.pdf')).toBe('C:\\Users\\anna\\Documents');
    expect(folderOf('a.pdf')).toBe('a.pdf');
  });
  it('says what a print wrote', () => {
    expect(describePrinted({ certificates: 13, files: ['/docs/Certificates – Cohort 2.pdf'], bytes: 1 })).toBe(
      '13 certificates saved to /docs/Certificates – Cohort 2.pdf and opened in your PDF viewer.',
    );
    expect(describePrinted({ certificates: 1, files: ['/docs/a.pdf'], bytes: 1 })).toBe(
      '1 certificate saved to /docs/a.pdf and opened in your PDF viewer.',
    );
    expect(describePrinted({ certificates: 2, files: ['/docs/c/a.pdf', '/docs/c/b.pdf'], bytes: 1 })).toBe(
      '2 certificates: 2 files saved in /docs/c, one per person, and the folder opened.',
    );
  });
});

describe('months and the monthly report', () => {
  it('names months in full', () => {
    expect(monthLabel('2026-10')).toBe('October 2026');
    expect(monthLabel('2027-01')).toBe('January 2027');
    expect(monthLabel('2026-13')).toBe('2026-13');
    expect(monthLabel('soon')).toBe('soon');
  });
  it('moves between months across years', () => {
    expect(monthOf('2026-11-16')).toBe('2026-11');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-10', -24)).toBe('2024-10');
    expect(addMonths('2026-10', 0)).toBe('2026-10');
  });
  it('lists whole months before today, newest first', () => {
    const months = recentMonths('2026-01-31', 24);
    expect(months).toHaveLength(24);
    expect(months[0]).toEqual({ value: '2025-12', label: 'December 2025' });
    expect(months[1]).toEqual({ value: '2025-11', label: 'November 2025' });
    expect(months[23]).toEqual({ value: '2024-01', label: 'January 2024' });
    expect(recentMonths('2026-11-01', 1)).toEqual([{ value: '2026-10', label: 'October 2026' }]);
  });
  it('names weeks by their first day', () => {
    expect(weekCommencing('2026-10-05')).toBe('w/c 05/10');
    expect(weekCommencing('2026-09-28')).toBe('w/c 28/09');
  });
  it('names every cancellation reason', () => {
    expect(cancellationReasonLabels).toEqual({
      lockdown: 'Lockdown',
      staff_shortage: 'Staff shortage',
      facilitator_not_cleared: 'Facilitator not cleared',
      room_unavailable: 'Room unavailable',
      other: 'Other',
    });
  });
  it('names every leaving reason', () => {
    expect(leavingReasonLabels).toEqual({
      completed: 'Completed',
      liberated: 'Liberated',
      transferred: 'Transferred',
      withdrew: 'Withdrew',
      removed: 'Removed',
      other: 'Other',
    });
  });
  it('names every absence reason and who caused it', () => {
    expect(Object.keys(absenceReasonLabels).sort()).toEqual(Object.keys(absenceReasonCause).sort());
    expect(Object.keys(absenceReasonLabels)).toHaveLength(14);
    expect(absenceReasonLabels.visit).toBe('Family or social visit');
    expect(absenceReasonLabels.healthcare).toBe('Healthcare appointment');
    expect(absenceReasonLabels.not_unlocked).toBe('Not unlocked');
    expect(absenceReasonCause.not_unlocked).toBe('regime');
    expect(absenceReasonCause.court).toBe('appointment');
    expect(absenceReasonCause.refused).toBe('person');
    expect(absenceCauseLabels).toEqual({ person: 'The person', regime: 'The regime', appointment: 'Another appointment' });
  });
});

describe('accounts, the audit trail and backups', () => {
  it('says who is logged in', () => {
    expect(signedInAs({ display_name: 'Alison Grant', role: 'administrator' })).toBe('Alison Grant (administrator)');
    expect(roleLabels.viewer).toBe('Viewer');
  });

  it('has words for every action', () => {
    expect(actionLabels.log_in_failed).toBe('Failed log-in');
    expect(Object.values(actionLabels).every((w) => w.length > 0)).toBe(true);
    expect(actionLabels.renew_clearance).toBe('Renewed a clearance');
    expect(actionLabels.refer).toBe('Made a referral');
    expect(actionLabels.print_passport).toBe('Printed a recovery passport');
    expect(actionLabels.export_person_record).toBe("Exported a person's full record");
    expect(actionLabels.erase_records).toBe('Erased records past the retention period');
    expect(actionLabels.repair_audit_trail).toBe("Found the audit trail's protection removed, and put it back");
    expect(actionLabels.change_database_key).toBe('Changed the database key');
    expect(actionLabels.add_drop_in).toBe('Added a drop-in to a register');
    expect(actionLabels.record_held_uncleared).toBe('Recorded a session held without a cleared facilitator');
    expect(actionLabels.print_unlock_lists).toBe('Printed unlock lists');
    expect(actionLabels.add_event).toBe('Added an event');
    expect(Object.keys(actionLabels)).toHaveLength(84);
  });

  it('names services, referral steps and meetings in British English', () => {
    expect(serviceKindLabels.recovery_cafe).toBe('Recovery café');
    expect(serviceKindLabels.lived_experience).toBe('Lived-experience recovery organisation');
    expect(Object.keys(serviceKindLabels)).toHaveLength(6);
    expect(referralStatusLabels.referred).toBe('Referred');
    expect(referralStatusLabels.first_contact).toBe('First contact');
    expect(Object.keys(referralStatusLabels)).toHaveLength(6);
    expect(meetingKindLabels.home_leave).toBe('On home leave');
    expect(Object.keys(meetingKindLabels)).toHaveLength(3);
  });

  it('shows sizes in megabytes', () => {
    expect(showMegabytes(12_345_678)).toBe('12.3 MB');
    expect(showMegabytes(40_000)).toBe('0.0 MB');
    expect(describeBackup({ path: '/media/usb/Recovery Register backup 2026-11-16 0930.db', bytes: 5_250_000 })).toBe(
      'Backed up and checked: /media/usb/Recovery Register backup 2026-11-16 0930.db (5.3 MB)',
    );
  });

  it('checks a new password typed twice', () => {
    expect(newPasswordProblem('short', 'short')).toBe('password: must be at least 10 characters');
    // Characters, not bytes or UTF-16 units, as the core counts them.
    expect(newPasswordProblem('ééééééééé', 'ééééééééé')).toMatch('at least 10');
    expect(newPasswordProblem('a long enough password', 'a long enough passwort')).toMatch('not the same');
    expect(newPasswordProblem('a long enough password', 'a long enough password')).toBeNull();
  });
});
