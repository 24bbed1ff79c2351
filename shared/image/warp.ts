import type { OrientedRect } from '../geometry.js';
import type { GrayImage } from './gray.js';
import type { Homography } from './homography.js';

/**
 * Samples an oriented rectangle of `source` into an upright image, `scale`
 * output pixels per source pixel (bilinear). Outside the source reads as white.
 */
export function extractOrientedRect(source: GrayImage, rect: OrientedRect, scale: number): GrayImage {
  const width = Math.max(1, Math.round(rect.length * scale));
  const height = Math.max(1, Math.round(rect.thickness * scale));
  const data = new Uint8Array(width * height);
  const { width: sw, height: sh, data: src } = source;
  for (let oy = 0; oy < height; oy++) {
    const b = (oy + 0.5) / scale;
    for (let ox = 0; ox < width; ox++) {
      const a = (ox + 0.5) / scale;
      const x = rect.origin.x + rect.u.x * a + rect.v.x * b - 0.5;
      const y = rect.origin.y + rect.u.y * a + rect.v.y * b - 0.5;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= sw || y0 + 1 >= sh) {
        data[oy * width + ox] = 255;
        continue;
      }
      const fx = x - x0;
      const fy = y - y0;
      const i = y0 * sw + x0;
      const top = src[i]! * (1 - fx) + src[i + 1]! * fx;
      const bottom = src[i + sw]! * (1 - fx) + src[i + sw + 1]! * fx;
      data[oy * width + ox] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width, height, data };
}

/** The same image turned by 180 degrees. */
export function rotate180(image: GrayImage): GrayImage {
  const data = new Uint8Array(image.data.length);
  for (let i = 0, n = data.length; i < n; i++) data[i] = image.data[n - 1 - i]!;
  return { width: image.width, height: image.height, data };
}

/**
 * Resamples an RGB image through a homography: output pixel (x, y) takes the
 * source colour at `toSource(x, y)` (bilinear). Outside the source reads as white.
 */
export function warpRgb(
  source: { width: number; height: number; rgb: Uint8Array },
  toSource: Homography,
  width: number,
  height: number,
): Buffer {
  const out = Buffer.alloc(width * height * 3, 255);
  const { width: sw, height: sh, rgb } = source;
  const h = toSource;
  for (let oy = 0; oy < height; oy++) {
    const py = oy + 0.5;
    for (let ox = 0; ox < width; ox++) {
      const px = ox + 0.5;
      const w = h[6] * px + h[7] * py + h[8];
      const x = (h[0] * px + h[1] * py + h[2]) / w - 0.5;
      const y = (h[3] * px + h[4] * py + h[5]) / w - 0.5;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= sw || y0 + 1 >= sh) continue;
      const fx = x - x0;
      const fy = y - y0;
      const i = (y0 * sw + x0) * 3;
      const j = (oy * width + ox) * 3;
      for (let c = 0; c < 3; c++) {
        const top = rgb[i + c]! * (1 - fx) + rgb[i + 3 + c]! * fx;
        const bottom = rgb[i + sw * 3 + c]! * (1 - fx) + rgb[i + sw * 3 + 3 + c]! * fx;
        out[j + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return out;
}
