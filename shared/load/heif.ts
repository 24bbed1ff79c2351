import { createRequire } from 'node:module';
import { InputError } from '../errors.js';
import type { DocumentSource, LoadLimits, PageImage } from './page.js';

const require = createRequire(import.meta.url);

interface HeicImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}
type HeicDecode = (input: { buffer: Uint8Array }) => Promise<HeicImage>;

/**
 * HEIC/HEIF photos. sharp's prebuilt libvips has no HEVC decoder, so the
 * primary image is decoded by libheif compiled to WebAssembly (heic-decode).
 */
export async function openHeif(name: string, bytes: Buffer, limits: LoadLimits): Promise<DocumentSource> {
  let decode: HeicDecode;
  try {
    decode = require('heic-decode') as HeicDecode;
  } catch {
    throw new InputError(
      name,
      'heic_unavailable',
      'HEIC decoding is not available in this installation (heic-decode is missing)',
    );
  }
  let image: HeicImage;
  try {
    image = await decode({ buffer: new Uint8Array(bytes) });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InputError(name, 'corrupt', `HEIC image could not be decoded (${detail})`);
  }
  if (image.width * image.height > limits.maxPagePixels) {
    throw new InputError(name, 'too_large', `image is too large: ${image.width}x${image.height} pixels`);
  }
  // HEIC orientation is applied by libheif (irot/imir boxes), so pixels are already upright.
  const rgb = Buffer.allocUnsafe(image.width * image.height * 3);
  for (let i = 0, j = 0; i < image.data.length; i += 4, j += 3) {
    rgb[j] = image.data[i]!;
    rgb[j + 1] = image.data[i + 1]!;
    rgb[j + 2] = image.data[i + 2]!;
  }
  const page: PageImage = { index: 0, width: image.width, height: image.height, rgb };
  return {
    name,
    format: 'heif',
    pageCount: 1,
    async readPage() {
      return page;
    },
    async close() {},
  };
}
