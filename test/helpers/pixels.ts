import sharp from 'sharp';
import { boxToQuad, type Box } from '../../shared/geometry.js';
import type { Corners, Pt } from '../fixtures/documents.js';

export interface Raster {
  width: number;
  height: number;
  rgb: Buffer;
}

export async function decode(bytes: Buffer | string): Promise<Raster> {
  const { data, info } = await sharp(bytes)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgb: data };
}

/**
 * Points on a grid inside a quad (its interior, about every `step` pixels),
 * placed bilinearly between its four corners: a field seen in perspective is
 * no parallelogram, and one spanned by three of its corners reached 23 pixels
 * past a phone photo's portrait (into the paper the cover rightly left).
 */
export function samplePoints(quad: Corners, step = 1.5): Pt[] {
  const [a, b, c, d] = quad;
  const along = Math.max(Math.hypot(b.x - a.x, b.y - a.y), Math.hypot(c.x - d.x, c.y - d.y));
  const across = Math.max(Math.hypot(d.x - a.x, d.y - a.y), Math.hypot(c.x - b.x, c.y - b.y));
  const points: Pt[] = [];
  for (let s = 0.5; s < along; s += step) {
    for (let t = 0.5; t < across; t += step) {
      const u = s / along;
      const v = t / across;
      const top = { x: a.x + (b.x - a.x) * u, y: a.y + (b.y - a.y) * u };
      const bottom = { x: d.x + (c.x - d.x) * u, y: d.y + (c.y - d.y) * u };
      points.push({ x: top.x + (bottom.x - top.x) * v, y: top.y + (bottom.y - top.y) * v });
    }
  }
  return points;
}

function pixel(r: Raster, p: Pt): [number, number, number] {
  const x = Math.min(r.width - 1, Math.max(0, Math.floor(p.x)));
  const y = Math.min(r.height - 1, Math.max(0, Math.floor(p.y)));
  const i = (y * r.width + x) * 3;
  return [r.rgb[i]!, r.rgb[i + 1]!, r.rgb[i + 2]!];
}

/** Share of the quad's pixels that are black (every channel at most `limit`). */
export function blackShare(r: Raster, quad: Corners, limit = 40): number {
  const points = samplePoints(quad);
  const black = points.filter((p) => pixel(r, p).every((c) => c <= limit)).length;
  return black / Math.max(1, points.length);
}

/** Share of the quad's pixels that are the same in both rasters (within `tolerance` per channel). */
export function unchangedShare(a: Raster, b: Raster, quad: Corners, tolerance = 0): number {
  const points = samplePoints(quad);
  const same = points.filter((p) => {
    const pa = pixel(a, p);
    const pb = pixel(b, p);
    return pa.every((c, i) => Math.abs(c - pb[i]!) <= tolerance);
  }).length;
  return same / Math.max(1, points.length);
}

/** The chunk types of a PNG file, in order. */
export function pngChunks(bytes: Buffer): string[] {
  const types: string[] = [];
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    types.push(type);
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  if (offset !== bytes.length) types.push(`<${bytes.length - offset} bytes after IEND>`);
  return types;
}

/** JPEG marker segments before the image data (APPn, COM ...), and bytes after EOI. */
export function jpegMarkers(bytes: Buffer): { markers: number[]; trailing: number } {
  const markers: number[] = [];
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1]!;
    markers.push(marker);
    if (marker === 0xda) break;
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  let end = bytes.length;
  while (end > 2 && !(bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9)) end--;
  return { markers, trailing: bytes.length - end };
}

/** A box's corners, as the pixel checks take them. */
export function boxCorners(box: Box): Corners {
  return boxToQuad(box) as Corners;
}
