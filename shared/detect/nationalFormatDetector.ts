import { documentNumberFormatsOf } from '../ids/documentNumberFormats.js';
import { coverLoneNumberWords } from './loneNumberWords.js';
import { isIdPage } from './serialNumberDetector.js';
import type { Detector } from './types.js';

/**
 * Covers document numbers printed without a label in a national format (see
 * documentNumberFormats.ts): the German identity card's number alone at the
 * top right of its front, a UK driving licence's after the bare field number
 * "5.". Only on pages that show an MRZ or a portrait, where such a value is a
 * document's; a word whose letters and digits have a format's shape (see
 * coverLoneNumberWords for what is never covered).
 */
export const nationalFormatDetector: Detector = {
  name: 'national-format',
  async detect(analysis) {
    if (!isIdPage(analysis)) return;
    coverLoneNumberWords(analysis, 'national-format', 0.6, (compact) => {
      const [format] = documentNumberFormatsOf(compact);
      return format && `printed without a label in the format of ${format.name}`;
    });
  },
};
