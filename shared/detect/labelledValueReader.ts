import { unionBoxes, type Box } from '../geometry.js';
import type { MrzReading } from '../mrz/read.js';
import { readCloseUp, RENDERINGS, wordsReadingAs } from './closeRead.js';
import { DOCUMENT_NUMBER_LABELS, mrzDocumentNumbers } from './documentNumberDetector.js';
import { mrzPersonalNumbers, PERSONAL_NUMBER_LABELS } from './personalNumberDetector.js';
import type { TextFrame, VizWord } from './textFrame.js';
import { labelInLine, labelRows } from './textSpans.js';
import type { Detector, DetectorTools, PageAnalysis } from './types.js';
import { visualZoneWords } from './vizText.js';

/** A number the MRZ names and the labels printed before it. */
interface KnownNumber {
  labels: readonly string[];
  /** Its values, one per parse of the MRZ (a second reading may differ). */
  values(reading: MrzReading): string[];
  /** Longest run of words one printed value may be read as. */
  maxWords: number;
}

const KNOWN_NUMBERS: readonly KnownNumber[] = [
  { labels: DOCUMENT_NUMBER_LABELS, values: mrzDocumentNumbers, maxWords: 3 },
  { labels: PERSONAL_NUMBER_LABELS, values: mrzPersonalNumbers, maxWords: 5 },
];

/**
 * Reads closely the value of a number label whose value the page's read
 * missed. The MRZ names the document and personal numbers the visual zone
 * prints; where the read of the whole page found a number's label but no word
 * reading as its value, the value's place (below the label, or after it on
 * its line) is cut out tightly and read again, enlarged, in a few renderings
 * (grey; each pixel's lightest channel, which fades a coloured guilloche; that
 * binarised). Tesseract's page layout loses a line printed on a busy
 * background that it reads well alone: the Zimbabwe specimen's identity number
 * "00-0000000-00", on a pink guilloche, is not found on the page but read
 * from the first close-up. Only words that read as the MRZ's value are added
 * to the page's words, so a misread elsewhere in the close-up covers nothing;
 * the number detectors then cover them as usual.
 */
export const labelledValueReader: Detector = {
  name: 'labelled-value',
  async detect(analysis, { ocr }) {
    const frame = analysis.textFrame;
    if (!frame || analysis.mrz.length === 0) return;
    const visual = visualZoneWords(analysis);
    for (const known of KNOWN_NUMBERS) {
      const values = [...new Set(analysis.mrz.flatMap(known.values))];
      if (values.length === 0 || wordsReadingAs(visual, values, known.maxWords).length > 0) continue;
      // A value the MRZ names need not be printed at all (the US visa's optional data is not):
      // a few labels are enough to look under.
      for (const label of labelLines(visual, known.labels).slice(0, MAX_LABELS)) {
        const found = await readValueNear(analysis, frame, label, values, known.maxWords, ocr);
        if (found.length === 0) continue;
        analysis.words.push(...found.map((w) => ({ ...w, foundBy: `read closely under the label "${label.text}"` })));
        break;
      }
    }
  },
};

/** Labels of one kind whose values are read closely, at most (each costs up to eight small reads). */
const MAX_LABELS = 3;

/**
 * Where `labels` are printed (text frame), and their letters' height: the
 * words the label is printed in (see labelInLine), so that a neighbouring
 * field's label on the same line does not widen the box.
 */
function labelLines(
  words: readonly VizWord[],
  labels: readonly string[],
): { text: string; box: Box; letterHeight: number }[] {
  const found: { text: string; box: Box; letterHeight: number }[] = [];
  for (const line of labelRows(words)) {
    const match = labelInLine(line, labels);
    if (!match) continue;
    const { label: text, words: label } = match;
    // Words of two letters or more: a "/" or "|" between a label's languages stands taller than its letters.
    const heights = label
      .filter((w) => /[\p{L}\p{N}]{2}/u.test(w.text))
      .map((w) => w.upright.height)
      .sort((a, b) => a - b);
    if (heights.length === 0) continue;
    found.push({
      text,
      box: unionBoxes(label.map((w) => w.upright)),
      letterHeight: heights[Math.floor(heights.length / 2)]!,
    });
  }
  return found;
}

/** A label's letters are enlarged to about this height (pixels) for the close read. */
const CLOSE_READ_LETTER_PX = 24;
/** Characters of room given to a value, in label-letter heights each (values print larger than labels). */
const VALUE_CHARS = 16;

/**
 * The words reading as the known number in the places a label's value is
 * printed (text frame): under the label, reaching a little to either side, and
 * after it on its own line. Stops at the first rendering that reads it.
 */
async function readValueNear(
  analysis: PageAnalysis,
  frame: TextFrame,
  label: { box: Box; letterHeight: number },
  values: readonly string[],
  maxWords: number,
  ocr: DetectorTools['ocr'],
): Promise<VizWord[]> {
  const { box, letterHeight: h } = label;
  const valueWidth = Math.max(box.width, VALUE_CHARS * h);
  const places: Box[] = [
    { x: box.x - 3 * h, y: box.y + box.height, width: valueWidth + 6 * h, height: 2.4 * h },
    { x: box.x + box.width, y: box.y - 0.5 * h, width: VALUE_CHARS * h + 3 * h, height: box.height + h },
  ];
  const scale = Math.min(4, Math.max(1, CLOSE_READ_LETTER_PX / h));
  for (const place of places) {
    for (const rendering of RENDERINGS) {
      const found = wordsReadingAs(await readCloseUp(analysis, frame, place, scale, rendering, ocr), values, maxWords);
      if (found.length > 0) return found;
    }
  }
  return [];
}
