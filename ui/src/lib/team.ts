// Words for the team of PCs: what a change file did (or would do), and a mark's two versions.
// The facts (counts, who, when, which PC) are the core's; this only puts them into sentences.
import { listInWords, plural } from './format';
import { markKindLabels, absenceReasonLabels } from './wire';
import type { MarkKind, AbsenceReason, MarkVersion, TakenIn } from './wire';

/** "Took in 12 changes from Café PC (10 made on Café PC and 2 made on Office PC)." */
export function describeTakenIn(t: TakenIn, preview: boolean): string {
  const verb = preview ? 'This file has' : 'Took in';
  if (t.changed === 0) {
    return preview
      ? `Nothing new in this file from ${t.sender}: this PC already holds all of it.`
      : `Nothing new from ${t.sender}: this PC already held all of it.`;
  }
  const made = t.from.map((f) => `${f.rows} made on ${f.pc}`);
  let words = preview ? `${verb} ${plural(t.changed, 'change')} for this PC, from ${t.sender}` : `${verb} ${plural(t.changed, 'change')} from ${t.sender}`;
  if (made.length > 0) words += ` (${listInWords(made)})`;
  words += '.';
  const notes: string[] = [];
  if (t.conflicts > 0) notes.push(`${plural(t.conflicts, 'mark')} made on two PCs to choose between`);
  if (t.merged > 0) notes.push(`${plural(t.merged, 'record')} made on two PCs, now one`);
  if (t.erased > 0) notes.push(`${plural(t.erased, 'person', 'people')} erased on another PC, erased here too`);
  if (notes.length > 0) words += ` ${sentence(listInWords(notes))}.`;
  return words;
}

function sentence(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Absent: court", "Present". */
export function describeMark(v: Pick<MarkVersion, 'mark' | 'reason'>): string {
  const mark = markKindLabels[v.mark as MarkKind] ?? v.mark;
  const reason = v.reason ? absenceReasonLabels[v.reason as AbsenceReason] ?? v.reason : null;
  return reason ? `${mark}: ${reason.toLowerCase()}` : mark;
}

/** "Recorded by Alison Grant on Café PC, 16/11/2026 14:05". */
export function describeVersion(v: MarkVersion): string {
  const who = v.recorded_by ? `Recorded by ${v.recorded_by}` : 'Recorded';
  return `${who} on ${v.pc}${v.recorded_at ? `, ${v.recorded_at}` : ''}`;
}
