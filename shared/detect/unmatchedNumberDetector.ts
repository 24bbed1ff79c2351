import { isLettersAndDigitsNumber } from '../ids/documentNumberFormats.js';
import type { MrzReading } from '../mrz/read.js';
import type { RegionKind } from '../regions.js';
import { documentNumberDetector } from './documentNumberDetector.js';
import { coverLoneNumberWords } from './loneNumberWords.js';
import { compactValue } from './textSpans.js';
import type { Detector, PageAnalysis } from './types.js';
import { NUMBER_IN_VISUAL_ZONE } from './vizText.js';

export const UNMATCHED_NUMBER_DETECTOR = 'unmatched-number';

/** Document numbers shorter than this (fillers aside) are not looked for in the visual zone either. */
const MIN_DOCUMENT_NUMBER_LENGTH = 5;

/**
 * A number of `kind` was found printed whole on the page: a personal number by
 * its detector; a document number only as the document-number detector finds
 * it, read as the MRZ's or as a label's value. A perforated copy, a piece
 * printed on its own, and a number-shaped word whose identity nothing tells (a
 * serial number printed alone, a national format, this detector's guess) are
 * not it: on a blurred phone photo a serial-number cover of the personal
 * number had counted as the document number, and the copy was reported as
 * redacted with the number visible.
 */
export function foundPrinted(analysis: PageAnalysis, kind: RegionKind): boolean {
  return analysis.regions.some(
    (r) => r.kind === kind && (kind !== 'document_number' || r.detector === documentNumberDetector.name),
  );
}

/**
 * The page's MRZ of a data page (which prints its document number in the
 * visual zone too, see NUMBER_IN_VISUAL_ZONE), whose number no detector found
 * printed on the page.
 */
export function mrzNumberNotFoundInPrint(analysis: PageAnalysis): MrzReading | undefined {
  if (foundPrinted(analysis, 'document_number')) return undefined;
  return analysis.mrz.find(
    (reading) =>
      NUMBER_IN_VISUAL_ZONE.has(reading.parsed.format) &&
      compactValue(reading.parsed.fields.documentNumber).length >= MIN_DOCUMENT_NUMBER_LENGTH,
  );
}

/**
 * A data page's MRZ names a document number that no detector found printed:
 * in a small, blurred phone photo OCR misreads both the MRZ's copy and the
 * print ("U181D061P" in the MRZ, "NXS20861P" on the page, for "NXSZOB6IP"),
 * so neither matches the other. The page is then where a card's front is
 * (see cardFrontNumberDetector): a number is printed whose text is not known.
 * Its words of letters and digits (three digits at least, not a date nor part
 * of one, not under a cover yet, not in the MRZ's band; see
 * coverLoneNumberWords) are covered as the likeliest print of it, and the
 * page keeps its warning (missedNumberCheck) so the copy is looked at. Names
 * have no digits and dates are dates, so what the copy must keep is not of
 * this shape.
 */
export const unmatchedNumberDetector: Detector = {
  name: UNMATCHED_NUMBER_DETECTOR,
  async detect(analysis) {
    const reading = mrzNumberNotFoundInPrint(analysis);
    if (!reading) return;
    coverLoneNumberWords(analysis, UNMATCHED_NUMBER_DETECTOR, 0.4, (compact) =>
      isLettersAndDigitsNumber(compact)
        ? `letters and digits printed without a label on a ${reading.parsed.format} data page whose MRZ names a document number not found in print (OCR misread one or the other): the likeliest print of it`
        : undefined,
    );
  },
};
