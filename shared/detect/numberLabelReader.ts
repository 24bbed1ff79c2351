import { unionBoxes, type Box } from '../geometry.js';
import { readCloseUp, RENDERINGS } from './closeRead.js';
import { wordsOfDates } from './dateShapes.js';
import { DOCUMENT_NUMBER_LABELS, readsAsMisreadNumber } from './documentNumberDetector.js';
import type { TextFrame, VizWord } from './textFrame.js';
import { labelInLine, labelRows, wordSpans, type WordSpan } from './textSpans.js';
import type { Detector, DetectorTools, PageAnalysis } from './types.js';

/** Label lines read closely on one page, at most (each costs up to four small reads). */
const MAX_LABELS = 3;
/** A label's letters are enlarged to about this height (pixels) for the close read, four times at most. */
const CLOSE_READ_LETTER_PX = 24;
/** A label's letters are at most this share of its value's height (labels print smaller than values). */
const LABEL_MAX_HEIGHT_SHARE = 0.8;

/**
 * Reads closely the small print above a value shaped like a document number,
 * on a page with no MRZ (a card's front) where the page's read found no
 * document-number label: the label, printed half as high as its value, is
 * what small blurred print loses first (measured on generated 110-dpi card
 * fronts at JPEG quality 50: "Document No." read "Bosussnt No.", its value
 * "BGORCZ5IE" read "BGORCZISIE", a number with one digit that only its label
 * tells from a name). The label's line is cut out, enlarged and read again in
 * a few renderings (see RENDERINGS); where one reads as a document-number
 * label, its words join the page's words and the document-number detector
 * covers the value under it as it would have on a sharper copy.
 */
export const numberLabelReader: Detector = {
  name: 'number-label',
  async detect(analysis, { ocr }) {
    const frame = analysis.textFrame;
    if (!frame || analysis.mrz.length > 0) return;
    const words = analysis.words;
    if (labelRows(words).some((row) => labelInLine(row, DOCUMENT_NUMBER_LABELS))) return;
    const dates = wordsOfDates(words);
    const values = wordSpans(words, 2)
      .filter((span) => readsAsMisreadNumber(span, [], dates))
      // One-word values first, the longest first: numbers are mostly one word of 8-10 characters, names shorter.
      .sort((a, b) => a.words.length - b.words.length || b.compact.length - a.compact.length);
    // Rows read, by their first word (rows are made afresh for each value).
    const read = new Set<VizWord>();
    for (const value of values) {
      const row = labelRowAbove(words, value);
      if (!row || read.has(row[0]!)) continue;
      if (read.size >= MAX_LABELS) return;
      read.add(row[0]!);
      const label = await readLabelClosely(analysis, frame, row, value, ocr);
      if (!label) continue;
      const how = `read closely where the page's read had "${row.map((w) => w.text).join(' ')}"`;
      analysis.words.push(...label.map((w) => ({ ...w, foundBy: how })));
      return;
    }
  },
};

/**
 * The row of words printed right above `value` in smaller letters, starting
 * about where it starts: where a card prints a field's label. Rows are
 * labelRows' (the OCR lines of one printed row joined).
 */
function labelRowAbove(words: readonly VizWord[], value: WordSpan): VizWord[] | undefined {
  // The page's own read first: a second read's speck above the value would hide the label's row.
  return (
    rowAbove(
      words.filter((w) => !w.foundBy),
      value,
    ) ?? rowAbove(words, value)
  );
}

/** The nearest row of `words` above `value` that is printed like its label (see labelRowAbove). */
function rowAbove(words: readonly VizWord[], value: WordSpan): VizWord[] | undefined {
  const v = value.upright;
  const valueHeight = Math.min(...value.words.map((w) => w.upright.height));
  let best: { row: VizWord[]; bottom: number } | undefined;
  for (const row of labelRows(words)) {
    if (row.some((w) => value.words.includes(w))) continue;
    const box = unionBoxes(row.map((w) => w.upright));
    const bottom = box.y + box.height;
    const letters = letterHeight(row);
    const above = bottom <= v.y + v.height / 2 && bottom >= v.y - 1.5 * valueHeight;
    const aligned = Math.abs(box.x - v.x) <= 2 * letters;
    if (!above || !aligned || letters > LABEL_MAX_HEIGHT_SHARE * valueHeight) continue;
    if (!best || bottom > best.bottom) best = { row, bottom };
  }
  return best?.row;
}

/** The median height of a row's words of two letters or more (a "/" or "|" stands taller than letters). */
function letterHeight(row: readonly VizWord[]): number {
  const heights = row
    .filter((w) => /[\p{L}\p{N}]{2}/u.test(w.text))
    .map((w) => w.upright.height)
    .sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)] ?? Math.max(...row.map((w) => w.upright.height));
}

/**
 * The words of a document-number label read in `row`'s place, enlarged, in
 * the renderings in turn; the place reaches as far right as the value does
 * (a label's "No." may have gone unread entirely).
 */
async function readLabelClosely(
  analysis: PageAnalysis,
  frame: TextFrame,
  row: readonly VizWord[],
  value: WordSpan,
  ocr: DetectorTools['ocr'],
): Promise<VizWord[] | undefined> {
  const h = letterHeight(row);
  const box = unionBoxes(row.map((w) => w.upright));
  const right = Math.max(box.x + box.width, value.upright.x + value.upright.width) + 2 * h;
  const place: Box = { x: box.x - h, y: box.y - h / 2, width: right - (box.x - h), height: box.height + h };
  const scale = Math.min(4, Math.max(1, CLOSE_READ_LETTER_PX / h));
  for (const rendering of RENDERINGS) {
    const closeUp = await readCloseUp(analysis, frame, place, scale, rendering, ocr);
    for (const line of labelRows(closeUp)) {
      const match = labelInLine(line, DOCUMENT_NUMBER_LABELS);
      if (match) return match.words;
    }
  }
  return undefined;
}
