import { quadBounds } from '../geometry.js';
import { documentNumberZone, MRZ_PITCH_MM } from '../layout/icao.js';
import { GREY, readCloseUp, wordsReadingAs } from './closeRead.js';
import { mrzDocumentNumbers } from './documentNumberDetector.js';
import { pointInFrame } from './textFrame.js';
import type { Detector } from './types.js';
import { visualZoneWords } from './vizText.js';

/** Strips one line of a number high (document millimetres): numbers print 2-3 mm tall. */
const STRIP_MM = 4;
/** Strips overlap so that every line up to STRIP_MM - STEP_MM high lies whole in one. */
const STEP_MM = 1.25;
/** Strips are read at this many pixels per document millimetre (a 2.5 mm number, 30 pixels high). */
const READ_PX_PER_MM = 12;

/**
 * Looks for the MRZ's document number where ICAO data pages print it (top
 * right, over the personal data), when no read so far found it anywhere:
 * neither the read of the whole page nor a close read of a label's value
 * (the label itself may be unreadable). The zone is read in overlapping strips
 * one line high, each on its own, and only words that read as the MRZ's
 * number are kept. On the Lithuanian specimen the number, in the page's top
 * corner on a guilloche, is run together with its label into one unreadable
 * word by the page's read; one strip reads "00000000". Costs about a second
 * on a page that needs it, nothing elsewhere.
 */
export const numberZoneReader: Detector = {
  name: 'number-zone',
  async detect(analysis, { ocr }) {
    const frame = analysis.textFrame;
    if (!frame) return;
    for (const reading of analysis.mrz) {
      const values = mrzDocumentNumbers(reading);
      const zone = documentNumberZone(reading.parsed.format, reading.frame);
      if (values.length === 0 || !zone) continue;
      const visual = visualZoneWords(analysis);
      if (wordsReadingAs(visual, values, 3).length > 0) continue;
      const inFrame = quadBounds(zone.map((p) => pointInFrame(frame, p)));
      const pxPerMm = reading.frame.pitch / MRZ_PITCH_MM;
      const scale = Math.min(4, Math.max(1, READ_PX_PER_MM / pxPerMm));
      const rendering = { render: GREY, enlarge: 1 };
      for (let top = inFrame.y; top + STRIP_MM * pxPerMm <= inFrame.y + inFrame.height; top += STEP_MM * pxPerMm) {
        const strip = { x: inFrame.x, y: top, width: inFrame.width, height: STRIP_MM * pxPerMm };
        const found = wordsReadingAs(await readCloseUp(analysis, frame, strip, scale, rendering, ocr), values, 3);
        if (found.length === 0) continue;
        analysis.words.push(
          ...found.map((w) => ({ ...w, foundBy: 'read in a strip of the zone where ICAO data pages print it' })),
        );
        break;
      }
    }
  },
};
