import { boxToQuad, overlapShare, quadCenter, quadContains } from '../geometry.js';
import { mostlyCoveredByRegions } from '../regions.js';
import { wordsOfDates } from './dateShapes.js';
import { SpanCovers, wordSpans } from './textSpans.js';
import type { VizWord } from './textFrame.js';
import type { PageAnalysis } from './types.js';

/** A page's read this sure of a word of letters outweighs another of the page's reads of the same place. */
const SURE_WORD = 80;

/**
 * The page's own read found a word without digits where a second read (of a
 * rendering that keeps the darkest print only, say) found `word`, and was
 * surer of it: generated cards' surnames "BOOTHBY" (confidence 95) and
 * "SOBOTKA" (74), read "S00T4BRY" (11) and "50B0TKA" (33) with only the
 * darkest print kept, had been covered as card numbers. Where `word` is the
 * page's own read too (a page read both ways, a photo read whole and
 * straightened), the word without digits must be read surely (SURE_WORD) and
 * be three letters at least: a blurred photo's given names "SIGRID" (88) were
 * also read "s16a1d" (57). A word with a digit outweighs nothing: it may be
 * the number misread ("UZoLBTO3H", 66).
 */
function readSurerAsWord(word: VizWord, words: readonly VizWord[]): boolean {
  return words.some(
    (other) =>
      !other.foundBy &&
      !/[0-9]/.test(other.text) &&
      other.confidence > word.confidence &&
      (word.foundBy !== undefined || (other.confidence >= SURE_WORD && /^\p{L}{3,}$/u.test(other.text))) &&
      overlapShare(other.upright, word.upright) >= 0.5,
  );
}

/**
 * Covers the page's words that `reasonFor` takes for a document's number
 * printed without a label (it returns the cover's reason, or undefined), as
 * document numbers found by `detector`. One word each: such numbers are
 * printed without spaces, and words read together made number shapes of
 * parts of dates on the specimens ("JUN /JUIN 11", "AUG/AQUT 74"). Never a
 * date nor part of one, a word already under a cover, or a word inside an
 * MRZ-like band (what OCR made of MRZ characters there is covered with the
 * band; its cover may be tilted past the word's corners), nor a word another
 * of the page's reads found surer as a word (see readSurerAsWord).
 */
export function coverLoneNumberWords(
  analysis: PageAnalysis,
  detector: string,
  confidence: number,
  reasonFor: (compact: string) => string | undefined,
): void {
  const frame = analysis.textFrame;
  if (!frame) return;
  const dates = wordsOfDates(analysis.words);
  const mrzBands = analysis.regions.filter((r) => r.kind === 'mrz').map((r) => r.quad ?? boxToQuad(r.box));
  const found = new SpanCovers(frame, analysis.words);
  for (const span of wordSpans(analysis.words, 1)) {
    const reason = reasonFor(span.compact);
    if (reason === undefined) continue;
    const word = span.words[0]!;
    if (dates.has(word) || mostlyCoveredByRegions(word.quad, analysis.regions)) continue;
    if (readSurerAsWord(word, analysis.words)) continue;
    if (mrzBands.some((band) => quadContains(band, quadCenter(word.quad)))) continue;
    found.add(span, confidence, reason);
  }
  analysis.regions.push(...found.regions('document_number', analysis.page.index, detector));
}
