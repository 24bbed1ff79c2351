import { quadBounds, type Box } from '../geometry.js';
import {
  binarizeLocal,
  colourFadedGray,
  darkestChannelGray,
  lightestChannelGray,
  stretchContrast,
  type GrayImage,
} from '../image/gray.js';
import { keepDarkestInk, keepDarkestInkBeforeGap } from '../image/darkInk.js';
import { extractOrientedRect } from '../image/warp.js';
import { spansReadingAs } from './printedMatch.js';
import { framePoint, frameQuad, type TextFrame, type VizWord } from './textFrame.js';
import { wordSpans } from './textSpans.js';
import type { DetectorTools, PageAnalysis } from './types.js';

/**
 * Close reads: a small place of the page where a known number should be
 * printed, cut out tightly and read on its own. Tesseract's page layout
 * analysis loses a line on a busy background (a guilloche, a stamp) that it
 * reads well alone.
 */

/**
 * A place (text frame box) rendered upright for OCR at `scale` pixels per page
 * pixel; undefined where the rendering would show nothing another does not (no read).
 */
export type Rendering = (analysis: PageAnalysis, frame: TextFrame, place: Box, scale: number) => GrayImage | undefined;

const cut = (gray: GrayImage, frame: TextFrame, place: Box, scale: number, offset = { x: 0, y: 0 }): GrayImage => {
  const origin = framePoint(frame, { x: place.x, y: place.y });
  const rect = {
    origin: { x: origin.x - offset.x, y: origin.y - offset.y },
    u: frame.u,
    v: frame.v,
    length: place.width,
    thickness: place.height,
  };
  return stretchContrast(extractOrientedRect(gray, rect, scale));
};

const lightest = (analysis: PageAnalysis, frame: TextFrame, place: Box, scale: number): GrayImage => {
  const { page } = analysis;
  const bounds = quadBounds(frameQuad(frame, place));
  const { gray, at } = lightestChannelGray(page.rgb, page.width, page.height, bounds);
  return cut(gray, frame, place, scale, at);
};

/** Black print with every coloured ink faded to white (see colourFadedGray), contrast stretched. */
export const COLOUR_FADED: Rendering = (analysis, frame, place, scale) => {
  const { page } = analysis;
  const { gray, at } = colourFadedGray(page.rgb, page.width, page.height, quadBounds(frameQuad(frame, place)));
  return cut(gray, frame, place, scale, at);
};

/** Each pixel's darkest channel over `place`, cut upright and contrast stretched. */
const darkestChannelCut = (analysis: PageAnalysis, frame: TextFrame, place: Box, scale: number): GrayImage => {
  const { page } = analysis;
  const { gray, at } = darkestChannelGray(page.rgb, page.width, page.height, quadBounds(frameQuad(frame, place)));
  return cut(gray, frame, place, scale, at);
};

/**
 * The darkest print alone (see keepDarkestInk) in each pixel's darkest channel:
 * black print, and red or blue print (which turns as dark), on a grey or pale
 * coloured guilloche, whose lines stay lighter in every channel.
 */
export const DARKEST_INK: Rendering = (analysis, frame, place, scale) =>
  keepDarkestInk(darkestChannelCut(analysis, frame, place, scale));

/**
 * The darkest print alone where a near-black guilloche's lines lie between it
 * and DARKEST_INK's white point (see keepDarkestInkBeforeGap); undefined where
 * none do, since DARKEST_INK then reads the same.
 */
export const DARKEST_INK_BEFORE_GAP: Rendering = (analysis, frame, place, scale) =>
  keepDarkestInkBeforeGap(darkestChannelCut(analysis, frame, place, scale));

/** The page's grey pixels, contrast stretched. */
export const GREY: Rendering = (analysis, frame, place, scale) => cut(analysis.gray, frame, place, scale);

/**
 * Renderings tried in turn until one reads the number: grey; each pixel's
 * lightest channel (black print stays dark, a coloured guilloche fades); that
 * binarised; grey enlarged further.
 */
export const RENDERINGS: readonly { render: Rendering; enlarge: number }[] = [
  { render: GREY, enlarge: 1 },
  { render: lightest, enlarge: 1 },
  {
    render: (analysis, frame, place, scale) =>
      binarizeLocal(lightest(analysis, frame, place, scale), Math.round(8 * scale), 10),
    enlarge: 1,
  },
  { render: GREY, enlarge: 1.4 },
];

/** The words OCR reads in `place` (text frame), rendered by `rendering` at `scale`, placed in the text frame. */
export async function readCloseUp(
  analysis: PageAnalysis,
  frame: TextFrame,
  place: Box,
  scale: number,
  rendering: { render: Rendering; enlarge: number },
  ocr: DetectorTools['ocr'],
): Promise<VizWord[]> {
  const at = scale * rendering.enlarge;
  // Line numbers after the page's own, so that a close read's words are never joined to a line of theirs.
  const firstLine = Math.max(0, ...analysis.words.map((w) => w.line + 1));
  const image = rendering.render(analysis, frame, place, at);
  if (!image) return [];
  return (await ocr.readWords(image)).map((w) => {
    const upright = {
      x: place.x + w.bbox.x0 / at,
      y: place.y + w.bbox.y0 / at,
      width: (w.bbox.x1 - w.bbox.x0) / at,
      height: (w.bbox.y1 - w.bbox.y0) / at,
    };
    const quad = frameQuad(frame, upright);
    return { text: w.text, upright, quad, box: quadBounds(quad), line: firstLine + w.line, confidence: w.confidence };
  });
}

/** The words of runs of up to `maxWords` words that read as one of `values` (see spansReadingAs). */
export function wordsReadingAs(words: readonly VizWord[], values: readonly string[], maxWords: number): VizWord[] {
  return spansReadingAs(wordSpans(words, maxWords), values).flatMap((span) => span.words);
}
