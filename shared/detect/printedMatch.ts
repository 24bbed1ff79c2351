/**
 * Whether text OCR read in the visual zone is a value known from the MRZ
 * (document number, personal number), allowing for how OCR misreads print.
 */

/**
 * O/0, I/1 and the like read alike: compare numbers with them folded. C is an
 * open zero to the LSTM engine on a faint copy (the old Dutch specimen's MRZ read
 * a second time gives "XADC0D014" for "XA0000014").
 */
export const foldConfusions = (s: string): string =>
  s
    .replace(/[OQDC]/g, '0')
    .replace(/[IL]/g, '1')
    .replace(/Z/g, '2')
    .replace(/S/g, '5')
    .replace(/B/g, '8');

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
 * `read` (compacted: no spaces or separators) is `target` printed: equal after
 * folding confusions, or one edit away (OCR drops, adds or swaps a character
 * now and then), two in numbers of nine or more characters. Short values must match exactly.
 */
export function readsAs(read: string, target: string): boolean {
  const value = foldConfusions(read);
  const wanted = foldConfusions(target);
  const allowed = wanted.length >= 9 ? 2 : wanted.length >= 6 ? 1 : 0;
  return Math.abs(value.length - wanted.length) <= allowed && editDistance(value, wanted) <= allowed;
}
