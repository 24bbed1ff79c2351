import { states } from 'mrz';
import { isValidCheckDigit } from './checkDigit.js';
import { FORMATS, type CharClass, type CheckSpec, type FormatSpec, type MrzFormat } from './formats.js';

/** Characters OCR confuses with each other in OCR-B, by class of the intended character. */
const TO_DIGIT: Record<string, string> = {
  O: '0',
  Q: '0',
  D: '0',
  U: '0',
  I: '1',
  L: '1',
  T: '1',
  Z: '2',
  S: '5',
  G: '6',
  B: '8',
  A: '4',
};
const TO_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '4': 'A', '5': 'S', '6': 'G', '8': 'B' };
/** Alternatives tried, one at a time, to make a failing check digit agree. */
const CONFUSABLE: Record<string, string[]> = {
  '0': ['O', 'D', 'Q', 'U'],
  O: ['0', 'D', 'Q', 'C'],
  D: ['0', 'O'],
  Q: ['0', 'O'],
  U: ['0', 'V'],
  V: ['U'],
  '1': ['I', 'L', 'T'],
  I: ['1', 'L', 'T'],
  L: ['1', 'I', '<'],
  T: ['1', 'I', '7'],
  '7': ['T'],
  '2': ['Z'],
  Z: ['2'],
  '5': ['S'],
  S: ['5'],
  '6': ['G'],
  G: ['6', 'C'],
  '8': ['B'],
  B: ['8'],
  '4': ['A'],
  A: ['4'],
  K: ['<'],
  C: ['<', 'G', 'O'],
  '<': ['K', 'C', 'L'],
};

export interface CheckResult {
  name: string;
  valid: boolean;
}

export interface RepairedMrz {
  format: MrzFormat;
  lines: string[];
  checks: CheckResult[];
  /** Number of characters changed from what OCR read. */
  corrections: number;
}

/**
 * Brings an OCR line to `length` characters. Runs of the filler `<` are where
 * OCR most often drops or adds characters, so they absorb the difference.
 */
export function fitLineLength(line: string, length: number): string {
  let text = line.replace(/[^A-Z0-9<]/g, '');
  while (text.length > length) {
    const run = longestFillerRun(text);
    text = run && run.length > 1 ? text.slice(0, run.start) + text.slice(run.start + 1) : text.slice(0, length);
  }
  while (text.length < length) {
    const run = longestFillerRun(text);
    text = run ? text.slice(0, run.start) + '<' + text.slice(run.start) : text + '<';
  }
  return text;
}

function longestFillerRun(text: string): { start: number; length: number } | undefined {
  let best: { start: number; length: number } | undefined;
  for (const match of text.matchAll(/<+/g)) {
    if (!best || match[0].length >= best.length) best = { start: match.index, length: match[0].length };
  }
  return best;
}

function coerce(ch: string, chars: CharClass): string {
  if (ch === '<') return ch;
  if (chars === 'N') return TO_DIGIT[ch] ?? ch;
  if (chars === 'A') return TO_LETTER[ch] ?? ch;
  return ch;
}

function setChar(lines: string[][], line: number, pos: number, ch: string): void {
  lines[line]![pos] = ch;
}

/** The characters a check digit protects, handling ICAO's long document numbers. */
function checkedText(spec: FormatSpec, check: CheckSpec, lines: string[][]): { text: string; digit: string } {
  const text = check.covers.map((s) => lines[s.line]!.slice(s.start, s.end).join('')).join('');
  const digit = lines[check.line]![check.position]!;
  if (check.name === 'documentNumber' && digit === '<' && !text.includes('<')) {
    // Numbers longer than 9 characters continue in the optional data; the
    // character before its first filler is then the check digit.
    const optional = spec.fields.find((f) => f.name === 'optionalData1');
    if (optional) {
      const rest = lines[optional.line]!.slice(optional.start, optional.end).join('').split('<')[0] ?? '';
      if (rest.length >= 2) return { text: text + rest.slice(0, -1), digit: rest.slice(-1) };
    }
  }
  return { text, digit };
}

function evaluate(spec: FormatSpec, lines: string[][]): CheckResult[] {
  return spec.checks.map((check) => {
    const { text, digit } = checkedText(spec, check, lines);
    return { name: check.name, valid: isValidCheckDigit(text, digit) };
  });
}

/** Positions a check digit protects, plus the digit itself. */
function checkPositions(check: CheckSpec): [number, number][] {
  const positions: [number, number][] = [[check.line, check.position]];
  for (const span of check.covers) for (let p = span.start; p < span.end; p++) positions.push([span.line, p]);
  return positions;
}

export type CharKind = 'digit' | 'letter' | 'filler';

