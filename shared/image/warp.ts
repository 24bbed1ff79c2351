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
  const { origin, u, v } = rect;
  for (let oy = 0, o = 0; oy < height; oy++) {
    const b = (oy + 0.5) / scale;
    for (let ox = 0; ox < width; ox++, o++) {
      const a = (ox + 0.5) / scale;
      const x = origin.x + u.x * a + v.x * b - 0.5;
      const y = origin.y + u.y * a + v.y * b - 0.5;
      // `| 0` floors a non-negative number as Math.floor does, and `+ 0.5 | 0`
      // rounds one as Math.round does, both several times faster here.
      if (!(x >= 0 && y >= 0)) {
        data[o] = 255;
        continue;
      }
      const x0 = x | 0;
      const y0 = y | 0;
      if (x0 + 1 >= sw || y0 + 1 >= sh) {
        data[o] = 255;
        continue;
      }
      const fx = x - x0;
      const fy = y - y0;
      const i = y0 * sw + x0;
      const top = src[i]! * (1 - fx) + src[i + 1]! * fx;
      const bottom = src[i + sw]! * (1 - fx) + src[i + sw + 1]! * fx;
      data[o] = (top * (1 - fy) + bottom * fy + 0.5) | 0;
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
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = toSource;
  const stride = sw * 3;
  for (let oy = 0, j = 0; oy < height; oy++) {
    const py = oy + 0.5;
    for (let ox = 0; ox < width; ox++, j += 3) {
      const px = ox + 0.5;
      const w = h6 * px + h7 * py + h8;
      const x = (h0 * px + h1 * py + h2) / w - 0.5;
      const y = (h3 * px + h4 * py + h5) / w - 0.5;
      // Floors and rounds of non-negative numbers by `| 0`, as in extractOrientedRect.
      if (!(x >= 0 && y >= 0)) continue;
      const x0 = x | 0;
      const y0 = y | 0;
      if (x0 + 1 >= sw || y0 + 1 >= sh) continue;
      const fx = x - x0;
      const fy = y - y0;
      const i = y0 * stride + x0 * 3;
      const k = i + stride;
      out[j] =
        ((rgb[i]! * (1 - fx) + rgb[i + 3]! * fx) * (1 - fy) + (rgb[k]! * (1 - fx) + rgb[k + 3]! * fx) * fy + 0.5) | 0;
      out[j + 1] =
        ((rgb[i + 1]! * (1 - fx) + rgb[i + 4]! * fx) * (1 - fy) +
          (rgb[k + 1]! * (1 - fx) + rgb[k + 4]! * fx) * fy +
          0.5) |
        0;
      out[j + 2] =
        ((rgb[i + 2]! * (1 - fx) + rgb[i + 5]! * fx) * (1 - fy) +
          (rgb[k + 2]! * (1 - fx) + rgb[k + 5]! * fx) * fy +
          0.5) |
        0;
    }
  }
  return out;
}
