import sharp from 'sharp';
import { InputError } from '../errors.js';
import type { DocumentSource, InputFormat, LoadLimits, PageImage } from './page.js';
import { endMarkerMissing } from './truncation.js';

/** Turns a libvips error message into a reason a user understands. */
function explainSharpError(name: string, error: unknown, truncated: boolean): InputError {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) {
    return new InputError(name, 'too_large', 'image is too large (exceeds the pixel limit per page)');
  }
  if (truncated || /premature end|truncated|unexpected end|not enough data|EOF/i.test(message)) {
    return new InputError(name, 'truncated', 'image data is truncated (the file is incomplete)');
  }
  if (/unsupported image format|bad seek|no loader/i.test(message)) {
    return new InputError(name, 'unsupported', 'unsupported or unrecognised image format');
  }
  return new InputError(name, 'corrupt', `image data is corrupt (${message.split('\n')[0]})`);
}

/** Raster formats that sharp (libvips) decodes: JPEG, PNG, TIFF, WebP, GIF, BMP, AVIF. */
export async function openRaster(
  name: string,
  bytes: Buffer,
  format: InputFormat,
  limits: LoadLimits,
): Promise<DocumentSource> {
  const options = { limitInputPixels: limits.maxPagePixels, failOn: 'truncated' as const };
  const explain = (error: unknown): InputError => explainSharpError(name, error, endMarkerMissing(format, bytes));
  let pageCount = 1;
  try {
    const meta = await sharp(bytes, options).metadata();
    // Only TIFF pages are separate documents pages; GIF and WebP frames are animation.
    if (format === 'tiff') pageCount = meta.pages ?? 1;
    const pixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0);
    if (pixels > limits.maxPagePixels) {
      throw new InputError(
        name,
        'too_large',
        `image is too large: ${meta.width}x${meta.pageHeight ?? meta.height} pixels exceeds the limit of ${limits.maxPagePixels / 1e6} MP per page`,
      );
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw explain(error);
  }
  if (pageCount > limits.maxPages) {
    throw new InputError(name, 'too_many_pages', `${pageCount} pages exceeds the limit of ${limits.maxPages}`);
  }

  return {
    name,
    format,
    pageCount,
    async readPage(index: number): Promise<PageImage> {
      try {
        const { data, info } = await sharp(bytes, { ...options, page: index, pages: 1 })
          .autoOrient()
          .flatten({ background: '#ffffff' })
          .toColourspace('srgb')
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true });
        if (info.channels !== 3) throw new Error(`unexpected channel count ${info.channels}`);
        return { index, width: info.width, height: info.height, rgb: data };
      } catch (error) {
        throw explain(error);
      }
    },
    async close() {},
  };
}
