// The rows of a signatories form, and what they sign as: filled rows only, trimmed.
import type { Signatory, SignatureImageId } from './wire';

export interface SignatoryRow {
  name: string;
  role: string;
  signature: SignatureImageId | null;
  /** "800 × 200 pixels" once an image is chosen here; null for one kept before. */
  signatureSize: string | null;
}

/** Three rows, filled from `from` (a type's signatories) where given. */
export function signatoryRows(from: Signatory[] = []): SignatoryRow[] {
  return [0, 1, 2].map((i) => ({
    name: from[i]?.name ?? '',
    role: from[i]?.role ?? '',
    signature: from[i]?.signature ?? null,
    signatureSize: null,
  }));
}

export function signing(rows: SignatoryRow[]): Signatory[] {
  return rows
    .map((r) => ({ name: r.name.trim(), role: r.role.trim(), signature: r.signature }))
    .filter((s) => s.name !== '' || s.role !== '');
}
