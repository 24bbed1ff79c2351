import type { RedactedPage } from '../export/encode.js';
import type { PageImage } from '../load/page.js';
import type { Region } from '../regions.js';
import { coverRegions, coverRegionsInPlace } from './cover.js';
import { burnWatermark, type Watermark } from './watermark.js';

/**
 * The exported pixels of one page: the watermark (if any) blended in first,
 * then every region of this page painted opaque on top. The CLI and the app
 * both export through this function.
 */
export function renderRedactedPage(page: PageImage, regions: readonly Region[], watermark?: Watermark): RedactedPage {
  const base = watermark ? { ...page, rgb: burnWatermark(page, watermark) } : page;
  return {
    width: page.width,
    height: page.height,
    rgb: coverRegions(base, regions),
    ...(page.physicalSize ? { physicalSize: page.physicalSize } : {}),
    ...(page.fromJpeg ? { fromJpeg: true } : {}),
  };
}

/**
 * The exported pixels of one page, painted over the page's own buffer (no
 * watermark): for a caller that no longer needs the original pixels.
 */
export function redactPageInPlace(page: PageImage, regions: readonly Region[]): RedactedPage {
  return {
    width: page.width,
    height: page.height,
    rgb: coverRegionsInPlace(page, regions),
    ...(page.physicalSize ? { physicalSize: page.physicalSize } : {}),
    ...(page.fromJpeg ? { fromJpeg: true } : {}),
  };
}
