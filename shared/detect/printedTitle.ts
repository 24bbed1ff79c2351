import type { Box, Quad } from '../geometry.js';
import type { PrintedTitle } from '../layout/ghostLayouts.js';
import type { MmRect } from '../layout/icao.js';
import { editDistance } from './printedMatch.js';
import { frameQuad, pointInFrame, type TextFrame, type VizWord } from './textFrame.js';
import { printedLines } from './textSpans.js';

/** Document millimetres to page pixels and back, for one document on the page. */
export interface MmFrame {
  toPage(r: MmRect): Quad;
  toMm(q: Quad): MmRect;
}

/** A title read with its height this far from its printed height (relative to its width) is some other text. */
const HEIGHT_RATIO = { min: 0.5, max: 2 };

/** Upper case letters and digits, accents and the dotted/dotless I folded: "TÜRKİYE" -> "TURKIYE". */
export function foldTitleWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/** A read word is a title's word: the same, or one edit away in a word of four or more letters per edit. */
function readsAsTitleWord(read: string, word: string): boolean {
  return editDistance(foldTitleWord(read), word) <= Math.floor(word.length / 4);
}

/**
 * The first of `titles` read whole among `words` (every word of it, in order,
 * consecutive on one printed line of one read, see readsAsTitleWord) and, from where it was
 * read, the document's millimetres on the page: the title's read width against
 * its printed width gives the scale, its left end and top the place, the text
 * frame the direction. A read whose height does not fit the title's printed
 * shape (HEIGHT_RATIO) is not taken.
 */
export function frameFromTitle(
  words: readonly VizWord[],
  frame: TextFrame,
  titles: readonly PrintedTitle[],
): { title: PrintedTitle; mm: MmFrame } | undefined {
  // Each read on its own: a garbled read of the title at its place would break up a good one.
  const reads = [...new Set(words.map((w) => w.foundBy))].map((by) => words.filter((w) => w.foundBy === by));
  const lines = reads.flatMap((read) => printedLines(read));
  for (const title of titles) {
    const wanted = title.text.split(/\s+/).map(foldTitleWord);
    for (const line of lines) {
      const read = leftToRight(line.filter((w) => foldTitleWord(w.text).length > 0));
      for (let start = 0; start + wanted.length <= read.length; start++) {
        const run = read.slice(start, start + wanted.length);
        if (!run.every((w, i) => readsAsTitleWord(w.text, wanted[i]!))) continue;
        const left = run[0]!.upright.x;
        const right = Math.max(...run.map((w) => w.upright.x + w.upright.width));
        const top = Math.min(...run.map((w) => w.upright.y));
        const height = Math.max(...run.map((w) => w.upright.y + w.upright.height)) - top;
        const pxPerMm = (right - left) / title.mm.width;
        const heightRatio = height / pxPerMm / title.mm.height;
        if (heightRatio < HEIGHT_RATIO.min || heightRatio > HEIGHT_RATIO.max) continue;
        return { title, mm: titleMmFrame(frame, { x: left, y: top }, title.mm, pxPerMm) };
      }
    }
  }
  return undefined;
}

/** A line's words left to right, each read once: a word another read found again at its place is left out. */
function leftToRight(line: readonly VizWord[]): VizWord[] {
  const kept: VizWord[] = [];
  for (const w of [...line].sort((a, b) => a.upright.x - b.upright.x)) {
    const last = kept[kept.length - 1];
    if (!last || w.upright.x >= last.upright.x + last.upright.width / 2) kept.push(w);
  }
  return kept;
}

/** Millimetres placed from a title whose top-left `at` (text frame) is at `titleMm`'s top-left. */
function titleMmFrame(frame: TextFrame, at: { x: number; y: number }, titleMm: MmRect, pxPerMm: number): MmFrame {
  const toUpright = (r: MmRect): Box => ({
    x: at.x + (r.x - titleMm.x) * pxPerMm,
    y: at.y + (r.y - titleMm.y) * pxPerMm,
    width: r.width * pxPerMm,
    height: r.height * pxPerMm,
  });
  return {
    toPage: (r) => frameQuad(frame, toUpright(r)),
    toMm: (q) => {
      const mm = q.map((p) => {
        const u = pointInFrame(frame, p);
        return { x: (u.x - at.x) / pxPerMm + titleMm.x, y: (u.y - at.y) / pxPerMm + titleMm.y };
      });
      const xs = mm.map((p) => p.x);
      const ys = mm.map((p) => p.y);
      const [x, y] = [Math.min(...xs), Math.min(...ys)];
      return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
    },
  };
}
