import type { Box } from '../geometry.js';

/** What still leaks in a received copy. */
export type FindingKind =
  // Pixels (any file): what a reader of the page can still see.
  | 'mrz'
  | 'mrz_fragment'
  | 'document_number'
  | 'personal_number'
  | 'face'
  | 'face_like_pattern'
  | 'ghost_zone'
  // The redact self-check: a cover that does not hide what is under it.
  | 'cover_not_opaque'
  // Image files: what the file carries besides the pixels shown.
  | 'exif'
  | 'exif_gps'
  | 'exif_thumbnail'
  | 'xmp'
  | 'trailing_data'
  | 'png_text'
  // PDF structure.
  | 'pdf_text_layer'
  | 'pdf_text_under_box'
  | 'pdf_image_under_box'
  | 'pdf_annotation'
  | 'pdf_incremental_update'
  | 'pdf_metadata'
  | 'pdf_attachment'
  | 'pdf_javascript';

/** high: the identifier or photo can be recovered; medium: possibly; low: hygiene (metadata). */
export type Severity = 'high' | 'medium' | 'low';

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** 0-based page, when the finding is on one. */
  page?: number;
  /** Where on the page (page pixels, as the page is rendered), when known. */
  box?: Box;
  /** What was seen, in words; values are masked (first three and last character). */
  evidence: string;
}

export type Verdict = 'clean' | 'leaks' | 'error';

export interface VerifyReport {
  file: string;
  verdict: Verdict;
  findings: Finding[];
  /** One sentence for a person. */
  summary: string;
  pages: number;
  error?: { reason: string; message: string };
  timings: { totalMs: number };
}

const LABEL: Record<string, string> = {
  mrz: 'MRZ readable',
  mrz_fragment: 'MRZ text visible',
  document_number: 'document number readable',
  personal_number: 'personal number readable',
  face: 'face visible',
  face_like_pattern: 'a face-like pattern upside down (most likely lettering)',
  ghost_zone: 'ghost portrait zone not blacked out',
  cover_not_opaque: 'a cover shows through',
  exif: 'EXIF metadata',
  exif_gps: 'GPS position',
  exif_thumbnail: 'EXIF thumbnail',
  xmp: 'XMP metadata',
  trailing_data: 'data after the image end',
  png_text: 'PNG text chunks',
  pdf_text_layer: 'text layer',
  pdf_text_under_box: 'text under a black box',
  pdf_image_under_box: 'image intact under a black box',
  pdf_annotation: 'annotation',
  pdf_incremental_update: 'earlier revisions kept',
  pdf_metadata: 'PDF metadata',
  pdf_attachment: 'attachment',
  pdf_javascript: 'JavaScript',
};

/** A copy leaks when anything of medium or high severity is found; low findings (metadata) are notes. */
export function verdictOf(findings: readonly Finding[]): 'clean' | 'leaks' {
  return findings.some((f) => f.severity !== 'low') ? 'leaks' : 'clean';
}

export function summarise(findings: readonly Finding[]): string {
  const leaks = findings.filter((f) => f.severity !== 'low');
  const notes = findings.filter((f) => f.severity === 'low');
  const describe = (list: readonly Finding[]): string =>
    [
      ...new Set(list.map((f) => `${LABEL[f.kind] ?? f.kind}${f.page !== undefined ? ` (page ${f.page + 1})` : ''}`)),
    ].join(', ');
  if (leaks.length === 0)
    return notes.length === 0 ? 'nothing sensitive found' : `nothing sensitive found; notes: ${describe(notes)}`;
  return describe(leaks) + (notes.length ? `; notes: ${describe(notes)}` : '');
}
