/**
 * MRZ layouts of ICAO Doc 9303 (and the French national ID card) as
 * declarative tables: where each field sits, which characters it may hold,
 * and which ranges each check digit protects. Positions are 0-based,
 * `end` exclusive.
 */

export type MrzFormat = 'TD1' | 'TD2' | 'TD3' | 'MRV-A' | 'MRV-B' | 'FRENCH_NATIONAL_ID';

/** A: letters, N: digits, X: letters or digits; all may hold the filler `<`. */
export type CharClass = 'A' | 'N' | 'X';

export type MrzFieldName =
  | 'documentCode'
  | 'issuingState'
  | 'names'
  | 'documentNumber'
  | 'nationality'
  | 'birthDate'
  | 'sex'
  | 'expiryDate'
  | 'optionalData1'
  | 'optionalData2'
  | 'administrativeCode';

export interface FieldSpec {
  name: MrzFieldName;
  line: number;
  start: number;
  end: number;
  chars: CharClass;
}

export interface Span {
  line: number;
  start: number;
  end: number;
}

export interface CheckSpec {
  /** What the digit protects, as reported: 'documentNumber', 'composite', ... */
  name: string;
  line: number;
  position: number;
  covers: Span[];
}

export interface FormatSpec {
  format: MrzFormat;
  lineCount: number;
  lineLength: number;
  fields: FieldSpec[];
  checks: CheckSpec[];
}

const f = (name: MrzFieldName, line: number, start: number, end: number, chars: CharClass): FieldSpec => ({
  name,
  line,
  start,
  end,
  chars,
});
const c = (name: string, line: number, position: number, covers: [number, number, number][]): CheckSpec => ({
  name,
  line,
  position,
  covers: covers.map(([line, start, end]) => ({ line, start, end })),
});

/** Line 2 of TD3 and MRV-A, and of TD2 and MRV-B, share their first 28 positions. */
function visaOrPassportLine2(optionalEnd: number): FieldSpec[] {
  return [
    f('documentNumber', 1, 0, 9, 'X'),
    f('nationality', 1, 10, 13, 'A'),
    f('birthDate', 1, 13, 19, 'N'),
    f('sex', 1, 20, 21, 'A'),
    f('expiryDate', 1, 21, 27, 'N'),
    f('optionalData1', 1, 28, optionalEnd, 'X'),
  ];
}
const line2Checks = [
  c('documentNumber', 1, 9, [[1, 0, 9]]),
  c('birthDate', 1, 19, [[1, 13, 19]]),
  c('expiryDate', 1, 27, [[1, 21, 27]]),
];

export const FORMATS: Record<MrzFormat, FormatSpec> = {
  TD1: {
    format: 'TD1',
    lineCount: 3,
    lineLength: 30,
    fields: [
      f('documentCode', 0, 0, 2, 'A'),
      f('issuingState', 0, 2, 5, 'A'),
      f('documentNumber', 0, 5, 14, 'X'),
      f('optionalData1', 0, 15, 30, 'X'),
      f('birthDate', 1, 0, 6, 'N'),
      f('sex', 1, 7, 8, 'A'),
      f('expiryDate', 1, 8, 14, 'N'),
      f('nationality', 1, 15, 18, 'A'),
      f('optionalData2', 1, 18, 29, 'X'),
      f('names', 2, 0, 30, 'A'),
    ],
    checks: [
      c('documentNumber', 0, 14, [[0, 5, 14]]),
      c('birthDate', 1, 6, [[1, 0, 6]]),
      c('expiryDate', 1, 14, [[1, 8, 14]]),
      c('composite', 1, 29, [
        [0, 5, 30],
        [1, 0, 7],
        [1, 8, 15],
        [1, 18, 29],
      ]),
    ],
  },
  TD2: {
    format: 'TD2',
    lineCount: 2,
    lineLength: 36,
    fields: [
      f('documentCode', 0, 0, 2, 'A'),
      f('issuingState', 0, 2, 5, 'A'),
      f('names', 0, 5, 36, 'A'),
      ...visaOrPassportLine2(35),
    ],
    checks: [
      ...line2Checks,
      c('composite', 1, 35, [
        [1, 0, 10],
        [1, 13, 20],
        [1, 21, 35],
      ]),
    ],
  },
  TD3: {
    format: 'TD3',
    lineCount: 2,
    lineLength: 44,
    fields: [
      f('documentCode', 0, 0, 2, 'A'),
      f('issuingState', 0, 2, 5, 'A'),
      f('names', 0, 5, 44, 'A'),
      ...visaOrPassportLine2(42),
    ],
    checks: [
      ...line2Checks,
      c('personalNumber', 1, 42, [[1, 28, 42]]),
      c('composite', 1, 43, [
        [1, 0, 10],
        [1, 13, 20],
        [1, 21, 43],
      ]),
    ],
  },
  'MRV-A': {
    format: 'MRV-A',
    lineCount: 2,
    lineLength: 44,
    fields: [
      f('documentCode', 0, 0, 2, 'A'),
      f('issuingState', 0, 2, 5, 'A'),
      f('names', 0, 5, 44, 'A'),
      ...visaOrPassportLine2(44),
    ],
    checks: line2Checks,
  },
  'MRV-B': {
    format: 'MRV-B',
    lineCount: 2,
    lineLength: 36,
    fields: [
      f('documentCode', 0, 0, 2, 'A'),
      f('issuingState', 0, 2, 5, 'A'),
      f('names', 0, 5, 36, 'A'),
      ...visaOrPassportLine2(36),
    ],
    checks: line2Checks,
  },
  FRENCH_NATIONAL_ID: {
    format: 'FRENCH_NATIONAL_ID',
    lineCount: 2,
    lineLength: 36,
    fields: [
      f('documentCode', 0, 0, 2, 'A'),
      f('issuingState', 0, 2, 5, 'A'),
      f('names', 0, 5, 30, 'A'),
      f('administrativeCode', 0, 30, 36, 'X'),
      f('documentNumber', 1, 0, 12, 'X'),
      f('names', 1, 13, 27, 'A'),
      f('birthDate', 1, 27, 33, 'N'),
      f('sex', 1, 34, 35, 'A'),
    ],
    checks: [
      c('documentNumber', 1, 12, [[1, 0, 12]]),
      c('birthDate', 1, 33, [[1, 27, 33]]),
      c('composite', 1, 35, [
        [0, 0, 36],
        [1, 0, 35],
      ]),
    ],
  },
};

/**
 * Which layouts fit `lineCount` lines starting with `firstLine`. More than one
 * may fit (TD2 and MRV-B look alike); the caller keeps the one whose check
 * digits agree.
 */
export function candidateFormats(lineCount: number, approxLength: number): MrzFormat[] {
  if (lineCount === 3) return ['TD1'];
  if (lineCount !== 2) return [];
  const long: MrzFormat[] = ['TD3', 'MRV-A'];
  const short: MrzFormat[] = ['TD2', 'MRV-B', 'FRENCH_NATIONAL_ID'];
  // Lines OCR shortened by a few characters may still be 44 long: try both
  // families unless the length is clearly one of them.
  if (approxLength >= 42) return long;
  if (approxLength <= 37) return short;
  return [...long, ...short];
}
