import { isLettersAndDigitsNumber } from '../ids/documentNumberFormats.js';
import { coverLoneNumberWords } from './loneNumberWords.js';
import type { Detector } from './types.js';

/**
 * Covers a card's number printed without a label on a side that shows a
 * portrait but no MRZ (an identity card's front: its MRZ, which would name
 * the number, is on the back), in a format none of the national formats
 * knows: a word of letters and digits, three digits at least (see
 * isLettersAndDigitsNumber), not a date nor part of one, not under a cover
 * yet, not in an MRZ-like band (see coverLoneNumberWords). Names have no
 * digits and dates are dates, so what the copy must keep is not of this
 * shape; numbers of digits only are the serial-number detector's.
 */
export const cardFrontNumberDetector: Detector = {
  name: 'card-front-number',
  async detect(analysis) {
    if (analysis.mrz.length > 0 || !analysis.regions.some((r) => r.kind === 'portrait')) return;
    coverLoneNumberWords(analysis, 'card-front-number', 0.5, (compact) =>
      isLettersAndDigitsNumber(compact)
        ? "letters and digits printed without a label on a card's side with a photo and no MRZ, the way cards print their number"
        : undefined,
    );
  },
};
