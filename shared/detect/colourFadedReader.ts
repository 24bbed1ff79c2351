import { orientedRectQuad, quadBounds } from '../geometry.js';
import { aboveMrzRect } from '../layout/icao.js';
import type { MrzReading } from '../mrz/read.js';
import {
  COLOUR_FADED,
  DARKEST_INK,
  DARKEST_INK_BEFORE_GAP,
  readCloseUp,
  wordsReadingAs,
  type Rendering,
} from './closeRead.js';
import { mrzDocumentNumbers } from './documentNumberDetector.js';
import { mrzPersonalNumbers } from './personalNumberDetector.js';
import { pointInFrame } from './textFrame.js';
import type { Detector } from './types.js';
import { NUMBER_IN_VISUAL_ZONE, visualZoneWords } from './vizText.js';

/** The side is read at about this many pixels per document millimetre (2.5 mm digits, 20 pixels high). */
const READ_PX_PER_MM = 8;

/**
 * The reads tried in turn while a number is missing: coloured inks faded; then
 * the darkest print alone in each pixel's darkest channel, for a grey
 * guilloche, which fading leaves (its lines as dark as the blue-grey labels the
 * first read keeps), and for a red number, which fading removes with the
 * guilloche (measured on generated pages: a personal number and its label on
 * grey, a red document number on pink, found by nothing else). On the
 * specimens the second read runs on 7 of 28 pages, 0.1-0.4 s each, and finds
 * nothing there (their missing numbers are not printed or not legible). The
 * third keeps only the print darker than a near-black guilloche's lines, which
 * the second keeps as grey strokes across the digits (lines of 48 under print
 * of 17); it runs only where the grey levels show a gap between the two (3 of
 * the specimens' pages, finding nothing).
 */
const READS: readonly { render: Rendering; foundBy: string }[] = [
  { render: COLOUR_FADED, foundBy: 'read again with the coloured background faded' },
  { render: DARKEST_INK, foundBy: 'read again with only the darkest print kept' },
  { render: DARKEST_INK_BEFORE_GAP, foundBy: 'read again with only the print darker than a near-black guilloche kept' },
];

/** The numbers a reading names that its side prints in the visual zone too, with the longest run of words each may be read as. */
function printedNumbers(reading: MrzReading): { values: string[]; maxWords: number }[] {
  return [
    // TD1 cards print their document number on the front, not on the MRZ's side.
    { values: NUMBER_IN_VISUAL_ZONE.has(reading.parsed.format) ? mrzDocumentNumbers(reading) : [], maxWords: 3 },
    { values: mrzPersonalNumbers(reading), maxWords: 5 },
  ];
}

/**
 * Reads the side that carries an MRZ once more, with its coloured inks faded
 * to white (and if need be once more, see READS), when the MRZ names a
 * document or personal number that no read so far found printed: not the read
 * of the whole page, nor a close read under a label (which needs the label
 * read). A dense guilloche in any colour, even dark, under a number and its
 * label hides both from the page's read; black print on it survives the fading
 * (see colourFadedGray). One read of the part above the MRZ, about 0.4 s, and
 * only on pages that need it; only words that read as a missing number are
 * kept, so a misread elsewhere covers nothing.
 */
export const colourFadedReader: Detector = {
  name: 'colour-faded',
  async detect(analysis, { ocr }) {
    const frame = analysis.textFrame;
    if (!frame) return;
    for (const reading of analysis.mrz) {
      const visual = visualZoneWords(analysis);
      const missing = printedNumbers(reading).filter(
        ({ values, maxWords }) => values.length > 0 && wordsReadingAs(visual, values, maxWords).length === 0,
      );
      if (missing.length === 0) continue;
      const { rect, pxPerMm } = aboveMrzRect(reading.parsed.format, reading.frame);
      const place = quadBounds(orientedRectQuad(rect).map((p) => pointInFrame(frame, p)));
      const scale = Math.min(4, Math.max(0.5, READ_PX_PER_MM / pxPerMm));
      let stillMissing = missing;
      for (const { render, foundBy } of READS) {
        const read = visualZoneWords(
          analysis,
          await readCloseUp(analysis, frame, place, scale, { render, enlarge: 1 }, ocr),
        );
        const found = stillMissing.map(({ values, maxWords }) => wordsReadingAs(read, values, maxWords));
        analysis.words.push(...found.flat().map((w) => ({ ...w, foundBy })));
        stillMissing = stillMissing.filter((_, i) => found[i]!.length === 0);
        if (stillMissing.length === 0) break;
      }
    }
  },
};