/**
 * What the glyph at each position looks like, where the image tells: in OCR-B
 * digits stand about 8 % taller than capitals, which separates 0 from O, 1
 * from I, 8 from B, 2 from Z and 5 from S when OCR cannot.
 */
export type ShapeHints = (('digit' | 'letter' | undefined)[] | undefined)[];
const kindOf = (ch: string | undefined): CharKind | undefined =>
  ch === undefined ? undefined : ch === '<' ? 'filler' : /[0-9]/.test(ch) ? 'digit' : 'letter';

/**
 * How much more a swap fits its neighbours: identifiers run in blocks of
 * letters and of digits, and fillers trail a field. Positive favours the swap.
 */
function plausibility(
  line: string[],
  pos: number,
  original: string,
  alternative: string,
  shape?: 'digit' | 'letter',
): number {
  const neighbours = [kindOf(line[pos - 1]), kindOf(line[pos + 1])];
  const agree = (ch: string): number => neighbours.filter((k) => k === kindOf(ch)).length;
  const trailingFiller = alternative === '<' && line[pos + 1] === '<' ? 1 : 0;
  const looks = shape ? 2 * (Number(kindOf(alternative) === shape) - Number(kindOf(original) === shape)) : 0;
  return agree(alternative) - agree(original) + trailingFiller + looks;
}

function classAt(spec: FormatSpec, line: number, pos: number): CharClass | 'check' | undefined {
  if (spec.checks.some((c) => c.line === line && c.position === pos)) return 'check';
  return spec.fields.find((f) => f.line === line && pos >= f.start && pos < f.end)?.chars;
}

/**
 * Repairs OCR confusions in an MRZ read as `format`: fits each line to the
 * layout's length, forces each field's character class (O/0, I/1, B/8, S/5,
 * Z/2 ...), then tries single-character swaps in fields whose check digit
 * fails and keeps a swap only when it makes the digit agree.
 */
export function repairMrz(rawLines: readonly string[], format: MrzFormat, hints: ShapeHints = []): RepairedMrz {
  const spec = FORMATS[format];
  const fitted = rawLines.map((line) => fitLineLength(line.toUpperCase(), spec.lineLength));
  // Shape hints only stand where OCR's characters stand: when no fitting was needed.
  const shapeAt = (line: number, pos: number): 'digit' | 'letter' | undefined =>
    rawLines[line]?.length === spec.lineLength ? hints[line]?.[pos] : undefined;
  const lines = fitted.map((line) => [...line]);

  for (let line = 0; line < lines.length; line++) {
    for (let pos = 0; pos < spec.lineLength; pos++) {
      const cls = classAt(spec, line, pos);
      if (!cls) continue;
      setChar(lines, line, pos, coerce(lines[line]![pos]!, cls === 'check' ? 'N' : cls));
    }
  }

  // A K, C or L standing between fillers is a misread filler.
  for (const line of lines) {
    for (let pos = 1; pos < line.length - 1; pos++) {
      if (line[pos - 1] === '<' && line[pos + 1] === '<' && /[KCL]/.test(line[pos]!)) line[pos] = '<';
    }
  }

  // Single swaps in fields whose check digit fails.
  const composite = spec.checks.findIndex((c) => c.name === 'composite');
  for (let index = 0; index < spec.checks.length; index++) {
    const check = spec.checks[index]!;
    if (index === composite || evaluate(spec, lines)[index]!.valid) continue;
    const validCount = (results: CheckResult[]): number => results.filter((r) => r.valid).length;
    const before = validCount(evaluate(spec, lines));
    const fixes: { line: number; pos: number; ch: string; plausibility: number }[] = [];
    for (const [line, pos] of checkPositions(check)) {
      const original = lines[line]![pos]!;
      const cls = classAt(spec, line, pos);
      (CONFUSABLE[original] ?? []).forEach((alternative, rank) => {
        if ((cls === 'N' || cls === 'check') && !/[0-9<]/.test(alternative)) return;
        if (cls === 'A' && /[0-9]/.test(alternative)) return;
        setChar(lines, line, pos, alternative);
        const results = evaluate(spec, lines);
        if (results[index]!.valid && validCount(results) > before) {
          fixes.push({
            line,
            pos,
            ch: alternative,
            plausibility: plausibility(lines[line]!, pos, original, alternative, shapeAt(line, pos)) - rank * 0.1,
          });
        }
        setChar(lines, line, pos, original);
      });
    }
    // A lone digit agrees by chance one time in ten, and the composite moves in
    // step with it: keep a swap only when it is clearly the most plausible one.
    fixes.sort((a, b) => b.plausibility - a.plausibility);
    const [first, second] = fixes;
    if (first && (!second || first.plausibility - second.plausibility >= 0.5)) {
      setChar(lines, first.line, first.pos, first.ch);
      continue;
    }
    // Several misreads of one kind (O for 0 throughout a number): read every
    // letter that looks like a digit as that digit, and keep it if the digit agrees.
    const saved = lines.map((l) => [...l]);
    for (const span of check.covers) {
      for (let p = span.start; p < span.end; p++) {
        const ch = lines[span.line]![p]!;
        if (classAt(spec, span.line, p) === 'X' && TO_DIGIT[ch] && ch !== 'A')
          setChar(lines, span.line, p, TO_DIGIT[ch]!);
      }
    }
    if (validCount(evaluate(spec, lines)) <= before) lines.splice(0, lines.length, ...saved);
  }
  if (composite >= 0 && !evaluate(spec, lines)[composite]!.valid) {
    // Only the composite fails: the error sits in a range no other digit protects.
    const check = spec.checks[composite]!;
    const protectedByOthers = new Set(
      spec.checks.filter((c) => c !== check).flatMap((c) => checkPositions(c).map(([l, p]) => `${l}:${p}`)),
    );
    const fixes: { line: number; pos: number; ch: string }[] = [];
    for (const [line, pos] of checkPositions(check)) {
      if (protectedByOthers.has(`${line}:${pos}`)) continue;
      const original = lines[line]![pos]!;
      for (const alternative of CONFUSABLE[original] ?? []) {
        setChar(lines, line, pos, alternative);
        if (evaluate(spec, lines)[composite]!.valid) fixes.push({ line, pos, ch: alternative });
        setChar(lines, line, pos, original);
      }
    }
    if (fixes.length === 1) setChar(lines, fixes[0]!.line, fixes[0]!.pos, fixes[0]!.ch);
  }

  repairSex(spec, lines);
  repairStateCodes(spec, lines);

  const repaired = lines.map((l) => l.join(''));
  let corrections = 0;
  rawLines.forEach((raw, i) => {
    const a = raw.replace(/[^A-Z0-9<]/g, '');
    const b = repaired[i]!;
    for (let p = 0; p < Math.max(a.length, b.length); p++) if (a[p] !== b[p]) corrections++;
  });
  return { format, lines: repaired, checks: evaluate(spec, lines), corrections };
}

