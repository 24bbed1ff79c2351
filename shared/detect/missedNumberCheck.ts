import { ownSchemes, validatePersonalNumber } from '../ids/personalNumbers.js';
import type { MrzReading } from '../mrz/read.js';
import type { Detector } from './types.js';
import { foundPrinted, mrzNumberNotFoundInPrint, UNMATCHED_NUMBER_DETECTOR } from './unmatchedNumberDetector.js';
import { PERSONAL_NUMBER_FORMATS } from './vizText.js';

/** Why OCR may lose a printed number, and what to do, for the warnings below. */
const LOOK =
  'was not found printed on the page (OCR can lose it on a patterned background, in glare or in small print): look for it on the copy and cover it by hand if it shows';

/** The same, where words of a number's shape were covered in its stead (see unmatchedNumberDetector). */
const LOOK_GUESSED =
  'was not found printed on the page; words of letters and digits were covered as the likeliest print of it: check that they are the number and that nothing of it shows';

/**
 * The name of the national personal number a reading's optional data holds,
 * valid under its issuing state's own scheme, if it holds one: the state then
 * prints it on the data page too. Only the state's own: a checksum passes one
 * number in ten, and the Luxembourg specimen's optional data passes the
 * Estonian one. Pieces split by fillers are tried run together and joined by
 * a dash ("311266<9539").
 */
function optionalPersonalNumber(reading: MrzReading): string | undefined {
  if (!PERSONAL_NUMBER_FORMATS.has(reading.parsed.format)) return undefined;
  const schemes = ownSchemes(reading.parsed.fields.issuingState);
  if (schemes.length === 0) return undefined;
  for (const field of reading.parsed.fields.optionalFields) {
    const pieces = field.split(/<+/).filter(Boolean);
    for (const candidate of new Set([pieces.join(''), pieces.join('-')])) {
      const valid = validatePersonalNumber(candidate, schemes);
      if (valid) return valid.scheme.name;
    }
  }
  return undefined;
}

/**
 * The last word on a page: a data page prints the document number its MRZ
 * names in the visual zone too (see NUMBER_IN_VISUAL_ZONE), and a passport
 * whose MRZ holds a valid national personal number prints that too, so where
 * no detector found one printed (a laser-perforated copy of the document
 * number, or a piece of it printed on its own, does not count), OCR lost it — on a guilloche as dark as its print,
 * in glare, in print too small — and it may still be visible on the copy. The
 * MRZ's copy is covered either way; the page gets a warning, so the file is
 * reported for review instead of as redacted. The number itself is never named.
 */
export const missedNumberCheck: Detector = {
  name: 'missed-number-check',
  async detect(analysis) {
    const page = `page ${analysis.page.index + 1}`;
    const namingDocumentNumber = mrzNumberNotFoundInPrint(analysis);
    const guessed = analysis.regions.some((r) => r.detector === UNMATCHED_NUMBER_DETECTOR);
    if (namingDocumentNumber)
      analysis.warnings.push(
        `${page}: the document number that the ${namingDocumentNumber.parsed.format} MRZ names ${guessed ? LOOK_GUESSED : LOOK}`,
      );
    const personalNumber = analysis.mrz.map(optionalPersonalNumber).find(Boolean);
    if (personalNumber && !foundPrinted(analysis, 'personal_number'))
      analysis.warnings.push(`${page}: the ${personalNumber} that the MRZ's optional data holds ${LOOK}`);
  },
};
