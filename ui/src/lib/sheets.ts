// Spreadsheets in: the wording of an import's counts. The kinds, their hints and which of them
// belong to an establishment come generated from the core (ImportKind in exchange/fields.rs).
import { count } from './format';
import type { ImportPreview } from './wire';

export { importKindHints, importKindLabels, importKindPerEstablishment, importKinds } from './wire';

/** "3 to add, 1 to update and 5 unchanged" (a preview), or "3 added, 1 updated and 5 unchanged". */
export function describeImportCounts(i: Pick<ImportPreview, 'added' | 'updated' | 'unchanged'>, done: boolean): string {
  return done
    ? `${count(i.added)} added, ${count(i.updated)} updated and ${count(i.unchanged)} unchanged`
    : `${count(i.added)} to add, ${count(i.updated)} to update and ${count(i.unchanged)} unchanged`;
}
