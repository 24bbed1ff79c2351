import { parse as parseWithMrzPackage } from 'mrz';
import { candidateFormats, FORMATS, type MrzFieldName, type MrzFormat } from './formats.js';
import { repairMrz, type CheckResult, type ShapeHints } from './repair.js';

export interface MrzFields {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  nationality: string;
  /** YYMMDD as printed. */
  birthDate: string;
  sex: string;
  /** YYMMDD as printed (empty on the French national ID card). */
  expiryDate: string;
  surname: string;
  givenNames: string;
  /** Optional-data fields (personal numbers live here), split at fillers. */
  optionalData: string[];
  /**
   * Each optional-data field as the MRZ prints it, fillers inside kept, trailing
   * fillers dropped ("311266<9539"): a personal number the MRZ splits with
   * fillers is printed whole in the visual zone ("311266-9539").
   */
  optionalFields: string[];
}

export interface ParsedMrz {
  format: MrzFormat;
  /** The repaired lines. Sensitive: never log or report them in clear. */
  lines: string[];
  fields: MrzFields;
  checks: CheckResult[];
  allChecksValid: boolean;
  corrections: number;
}

function field(lines: string[], format: MrzFormat, name: MrzFieldName): string {
  return FORMATS[format].fields
    .filter((f) => f.name === name)
    .map((f) => lines[f.line]!.slice(f.start, f.end))
    .join('');
}

const clean = (s: string): string => s.replace(/</g, ' ').trim().replace(/\s+/g, ' ');

function extractFields(lines: string[], format: MrzFormat): MrzFields {
  let surname = '';
  let givenNames = '';
  // The mrz package knows the name conventions of the formats it supports.
  if (format !== 'MRV-A' && format !== 'MRV-B') {
    try {
      const parsed = parseWithMrzPackage(lines);
      surname = parsed.fields.lastName ?? '';
      givenNames = parsed.fields.firstName ?? '';
    } catch {
      // fall through to the generic split below
    }
  }
  if (!surname) {
    const [primary = '', ...secondary] = field(lines, format, 'names').split('<<');
    surname = clean(primary);
    givenNames = clean(secondary.join('<'));
  }
  const optionalFields = [field(lines, format, 'optionalData1'), field(lines, format, 'optionalData2')];
  const optionalData = optionalFields.flatMap((s) => s.split('<')).filter(Boolean);
  return {
    documentCode: clean(field(lines, format, 'documentCode')),
    issuingState: clean(field(lines, format, 'issuingState')),
    documentNumber: field(lines, format, 'documentNumber').replace(/</g, ''),
    nationality: clean(field(lines, format, 'nationality')),
    birthDate: field(lines, format, 'birthDate'),
    sex: clean(field(lines, format, 'sex')),
    expiryDate: field(lines, format, 'expiryDate'),
    surname,
    givenNames,
    optionalData,
    optionalFields: optionalFields.map((s) => s.replace(/<+$/, '')).filter(Boolean),
  };
}

/**
 * Parses MRZ lines as read by OCR: tries every layout that fits, repairs OCR
 * confusions, and keeps the layout whose check digits agree best.
 */
export function parseMrz(rawLines: readonly string[], hints?: ShapeHints): ParsedMrz | undefined {
  const lines = rawLines.map((l) => l.toUpperCase().replace(/[^A-Z0-9<]/g, '')).filter((l) => l.length > 0);
  const approxLength = lines.reduce((sum, l) => sum + l.length, 0) / Math.max(1, lines.length);
  let best: ParsedMrz | undefined;
  for (const format of candidateFormats(lines.length, approxLength)) {
    for (const { read, dropped } of withoutStrayLead(lines, format)) {
      const repaired = repairMrz(read, format, hints);
      const valid = repaired.checks.filter((c) => c.valid).length;
      const candidate: ParsedMrz = {
        format,
        lines: repaired.lines,
        fields: extractFields(repaired.lines, format),
        checks: repaired.checks,
        allChecksValid: valid === repaired.checks.length,
        corrections: repaired.corrections + dropped,
      };
      if (!best || score(candidate) > score(best)) best = candidate;
    }
  }
  return best;
}

/**
 * The lines as read and, where the first line's document code fits `format`
 * only without its first character, the lines without it: the MRZ reader
 * sometimes reads a speck before the code ("IP<UTO..." for a passport's
 * "P<UTO...", on a blurred phone photo, then parsed as a visa whose three
 * checks passed by chance).
 */
function withoutStrayLead(lines: readonly string[], format: MrzFormat): { read: readonly string[]; dropped: number }[] {
  const [first = '', ...rest] = lines;
  const code = EXPECTED_CODE[format];
  const asRead = { read: lines, dropped: 0 };
  if (code.test(first) || !code.test(first.slice(1))) return [asRead];
  return [asRead, { read: [first.slice(1), ...rest], dropped: 1 }];
}

/** Document codes each layout is issued with (ICAO 9303 part 4-7, French CNI). */
export const EXPECTED_CODE: Record<MrzFormat, RegExp> = {
  TD1: /^[ACI]/,
  TD2: /^[ACIP]/,
  TD3: /^P/,
  'MRV-A': /^V/,
  'MRV-B': /^V/,
  FRENCH_NATIONAL_ID: /^ID/,
};

/**
 * A document code that fits the layout weighs most (a visa starts with V, a
 * passport with P): more than TD3's two checks beyond a visa's three can cost
 * (2 x 3), so a passport's line misread in its number and its fillers is still
 * read as a passport, never a visa. Then agreeing check digits count for,
 * failing ones against; fewer corrections come last.
 */
export function score(p: ParsedMrz): number {
  const valid = p.checks.filter((c) => c.valid).length;
  const invalid = p.checks.length - valid;
  const codeFits = EXPECTED_CODE[p.format].test(p.lines[0] ?? '') ? 1 : 0;
  return (valid * 2 - invalid * 3 + codeFits * 10) * 1000 - p.corrections;
}
