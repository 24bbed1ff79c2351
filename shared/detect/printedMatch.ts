import type { WordSpan } from './textSpans.js';

/**
 * Whether text OCR read in the visual zone is a value known from the MRZ
 * (document number, personal number), allowing for how OCR misreads print.
 */

/**
 * O/0, I/1 and the like read alike: compare numbers with them folded. C is an
 * open zero to the LSTM engine on a faint copy (the old Dutch specimen's MRZ read
 * a second time gives "XADC0D014" for "XA0000014"). H, M, N and W are blurred
 * into one another by the MRZ reader (the Azerbaijani phone photo's MRZ gives
 * "2H12IHJ" for the personal number "2W12IMJ", every check digit still valid).
 */
export const foldConfusions = (s: string): string =>
  s
    .replace(/[OQDC]/g, '0')
    .replace(/[IL]/g, '1')
    .replace(/Z/g, '2')
    .replace(/S/g, '5')
    .replace(/B/g, '8')
    .replace(/[WMN]/g, 'H');

/** Levenshtein distance: insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * How far `read` (compacted: no spaces or separators) is from `target` printed:
 * the edit distance after folding confusions, when it is within what OCR does
 * to a number (one edit, two in numbers of nine or more characters; short
 * values must match exactly), else undefined.
 */
export function readDistance(read: string, target: string): number | undefined {
  const value = foldConfusions(read);
  const wanted = foldConfusions(target);
  const allowed = wanted.length >= 9 ? 2 : wanted.length >= 6 ? 1 : 0;
  if (Math.abs(value.length - wanted.length) > allowed) return undefined;
  const distance = editDistance(value, wanted);
  return distance <= allowed ? distance : undefined;
}

/** `read` is `target` printed (see readDistance). */
export function readsAs(read: string, target: string): boolean {
  return readDistance(read, target) !== undefined;
}

/**
 * The spans that read as one of `values`, one per place: of spans sharing a
 * word, the closest read and then the one of fewest words. The tolerance
 * lets a speck read beside a number ("XR4K81DO7Z" "0") pass as the number
 * too; covering it would stretch the cover over whatever the speck's box holds.
 * A read shorter than its value lost characters OCR did not box (the
 * Lithuanian personal number's last digit): its box is widened by that many
 * characters on each side, since which end lost them is unknown; and by the
 * characters printed with a piece of a value (see KnownValue) on their side.
 */
export function spansReadingAs(spans: readonly WordSpan[], values: readonly (string | KnownValue)[]): WordSpan[] {
  const known = values.map((v) => (typeof v === 'string' ? { text: v } : v));
  const scored = spans.flatMap((span) => {
    let best: { distance: number; value: KnownValue } | undefined;
    for (const value of known) {
      const distance = readDistance(span.compact, value.text);
      if (distance !== undefined && (!best || distance < best.distance)) best = { distance, value };
    }
    return best ? [{ span, ...best }] : [];
  });
  scored.sort((a, b) => a.distance - b.distance || a.span.words.length - b.span.words.length);
  const kept: WordSpan[] = [];
  for (const { span, value } of scored) {
    if (kept.some((k) => k.words.some((w) => span.words.includes(w)))) continue;
    const lost = Math.max(0, value.text.length - span.compact.length);
    const [left, right] = [lost + (value.charsBefore ?? 0), lost + (value.charsAfter ?? 0)];
    if (left + right === 0 || span.compact.length === 0) kept.push(span);
    else {
      const char = span.upright.width / span.compact.length;
      const { x, width } = span.upright;
      kept.push({ ...span, upright: { ...span.upright, x: x - left * char, width: width + (left + right) * char } });
    }
  }
  return kept;
}

/**
 * A value to look for, and how many characters are printed with it that the
 * read may not show: a piece of a number the MRZ splits with fillers
 * ("311266" of the Icelandic "311266<9539") is printed with the rest of the
 * number after it ("311266-9539"), which OCR may have read as anything ("oa").
 */
export interface KnownValue {
  text: string;
  charsBefore?: number;
  charsAfter?: number;
}
