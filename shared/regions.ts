import { boxToQuad, quadCenter, quadContains, type Box, type Point, type Quad } from './geometry.js';

/** What a region hides. Later detectors add the kinds after `mrz`. */
export type RegionKind = 'mrz' | 'document_number' | 'personal_number' | 'portrait' | 'ghost_portrait' | 'manual';

/** Something to cover, as found by a detector or drawn by the user. */
export interface Region {
  kind: RegionKind;
  /** 0-based page index. */
  page: number;
  /** Axis-aligned cover, page pixels. */
  box: Box;
  /** The exact (possibly rotated) cover when the text is skewed; `box` bounds it. */
  quad?: Quad;
  /** 0..1: how sure the detector is that this is what `kind` says. */
  confidence: number;
  /** Why it was found, in words a user understands. Never holds the sensitive value. */
  reason: string;
  /** Which detector produced it. */
  detector: string;
}

/**
 * `quad` lies wholly under `regions` (each corner inside one of their covers):
 * text under it needs no cover of its own. Overlapping is not enough: a zone
 * that cuts into a number leaves the rest of it readable.
 */
export function coveredByRegions(quad: Quad, regions: readonly Region[]): boolean {
  return quad.every((corner) => regions.some((r) => quadContains(r.quad ?? boxToQuad(r.box), corner)));
}

/**
 * coveredByRegions for an OCR box shrunk by a tenth toward its centre: a cover
 * that ends a pixel short of the box still counts as covering the word.
 */
export function mostlyCoveredByRegions(quad: Quad, regions: readonly Region[]): boolean {
  const centre = quadCenter(quad);
  const toward = (p: Point): Point => ({ x: centre.x + (p.x - centre.x) * 0.9, y: centre.y + (p.y - centre.y) * 0.9 });
  return coveredByRegions([toward(quad[0]), toward(quad[1]), toward(quad[2]), toward(quad[3])], regions);
}
