import { withArticle } from '../article.js';
import { quadBounds } from '../geometry.js';
import { facingPageCopyFor } from '../layout/facingPageCopies.js';
import { dataPageRectToPage, MRZ_PITCH_MM } from '../layout/icao.js';
import { adaptiveInkMask } from '../image/gray.js';
import { extractOrientedRect } from '../image/warp.js';
import type { Detector } from './types.js';

/** The band is looked at with this many pixels to the millimetre ... */
const LOOK_PX_PER_MM = 8;
/** ... and shows print where at least this share of it is ink (a line of small type: 2-3 %; blank paper: none). */
const MIN_INK_SHARE = 0.005;

/**
 * Covers the copy of the MRZ's data that some passports print on the page
 * facing the data page (see facingPageCopies.ts), where the picture shows
 * print there: in type too small for OCR to read or for the MRZ locator to
 * see (the Australian specimen's 6-pixel glyphs), but not for a person to
 * read. Where the band is off the picture or blank (a scan of the data page
 * alone), nothing is covered.
 */
export const facingPageCopyDetector: Detector = {
  name: 'facing-page-copy',
  async detect(analysis) {
    for (const reading of analysis.mrz) {
      const { format, fields } = reading.parsed;
      const copy = facingPageCopyFor(format, fields.issuingState);
      const quad = copy && dataPageRectToPage(format, reading.frame, copy.copyMm);
      if (!copy || !quad) continue;
      const pxPerMm = reading.frame.pitch / MRZ_PITCH_MM;
      const band = extractOrientedRect(
        analysis.gray,
        {
          origin: quad[0],
          u: reading.frame.u,
          v: reading.frame.v,
          length: copy.copyMm.width * pxPerMm,
          thickness: copy.copyMm.height * pxPerMm,
        },
        LOOK_PX_PER_MM / pxPerMm,
      );
      const ink = adaptiveInkMask(band, LOOK_PX_PER_MM, 12);
      const share = ink.reduce((sum, v) => sum + v, 0) / ink.length;
      if (share < MIN_INK_SHARE) continue;
      analysis.regions.push({
        kind: 'mrz',
        page: analysis.page.index,
        box: quadBounds(quad),
        quad,
        confidence: 0.5,
        reason: `print on the page facing the data page, where the MRZ names ${withArticle(copy.document)}, which repeats ${copy.what} there (measured on its specimen), so that band is covered`,
        detector: 'facing-page-copy',
      });
    }
  },
};
