import { NUMBER_IN_VISUAL_ZONE } from './vizText.js';
import { compactValue } from './textSpans.js';
import type { Detector } from './types.js';

/** Document numbers shorter than this (fillers aside) are not looked for in the visual zone either. */
const MIN_DOCUMENT_NUMBER_LENGTH = 5;

/**
 * The last word on a page: a data page prints the document number its MRZ
 * names in the visual zone too (see NUMBER_IN_VISUAL_ZONE), so where no
 * detector found it printed (a laser-perforated copy of it does not count),
 * OCR lost it — on a guilloche nearly as dark as its print, in glare, in print
 * too small — and it may still be visible on the copy. The MRZ's copy is
 * covered either way; the page gets a warning, so the file is reported for
 * review instead of as redacted. The number itself is never named.
 */
export const missedNumberCheck: Detector = {
  name: 'missed-number-check',
  async detect(analysis) {
    if (analysis.regions.some((r) => r.kind === 'document_number' && r.detector !== 'perforation')) return;
    const naming = analysis.mrz.find(
      (reading) =>
        NUMBER_IN_VISUAL_ZONE.has(reading.parsed.format) &&
        compactValue(reading.parsed.fields.documentNumber).length >= MIN_DOCUMENT_NUMBER_LENGTH,
    );
    if (!naming) return;
    analysis.warnings.push(
      `page ${analysis.page.index + 1}: the document number that the ${naming.parsed.format} MRZ names was not found printed on the page (OCR can lose it on a patterned background, in glare or in small print): look for it on the copy and cover it by hand if it shows`,
    );
  },
};
