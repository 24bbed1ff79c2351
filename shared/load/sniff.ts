import type { InputFormat } from './page.js';

/** Decides a file's format from its first bytes, never from its name. */
export function sniffFormat(bytes: Uint8Array): InputFormat | undefined {
  const ascii = (from: number, to: number): string =>
    String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'tiff';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(0, 4) === 'GIF8') return 'gif';
  if (ascii(0, 2) === 'BM') return 'bmp';
  // PDF readers accept the header anywhere in the first kilobyte.
  if (ascii(0, 1024).includes('%PDF-')) return 'pdf';
  if (ascii(4, 8) === 'ftyp') {
    const brands = ascii(8, 32);
    if (/avif|avis/.test(brands)) return 'avif';
    if (/heic|heix|hevc|hevx|heim|heis|mif1|msf1/.test(brands)) return 'heif';
  }
  return undefined;
}

/** File extensions the CLI picks up when walking folders. */
export const SUPPORTED_EXTENSIONS = [
  '.jpg',
  '.jpeg',
  '.png',
  '.tif',
  '.tiff',
  '.webp',
  '.gif',
  '.heic',
  '.heif',
  '.avif',
  '.pdf',
];
