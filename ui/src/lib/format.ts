// Showing and reading dates, times and the fixed lists. The lists' labels, which reason has which
// cause, the audit trail's words and the password minimum are generated from their Rust
// definitions into wire.ts (src-tauri/src/wire_types.rs) and re-exported here: never copied.
import type { AuditCheck, Exported, Facilitator, Participant, Printed, Schedule, SignedIn } from './wire';
import { custodyStatusLabels, facilitatorKindLabels, MIN_PASSWORD_CHARS, participantKindLabels, peerRoleLabels } from './wire';

export {
  absenceCauseLabels, absenceReasonCause, absenceReasonLabels, actionLabels, awardKindLabels, cancellationReasonLabels, clearanceKindLabels,
  clearanceStatusLabels, completionStatusLabels, custodyStatusLabels, eventKindLabels, facilitatorKindLabels, groupKindLabels,
  leavingReasonLabels, markKindLabels, meetingKindLabels, MIN_PASSWORD_CHARS, participantKindLabels, referralStatusLabels, roleLabels, serviceKindLabels,
  sessionStatusLabels, referralSourceLabels, referralWantsLabels, referralOutcomeLabels, referralSources, referralOutcomes, STANDARD_DAYS,
  periodKindLabels, HIGHLIGHTS_MAX, returnColumns, capitalStageLabels, capitalStages, barc10Statements, barc10Scale,
  peerRoleLabels, peerRoles, TRAINING_FOR_TRAINERS,
} from './wire';

/** What a facilitator is: a peer by their role (recovery champion or peer facilitator), anyone else by their kind. */
export function facilitatorLabel(f: Pick<Facilitator, 'kind' | 'peer_role'>): string {
  return f.peer_role ? peerRoleLabels[f.peer_role] : facilitatorKindLabels[f.kind];
}

/** "2026-11-16" -> "16/11/2026". Anything that is not an ISO date is returned as it is. */
export function showDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Reads a date as a person typed it: dd/mm/yyyy, d/m/yyyy (also with - or . between) or
 * yyyy-mm-dd. Returns the ISO date, or an error naming `field`.
 */
