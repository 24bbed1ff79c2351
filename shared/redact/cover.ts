import { boxToQuad, convexSpanAt, type Point } from '../geometry.js';
import type { PageImage } from '../load/page.js';
import type { Region } from '../regions.js';

export type Rgb = [number, number, number];

/**
 * Paints every region opaque on a copy of the page's full-resolution pixels.
 * Pixels whose centre or any corner is inside a region's polygon are covered,
 * so a boundary pixel is never left half-visible. Never blurs or blends.
 */
export function coverRegions(page: PageImage, regions: readonly Region[], colour: Rgb = [0, 0, 0]): Buffer {
  return paintRegions(Buffer.from(page.rgb), page, regions, colour);
}

/**
 * Paints every region opaque on the page's own pixels, for a caller done with
 * the original (the command line): no second full-page buffer (26 MB and
 * about 75 ms for a 300-dpi A4 page here, most of it the fresh memory).
 */
export function coverRegionsInPlace(page: PageImage, regions: readonly Region[], colour: Rgb = [0, 0, 0]): Buffer {
  return paintRegions(page.rgb, page, regions, colour);
}

function paintRegions(out: Buffer, page: PageImage, regions: readonly Region[], colour: Rgb): Buffer {
  for (const region of regions) {
    if (region.page !== page.index) continue;
    fillPolygon(out, page.width, page.height, region.quad ?? boxToQuad(region.box), colour);
  }
  return out;
}

function fillPolygon(rgb: Buffer, width: number, height: number, polygon: readonly Point[], colour: Rgb): void {
  const ys = polygon.map((p) => p.y);
  const yStart = Math.max(0, Math.floor(Math.min(...ys)));
  const yEnd = Math.min(height - 1, Math.ceil(Math.max(...ys)));
  for (let y = yStart; y <= yEnd; y++) {
    // The span a pixel row touches: union of the crossings at its top and bottom edges.
    const spans = [convexSpanAt(polygon, y), convexSpanAt(polygon, y + 1), convexSpanAt(polygon, y + 0.5)];
    let x0 = Infinity;
    let x1 = -Infinity;
    for (const span of spans) {
      if (!span) continue;
      x0 = Math.min(x0, span[0]);
      x1 = Math.max(x1, span[1]);
    }
    if (x0 > x1) continue;
    const from = Math.max(0, Math.floor(x0));
    const to = Math.min(width - 1, Math.ceil(x1) - 1 >= Math.floor(x0) ? Math.ceil(x1) - 1 : Math.floor(x0));
    for (let x = from; x <= to; x++) {
      const i = (y * width + x) * 3;
      rgb[i] = colour[0];
      rgb[i + 1] = colour[1];
      rgb[i + 2] = colour[2];
    }
  }
}
