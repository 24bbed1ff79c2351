/** Text lines within this many degrees of a direction are taken as that direction, tilted. */
export const TEXT_TILT_REACH = 12;

/**
 * The direction of the page's text lines (`directions`, degrees clockwise from
 * +x; a line runs one way or the other) nearest `base`, within TEXT_TILT_REACH;
 * `base` itself where no line runs that close to it. For a page without an
 * MRZ, whose quarter turn the portrait gives: the text's tilt from it.
 */
export function nearestTextDirection(directions: readonly number[] | undefined, base: number): number {
  let best = base;
  let bestOff = TEXT_TILT_REACH;
  for (const direction of directions ?? []) {
    for (const angle of [direction, direction + 180]) {
      const off = Math.abs(((angle - base + 540) % 360) - 180);
      if (off < bestOff) [best, bestOff] = [base + ((angle - base + 540) % 360) - 180, off];
    }
  }
  return best;
}
