import type { GrayImage } from './gray.js';

/**
 * Renderings that keep only the darkest print of a page part, for reading
 * numbers known in advance on dense guilloches: every pixel lighter than a
 * white point turns white, darker ones are stretched to the full range.
 */

/** Where keepDarkestInk puts its white point: this share of the way from the darkest print to the paper. */
const DARKEST_INK_SHARE = 0.4;

/** An image's grey-level histogram and its darkest print (0.5th percentile) and paper (median) levels. */
function inkLevels(image: GrayImage): { histogram: Uint32Array; dark: number; paper: number } {
  const histogram = new Uint32Array(256);
  for (const v of image.data) histogram[v]!++;
  const percentile = (share: number): number => {
    let value = 0;
    for (let seen = histogram[0]!; value < 255 && seen <= image.data.length * share;) seen += histogram[++value]!;
    return value;
  };
  return { histogram, dark: percentile(0.005), paper: percentile(0.5) };
}

/** Every pixel at `white` or lighter turns white; darker ones are stretched from `dark` to the full range. */
function keepDarkerThan(image: GrayImage, dark: number, white: number): GrayImage {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) {
    const v = image.data[i]!;
    data[i] = v >= white ? 255 : Math.max(0, Math.round((255 * (v - dark)) / (white - dark)));
  }
  return { width: image.width, height: image.height, data };
}

/**
 * The darkest print alone: every pixel lighter than a level between the
 * darkest print (its 0.5th percentile) and the paper (the median) turns white,
 * darker ones are stretched to the full range. Black print on a dense grey
 * guilloche (lines of 144 on 208, which fading colours leaves as they are)
 * keeps its strokes' cores while the lines vanish; lighter print (blue-grey
 * labels) vanishes too, so this is for reading numbers known in advance.
 */
export function keepDarkestInk(image: GrayImage): GrayImage {
  const { dark, paper } = inkLevels(image);
  // Nothing much darker than the paper: no print to keep apart (as stretchContrast).
  if (paper - dark < 16) return image;
  return keepDarkerThan(image, dark, dark + DARKEST_INK_SHARE * (paper - dark));
}

/** Grey levels a histogram is smoothed over (each side) before its peaks and gaps are judged. */
const GAP_SMOOTHING = 2;
/** A gap is this many times emptier than the darkest print's peak... */
const GAP_DEPTH = 4;
/** ... and followed, before keepDarkestInk's white point, by ink this many times fuller than it. */
const GAP_RISE = 3;

/**
 * The darkest print alone where a second ink nearly as dark lies between it and
 * keepDarkestInk's white point (a near-black guilloche: lines of 48 under black
 * print, which keepDarkestInk keeps as grey strokes across the digits): the
 * white point moves down to the gap between the two, the emptiest grey level
 * after the print's peak, where one is followed by more ink. Undefined where
 * there is no such gap: keepDarkestInk already keeps the print alone.
 */
export function keepDarkestInkBeforeGap(image: GrayImage): GrayImage | undefined {
  const { histogram, dark, paper } = inkLevels(image);
  if (paper - dark < 32) return undefined;
  const white = Math.round(dark + DARKEST_INK_SHARE * (paper - dark));
  const smoothed = (level: number): number => {
    let sum = 0;
    for (let l = Math.max(0, level - GAP_SMOOTHING); l <= Math.min(255, level + GAP_SMOOTHING); l++)
      sum += histogram[l]!;
    return sum;
  };
  // The print's peak: the fullest level before the counts first fall well below it.
  let level = dark;
  let peak = smoothed(level);
  for (; level < white && smoothed(level) * GAP_DEPTH > peak; level++) peak = Math.max(peak, smoothed(level));
  let gap = level;
  for (; level < white; level++) if (smoothed(level) < smoothed(gap)) gap = level;
  let rise = 0;
  for (level = gap + 1; level < white; level++) rise = Math.max(rise, smoothed(level));
  if (gap >= white || smoothed(gap) * GAP_DEPTH > peak || rise < GAP_RISE * Math.max(1, smoothed(gap)))
    return undefined;
  return keepDarkerThan(image, dark, Math.max(dark + 1, gap));
}
