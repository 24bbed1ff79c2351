import { orientedRectQuad, quadBounds } from '../geometry.js';
import { aboveMrzRect } from '../layout/icao.js';
import type { MrzReading } from '../mrz/read.js';
import { COLOUR_FADED, readCloseUp, wordsReadingAs } from './closeRead.js';
import { mrzDocumentNumbers } from './documentNumberDetector.js';
import { mrzPersonalNumbers } from './personalNumberDetector.js';
import { pointInFrame } from './textFrame.js';
import type { Detector } from './types.js';
import { NUMBER_IN_VISUAL_ZONE, visualZoneWords } from './vizText.js';

/** The side is read at about this many pixels per document millimetre (2.5 mm digits, 20 pixels high). */
const READ_PX_PER_MM = 8;

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
 * to white, when the MRZ names a document or personal number that no read so
 * far found printed: not the read of the whole page, nor a close read under a
 * label (which needs the label read). A dense guilloche in any colour, even
 * dark, under a number and its label hides both from the page's read; black
 * print on it survives the fading (see colourFadedGray). One read of the part
 * above the MRZ, about 0.4 s, and only on pages that need it; only words that
 * read as a missing number are kept, so a misread elsewhere covers nothing.
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
      const read = visualZoneWords(
        analysis,
        await readCloseUp(analysis, frame, place, scale, { render: COLOUR_FADED, enlarge: 1 }, ocr),
      );
      for (const { values, maxWords } of missing) {
        analysis.words.push(
          ...wordsReadingAs(read, values, maxWords).map((w) => ({
            ...w,
            foundBy: 'read again with the coloured background faded',
          })),
        );
      }
    }
  },
};
