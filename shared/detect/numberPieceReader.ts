import { boxToQuad, quadCenter, quadContains, type Box } from '../geometry.js';
import { DARKEST_INK, readCloseUp, RENDERINGS } from './closeRead.js';
import { wordsOfDates } from './dateShapes.js';
import { mrzDocumentNumbers } from './documentNumberDetector.js';
import { editDistance, foldConfusions } from './printedMatch.js';
import type { VizWord } from './textFrame.js';
import { compactValue, SpanCovers, wordSpans } from './textSpans.js';
import type { Detector, PageAnalysis } from './types.js';
import { NUMBER_IN_VISUAL_ZONE } from './vizText.js';

/** Pieces shorter than this are not looked for: three characters of a number match too much print. */
const MIN_PIECE = 4;
/** At most this many words a page are read again close up (each read is a few tenths of a second). */
const MAX_CLOSE_READS = 4;
/** A word's letters are enlarged to about this height (pixels) for the close read. */
const CLOSE_READ_LETTER_PX = 24;

/**
 * The pieces of a number a page may print on their own: its first and its last
 * MIN_PIECE or more characters, short of the whole (the Polish passport prints
 * the last four digits of its number, "0177", beside the hologram at its top
 * left). Folded as printedMatch folds reads (O and 0 alike, ...).
 */
function piecesOf(number: string): { text: string; end: 'first' | 'last' }[] {
  const pieces: { text: string; end: 'first' | 'last' }[] = [];
  for (let length = MIN_PIECE; length < number.length; length++) {
    pieces.push({ text: foldConfusions(number.slice(0, length)), end: 'first' });
    pieces.push({ text: foldConfusions(number.slice(number.length - length)), end: 'last' });
  }
  return pieces;
}

/**
 * Covers a piece of the document number the MRZ names printed on its own in
 * the visual zone. A word is looked at when it has a digit, is no date nor
 * part of one, lies under no cover yet, and reads as such a piece or one
 * character away from one (the Polish "0177" is read "077" on the page); it
 * is covered when it, or a close read of its place (the renderings the
 * labelled-value reader uses, then the darkest print alone), reads exactly as
 * the piece. On the 28 specimens two other words come one character near a
 * piece (a year "2012" beside an Afghan number starting "O012", a form number
 * "I-551" beside a US visa number starting "5551"); their close reads do not
 * read as the piece, so they stay visible.
 */
export const numberPieceReader: Detector = {
  name: 'number-piece',
  async detect(analysis, { ocr }) {
    const frame = analysis.textFrame;
    if (!frame) return;
    const numbers = analysis.mrz.filter((r) => NUMBER_IN_VISUAL_ZONE.has(r.parsed.format)).flatMap(mrzDocumentNumbers);
    const pieces = numbers.flatMap(piecesOf);
    if (pieces.length === 0) return;
    const exactPiece = (word: VizWord): { end: string; length: number } | undefined => {
      const read = foldConfusions(compactValue(word.text));
      const piece = pieces.find((p) => p.text === read);
      return piece && { end: piece.end, length: piece.text.length };
    };
    const covers = new SpanCovers(frame, analysis.words);
    const cover = (words: VizWord[], piece: { end: string; length: number }): void => {
      for (const span of wordSpans(words, 1))
        covers.add(
          span,
          0.7,
          `the ${piece.end} ${piece.length} characters of the document number the MRZ names, printed on their own`,
        );
    };
    let closeReads = 0;
    for (const word of candidates(
      analysis,
      pieces.map((p) => p.text),
    )) {
      const exact = exactPiece(word);
      if (exact) {
        cover([word], exact);
        continue;
      }
      if (closeReads++ >= MAX_CLOSE_READS) continue;
      const h = word.upright.height;
      // A character lost by the page's read may lie just outside the word's box: a character's room on either side.
      const place: Box = {
        x: word.upright.x - 0.6 * h,
        y: word.upright.y - 0.3 * h,
        width: word.upright.width + 1.2 * h,
        height: 1.6 * h,
      };
      const scale = Math.min(4, Math.max(1, CLOSE_READ_LETTER_PX / h));
      for (const rendering of [...RENDERINGS, { render: DARKEST_INK, enlarge: 1 }]) {
        const read = await readCloseUp(analysis, frame, place, scale, rendering, ocr);
        const hit = read.find((w) => exactPiece(w));
        if (!hit) continue;
        cover([{ ...hit, foundBy: 'read close up' }, word], exactPiece(hit)!);
        break;
      }
    }
    analysis.regions.push(...covers.regions('document_number', analysis.page.index, 'number-piece'));
  },
};

/** Words that read as one of `pieces` or one character away, with a digit, outside dates and covers. */
function candidates(analysis: PageAnalysis, pieces: readonly string[]): VizWord[] {
  const dates = wordsOfDates(analysis.words);
  const covered = analysis.regions.map((r) => r.quad ?? boxToQuad(r.box));
  return analysis.words.filter((word) => {
    const read = compactValue(word.text);
    if (read.length < MIN_PIECE - 1 || !/[0-9]/.test(read) || dates.has(word)) return false;
    if (covered.some((quad) => quadContains(quad, quadCenter(word.quad)))) return false;
    const folded = foldConfusions(read);
    return pieces.some((p) => Math.abs(p.length - folded.length) <= 1 && editDistance(folded, p) <= 1);
  });
}
