import { isLettersAndDigitsNumber } from '../ids/documentNumberFormats.js';
import { coverLoneNumberWords } from './loneNumberWords.js';
import { normaliseLabel, printedLines } from './textSpans.js';
import type { VizWord } from './textFrame.js';
import type { Detector } from './types.js';

/**
 * Titles of driving licences (lower case, as normaliseLabel leaves them): the EU model licence and
 * the UK's print their fields under bare numbers, the licence number as field "5.", with no label
 * in words, and those small numbers are seldom read.
 */
export const DRIVING_LICENCE_TITLES = [
  'driving licence',
  'driving license',
  'driver license',
  'rijbewijs',
  'führerschein',
  'fuhrerschein',
  'permis de conduire',
  'permiso de conducción',
  'permiso de conduccion',
  'patente di guida',
  'prawo jazdy',
  'körkort',
  'korkort',
  'kørekort',
  'ajokortti',
  'carta de condução',
  'carta de conducao',
];

/** Whether the page's text reads a driving licence's title. */
export function readsAsDrivingLicence(words: readonly VizWord[]): boolean {
  return printedLines(words).some((line) => {
    const inOrder = [...line].sort((a, b) => a.upright.x - b.upright.x);
    const text = ` ${normaliseLabel(inOrder.map((w) => w.text).join(' '))} `;
    return DRIVING_LICENCE_TITLES.some((title) => text.includes(` ${title} `));
  });
}

/**
 * A driving licence's number: on a page whose text reads a licence's title,
 * a word of 6 to 18 letters and digits, three digits at least and a letter
 * (numbers of digits only are serial numbers, see serialNumberDetector), not
 * a date nor part of one, not under a cover yet (see coverLoneNumberWords).
 * Names have no digits; the dates of birth, issue and expiry are dates;
 * categories ("AM/B") have no digits; what else may have the shape, a
 * postcode of an address, is covered too, which hides nothing the copy needs.
 */
export const drivingLicenceDetector: Detector = {
  name: 'driving-licence',
  async detect(analysis) {
    if (!readsAsDrivingLicence(analysis.words)) return;
    coverLoneNumberWords(analysis, 'driving-licence', 0.6, (compact) =>
      isLettersAndDigitsNumber(compact)
        ? 'a number printed on a driving licence (its field 5, the licence number, has no label in words)'
        : undefined,
    );
  },
};
