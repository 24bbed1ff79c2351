import { documentNumberFormatsOf } from '../ids/documentNumberFormats.js';
import { mostlyCoveredByRegions } from '../regions.js';
import { wordsOfDates } from './dateShapes.js';
import { SpanCovers, wordSpans } from './textSpans.js';
import { isIdPage } from './serialNumberDetector.js';
import type { Detector } from './types.js';

/**
 * Covers document numbers printed without a label in a national format (see
 * documentNumberFormats.ts): the German identity card's number alone at the
 * top right of its front, a UK driving licence's after the bare field number
 * "5.". Only on pages that show an MRZ or a portrait, where such a value is a
 * document's; a word whose letters and digits have a format's shape, not part
 * of a date; words under covers already are left alone.
 */
export const nationalFormatDetector: Detector = {
  name: 'national-format',
  async detect(analysis) {
    const frame = analysis.textFrame;
    if (!frame) return;
    if (!isIdPage(analysis)) return;
    const found = new SpanCovers(frame, analysis.words);
    const dates = wordsOfDates(analysis.words);
    // One word each: these numbers are printed without spaces, and words read together made
    // shapes of parts of dates on the specimens ("JUN /JUIN 11", "AUG/AQUT 74").
    for (const span of wordSpans(analysis.words, 1)) {
      const [format] = documentNumberFormatsOf(span.compact);
      if (!format) continue;
      const word = span.words[0]!;
      if (dates.has(word) || mostlyCoveredByRegions(word.quad, analysis.regions)) continue;
      found.add(span, 0.6, `printed without a label in the format of ${format.name}`);
    }
    analysis.regions.push(...found.regions('document_number', analysis.page.index, 'national-format'));
  },
};
