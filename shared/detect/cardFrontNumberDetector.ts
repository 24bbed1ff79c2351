import { boxToQuad, quadCenter, quadContains, type Quad } from '../geometry.js';
import { isLettersAndDigitsNumber } from '../ids/documentNumberFormats.js';
import { mostlyCoveredByRegions } from '../regions.js';
import { wordsOfDates } from './dateShapes.js';
import { SpanCovers, wordSpans } from './textSpans.js';
import type { Detector } from './types.js';

/**
 * Covers a card's number printed without a label on a side that shows a
 * portrait but no MRZ (an identity card's front: its MRZ, which would name
 * the number, is on the back), in a format none of the national formats
 * knows: a word of letters and digits, three digits at least (see
 * isLettersAndDigitsNumber), not a date nor part of one, not under a cover
 * yet, not in an MRZ-like band covered unread. Names have no digits and dates
 * are dates, so what the copy must keep is not of this shape; numbers of
 * digits only are the serial-number detector's.
 */
export const cardFrontNumberDetector: Detector = {
  name: 'card-front-number',
  async detect(analysis) {
    const frame = analysis.textFrame;
    if (!frame || analysis.mrz.length > 0 || !analysis.regions.some((r) => r.kind === 'portrait')) return;
    const dates = wordsOfDates(analysis.words);
    // An MRZ-like band covered unread (analysis.mrz is then empty): what OCR made of it is MRZ characters.
    const mrzBands = analysis.regions.filter((r) => r.kind === 'mrz').map((r) => r.quad ?? boxToQuad(r.box));
    const inMrzBand = (quad: Quad): boolean => mrzBands.some((band) => quadContains(band, quadCenter(quad)));
    const found = new SpanCovers(frame, analysis.words);
    for (const span of wordSpans(analysis.words, 1)) {
      const word = span.words[0]!;
      if (!isLettersAndDigitsNumber(span.compact)) continue;
      if (dates.has(word) || mostlyCoveredByRegions(word.quad, analysis.regions) || inMrzBand(word.quad)) continue;
      found.add(
        span,
        0.5,
        "letters and digits printed without a label on a card's side with a photo and no MRZ, the way cards print their number",
      );
    }
    analysis.regions.push(...found.regions('document_number', analysis.page.index, 'card-front-number'));
  },
};
