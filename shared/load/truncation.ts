import type { InputFormat } from './page.js';

/**
 * Whether a file lacks the marker its format ends with (PNG's IEND chunk,
 * JPEG's EOI, PDF's %%EOF): used to tell "truncated" from "corrupt" when a
 * decoder fails. Trailing bytes after the marker are tolerated.
 */
export function endMarkerMissing(format: InputFormat, bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(-2048);
  switch (format) {
    case 'png':
      return !tail.includes('IEND', 0, 'latin1');
    case 'jpeg':
      return !tail.includes(Buffer.from([0xff, 0xd9]));
    case 'pdf':
      return !tail.includes('%%EOF', 0, 'latin1');
    default:
      return false;
  }
}