export function parseDate(field: string, typed: string): Parsed<string> {
  const text = typed.trim();
  if (text === '') return { ok: false, error: `${field}: enter a date, for example 16/11/2026` };
  let day: number, month: number, year: number;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text))) {
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    return { ok: false, error: `${field}: '${text}' is not a date; write it as dd/mm/yyyy, for example 16/11/2026` };
  }
  if (month < 1 || month > 12) {
    return { ok: false, error: `${field}: '${text}' has no month ${month}; write the date as dd/mm/yyyy` };
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, error: `${field}: ${pad(day)}/${pad(month)}/${pad(year, 4)} is not a real date` };
  }
  return { ok: true, value: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/** Like parseDate, but an empty entry means "no date". */
export function parseOptionalDate(field: string, typed: string): Parsed<string | null> {
  if (typed.trim() === '') return { ok: true, value: null };
  return parseDate(field, typed);
}

/** Reads "14:00", "9:30" or "1400" as "HH:MM". */
export function parseTime(field: string, typed: string): Parsed<string> {
  const text = typed.trim();
  const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(text);
  if (!m) return { ok: false, error: `${field}: enter a time as HH:MM, for example 14:00` };
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (h > 23 || min > 59) return { ok: false, error: `${field}: ${text} is not a time of day` };
  return { ok: true, value: `${pad(h)}:${pad(min)}` };
}

/** Reads a whole number of at least `min`. */
export function parseWholeNumber(field: string, typed: string, min = 0): Parsed<number> {
  const text = typed.trim();
  if (!/^\d+$/.test(text)) return { ok: false, error: `${field}: enter a whole number` };
  const n = Number(text);
  if (n < min) return { ok: false, error: `${field}: must be at least ${min}` };
  return { ok: true, value: n };
}

/** Adds days to an ISO date (no time zones involved). */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The computer's date as ISO; the backend's "today" (overview) is preferred when known. */
export function localToday(): string {
  const now = new Date();
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** "2026-10" -> "October 2026". Anything that is not a month is returned as it is. */
export function monthLabel(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return month;
  return `${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}`;
}

/** The month an ISO date is in: "2026-11-16" -> "2026-11". */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** Moves a month ("2026-01") by `months`, across years: addMonths("2026-01", -1) -> "2025-12". */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

/**
 * The `count` whole months before the one `today` is in, newest first, for a month picker:
 * recentMonths("2026-11-16", 2) -> [{ value: "2026-10", label: "October 2026" }, { value: "2026-09", ... }].
 */
export function recentMonths(today: string, count: number): { value: string; label: string }[] {
  const current = monthOf(today);
  return Array.from({ length: count }, (_, i) => {
    const value = addMonths(current, -(i + 1));
    return { value, label: monthLabel(value) };
  });
}

/** A week by its first day, short: "2026-10-05" -> "w/c 05/10". */
export function weekCommencing(iso: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `w/c ${m[2]}/${m[1]}` : `w/c ${iso}`;
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "Monday 16/11/2026" */
export function showDateWithDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAY_NAMES[day]} ${showDate(iso)}`;
}

export function shortWeekday(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return '';
  return WEEKDAY_NAMES[new Date(Date.UTC(y, m - 1, d)).getUTCDay()].slice(0, 3);
}

/** "a", "a and b", "a, b and c" */
export function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * What an altered certificate got wrong, from `Verification.differs` ("verification code",
 * "name", "date", "record"), as the end of a sentence starting "Not genuine: ".
 */
export function describeDiffers(differs: string[]): string {
  const details = differs.filter((d) => d !== 'record');
  const parts: string[] = [];
  if (details.length > 0) {
    parts.push(`the ${listInWords(details)} ${details.length === 1 ? 'does' : 'do'} not match the record`);
  }
  if (differs.includes('record')) {
    parts.push('the record itself was changed after the certificate was issued');
  }
  if (parts.length === 0) return 'the certificate does not match the record';
  return parts.join(', and ');
}

/** How often a certificate was printed: "Not printed yet", "Printed once", "Printed 3 times". */
export function describePrints(prints: number): string {
  if (prints === 0) return 'Not printed yet';
  return prints === 1 ? 'Printed once' : `Printed ${prints} times`;
}

/** The folder a file is in, for Windows or Unix paths. */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : path;
}

/** What a finished print wrote, as a sentence. */
export function describePrinted(p: Printed): string {
  if (p.files.length === 0) return 'Nothing was printed.';
  if (p.files.length === 1) {
    return `${plural(p.certificates, 'certificate')} saved to ${p.files[0]} and opened in your PDF viewer.`;
  }
  return `${plural(p.certificates, 'certificate')}: ${p.files.length} files saved in ${folderOf(p.files[0])}, one per person, and the folder opened.`;
}

export type Weekday = Schedule['weekday'];

export const weekdayLabels: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** "Every Monday 14:00", "Every 2 weeks, Thursday 18:30", "No regular schedule". */
export function describeSchedule(schedule: Schedule | null, startTime: string): string {
  if (!schedule) return 'No regular schedule';
  const day = weekdayLabels[schedule.weekday];
  if (schedule.every_weeks <= 1) return `Every ${day} ${startTime}`;
  return `Every ${schedule.every_weeks} weeks, ${day} ${startTime}`;
}

/** "1 h 30 min", "45 min" */
export function showDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function fullName(p: Pick<Participant, 'given_name' | 'family_name'>): string {
  return `${p.given_name} ${p.family_name}`.trim();
}

/** "Family, Given" for sorted lists. */
export function sortName(p: Pick<Participant, 'given_name' | 'family_name'>): string {
  return `${p.family_name}, ${p.given_name}`;
}

/** What to show for a person's status: custody status, or their kind when not in custody. */
export function statusOf(p: Participant): string {
  if (p.kind !== 'in_custody') return participantKindLabels[p.kind];
  return p.status ? custodyStatusLabels[p.status] : '';
}

/** A count as people write it: "12,197". */
export function count(n: number): string {
  return n.toLocaleString('en-GB');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

// ---------- Accounts, the audit trail and backups ----------

/** A file size in megabytes (1 MB = 1,000,000 bytes, as the CLI says it): "12.3 MB". */
export function showMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Who is logged in, for the header: "Alison Grant (administrator)". */
export function signedInAs(s: Pick<SignedIn, 'display_name' | 'role'>): string {
  return `${s.display_name} (${s.role})`;
}

/** The result of checking the trail's chain, as a sentence. */

/** "Backed up and checked: D:\\Backups\\x.db (12.3 MB)" */
export function describeBackup(b: { path: string; bytes: number }): string {
  return `Backed up and checked: ${b.path} (${showMegabytes(b.bytes)})`;
}

/**
 * Checks a new password typed twice before it is sent (the core checks the length again and
 * that it is not the username). Null when it may be sent.
 */
export function newPasswordProblem(password: string, again: string): string | null {
  if ([...password].length < MIN_PASSWORD_CHARS) return `password: must be at least ${MIN_PASSWORD_CHARS} characters`;
  if (password !== again) return 'password again: is not the same as the password; type it again';
  return null;
}

/** What became of a paper register saved to print: where it went, or that nothing was saved. */
export function savedToPrint(saved: Exported | null): string {
  if (saved === null || saved.files.length === 0) return 'Nothing was saved: the save dialog was cancelled.';
  return `Saved ${saved.files.join(', ')} and opened it for printing.`;
}
