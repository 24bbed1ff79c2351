import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { InputError } from '../errors.js';
import { openHeif } from './heif.js';
import { DEFAULT_LIMITS, type DocumentSource, type LoadLimits } from './page.js';
import { openPdf } from './pdf.js';
import { openRaster } from './raster.js';
import { sniffFormat } from './sniff.js';

// libvips keeps the results of recent operations (decoded pages among them) in an in-memory
// cache for reuse. IDRedact never repeats an operation, and unredacted pixels are kept no
// longer than the page needs them: no cache (measured: no change in speed or peak memory).
sharp.cache(false);

export * from './page.js';
export { SUPPORTED_EXTENSIONS, sniffFormat } from './sniff.js';

/** Bytes held in memory, with the name to show in messages. */
export interface InMemoryFile {
  name: string;
  bytes: Buffer;
}

async function readInput(input: string | InMemoryFile, limits: LoadLimits): Promise<InMemoryFile> {
  if (typeof input !== 'string') {
    if (input.bytes.length > limits.maxFileBytes) {
      throw new InputError(input.name, 'too_large', `file is too large (${input.bytes.length} bytes)`);
    }
    return input;
  }
  const name = input;
  let size: number;
  try {
    const info = await stat(input);
    if (info.isDirectory())
      throw new InputError(name, 'unreadable', 'is a folder, not a file (or a folder that could not be listed)');
    if (!info.isFile()) throw new InputError(name, 'unreadable', 'not a regular file (a pipe, socket or device)');
    size = info.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(name, 'not_found', 'file not found');
    throw new InputError(name, 'unreadable', `cannot read file (${code ?? String(error)})`);
  }
  if (size > limits.maxFileBytes) {
    throw new InputError(
      name,
      'too_large',
      `file is too large (${(size / 1e6).toFixed(1)} MB; the limit is ${(limits.maxFileBytes / 1e6).toFixed(0)} MB)`,
    );
  }
  try {
    return { name, bytes: await readFile(input) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(name, 'unreadable', `cannot read file (${code ?? String(error)})`);
  }
}

/**
 * The one entry that turns a path or bytes into pages of pixels. The format is
 * decided from the bytes; pages are decoded one at a time by `readPage`.
 */
export async function openDocument(
  input: string | InMemoryFile,
  limits: Partial<LoadLimits> = {},
): Promise<DocumentSource> {
  const effective: LoadLimits = { ...DEFAULT_LIMITS, ...limits };
  const file = await readInput(input, effective);
  if (file.bytes.length === 0) throw new InputError(file.name, 'empty', 'file is empty (0 bytes)');
  const format = sniffFormat(file.bytes);
  if (!format) {
    const ext = path.extname(file.name).toLowerCase() || 'no extension';
    throw new InputError(
      file.name,
      'unsupported',
      `not a supported image or PDF (content not recognised; extension: ${ext}). Supported: JPEG, PNG, TIFF, WebP, GIF, HEIC, AVIF, PDF`,
    );
  }
  if (format === 'bmp') {
    // sharp's prebuilt libvips has no BMP loader.
    throw new InputError(file.name, 'unsupported', 'BMP images are not supported; save the scan as PNG or JPEG');
  }
  if (format === 'pdf') return openPdf(file.name, file.bytes, effective);
  if (format === 'heif') return openHeif(file.name, file.bytes, effective);
  return openRaster(file.name, file.bytes, format, effective);
}