/** Letters OCR confuses in country codes, which no check digit protects. */
const LETTER_CONFUSABLE: Record<string, string> = {
  S: 'EB',
  E: 'SFB',
  B: 'SE',
  U: 'WVO',
  W: 'UV',
  V: 'UW',
  O: 'QDC',
  D: 'O',
  Q: 'O',
  C: 'GO',
  G: 'C',
  I: 'LT',
  L: 'I',
  T: 'I',
  H: 'MN',
  M: 'HN',
  N: 'MH',
  F: 'EP',
  P: 'F',
  R: 'K',
  K: 'RX',
  X: 'K',
};

/** ICAO codes (and the mrz package's list), plus the ICAO 9303 specimen state Utopia. */
const KNOWN_STATES = new Set([...Object.keys(states), 'UTO', 'D']);
const isKnownState = (code: string): boolean => KNOWN_STATES.has(code.replace(/</g, ''));

/**
 * A state code that is no known code is repaired when one confusion makes it
 * one: the other state field of the document (issuing state and nationality
 * usually agree) wins, otherwise only a unique candidate is taken.
 */
function repairStateCodes(spec: FormatSpec, lines: string[][]): void {
  const fields = spec.fields.filter((f) => f.name === 'issuingState' || f.name === 'nationality');
  const read = (f: (typeof fields)[number]): string => lines[f.line]!.slice(f.start, f.end).join('');
  for (const field of fields) {
    const code = read(field);
    if (isKnownState(code)) continue;
    const candidates = new Set<string>();
    [...code].forEach((ch, i) => {
      for (const alternative of LETTER_CONFUSABLE[ch] ?? '') {
        const candidate = code.slice(0, i) + alternative + code.slice(i + 1);
        if (isKnownState(candidate)) candidates.add(candidate);
      }
    });
    const other = fields
      .filter((f) => f !== field)
      .map(read)
      .find((c) => candidates.has(c));
    const chosen = other ?? (candidates.size === 1 ? [...candidates][0] : undefined);
    if (chosen) [...chosen].forEach((ch, i) => setChar(lines, field.line, field.start + i, ch));
  }
}

/** The sex field holds M, F, X or <; OCR-B's M is often read as H or N. */
function repairSex(spec: FormatSpec, lines: string[][]): void {
  const field = spec.fields.find((f) => f.name === 'sex');
  if (!field) return;
  const ch = lines[field.line]![field.start]!;
  const fixed = /[HNW]/.test(ch) ? 'M' : /[EP]/.test(ch) ? 'F' : /[K]/.test(ch) ? 'X' : ch;
  setChar(lines, field.line, field.start, fixed);
}
