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
export function repairMrz(rawLines: readonly string[], format: MrzFormat): RepairedMrz {
  const spec = FORMATS[format];
  const fitted = rawLines.map((line) => fitLineLength(line.toUpperCase(), spec.lineLength));
  const lines = fitted.map((line) => [...line]);

  for (let line = 0; line < lines.length; line++) {
    for (let pos = 0; pos < spec.lineLength; pos++) {
      const cls = classAt(spec, line, pos);
      if (!cls) continue;
      setChar(lines, line, pos, coerce(lines[line]![pos]!, cls === 'check' ? 'N' : cls));
    }
  }

  // Single swaps in fields whose check digit fails. A swap that also makes the
  // composite digit agree is strong evidence; otherwise a swap is kept only
  // when it is the one swap that fixes its digit (a lone digit agrees by
  // chance one time in ten).
  const composite = spec.checks.findIndex((c) => c.name === 'composite');
  for (let index = 0; index < spec.checks.length; index++) {
    const check = spec.checks[index]!;
    if (index === composite || evaluate(spec, lines)[index]!.valid) continue;
    const validCount = (results: CheckResult[]): number => results.filter((r) => r.valid).length;
    const before = validCount(evaluate(spec, lines));
    const fixes: { line: number; pos: number; ch: string; compositeValid: boolean }[] = [];
    for (const [line, pos] of checkPositions(check)) {
      const original = lines[line]![pos]!;
      const cls = classAt(spec, line, pos);
      for (const alternative of CONFUSABLE[original] ?? []) {
        if ((cls === 'N' || cls === 'check') && !/[0-9<]/.test(alternative)) continue;
        if (cls === 'A' && /[0-9]/.test(alternative)) continue;
        setChar(lines, line, pos, alternative);
        const results = evaluate(spec, lines);
        if (results[index]!.valid && validCount(results) > before) {
          fixes.push({ line, pos, ch: alternative, compositeValid: composite >= 0 && results[composite]!.valid });
        }
        setChar(lines, line, pos, original);
      }
    }
    const confirmed = fixes.filter((fix) => fix.compositeValid);
    const chosen = confirmed.length === 1 ? confirmed[0] : fixes.length === 1 ? fixes[0] : undefined;
    if (chosen) {
      setChar(lines, chosen.line, chosen.pos, chosen.ch);
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

  const repaired = lines.map((l) => l.join(''));
  let corrections = 0;
  rawLines.forEach((raw, i) => {
    const a = raw.replace(/[^A-Z0-9<]/g, '');
    const b = repaired[i]!;
    for (let p = 0; p < Math.max(a.length, b.length); p++) if (a[p] !== b[p]) corrections++;
  });
  return { format, lines: repaired, checks: evaluate(spec, lines), corrections };
}
