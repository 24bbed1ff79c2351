import type { Finding } from './findings.js';

/**
 * What an image file carries besides its pixels: EXIF (camera, software, GPS),
 * an embedded EXIF thumbnail (which can show the unredacted original), XMP,
 * text chunks, and bytes after the image's end (the aCropalypse leak: an
 * editor that overwrote a file without truncating it left the original's tail).
 */
export function imageStructureFindings(bytes: Uint8Array): Finding[] {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegFindings(bytes);
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return pngFindings(bytes);
  return [];
}

function jpegFindings(bytes: Uint8Array): Finding[] {
  const findings: Finding[] = [];
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) break;
    const marker = bytes[i + 1]!;
    if (marker === 0xd9) {
      i += 2;
      break;
    }
    if (marker === 0xda) {
      // Entropy-coded data until EOI (FFD9); stuffed FF00 and restart markers FFD0-D7 stay inside.
      let j = i + 2 + ((bytes[i + 2]! << 8) | bytes[i + 3]!);
      while (j + 1 < bytes.length && !(bytes[j] === 0xff && bytes[j + 1] === 0xd9)) j++;
      i = j + 2;
      break;
    }
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    const segment = bytes.subarray(i + 4, i + 2 + length);
    const ascii = String.fromCharCode(...segment.subarray(0, 32));
    if (marker === 0xe1 && ascii.startsWith('Exif\0')) findings.push(...exifFindings(segment.subarray(6)));
    else if (marker === 0xe1 && ascii.startsWith('http://ns.adobe.com/xap/'))
      findings.push({ kind: 'xmp', severity: 'low', evidence: `XMP metadata (${segment.length} bytes)` });
    else if (marker === 0xfe)
      findings.push({ kind: 'exif', severity: 'low', evidence: `a JPEG comment (${segment.length} bytes)` });
    i += 2 + length;
  }
  const trailing = bytes.length - Math.min(i, bytes.length);
  if (trailing > 16) {
    findings.push({
      kind: 'trailing_data',
      severity: 'high',
      evidence: `${trailing} bytes after the JPEG's end: they may hold part of an earlier, unredacted version`,
    });
  }
  return findings;
}

/** Reads the TIFF structure inside an EXIF segment: camera fields, GPS, and a thumbnail in IFD1. */
function exifFindings(tiff: Uint8Array): Finding[] {
  const findings: Finding[] = [];
  if (tiff.length < 8) return findings;
  const little = tiff[0] === 0x49;
  const u16 = (o: number): number => (little ? tiff[o]! | (tiff[o + 1]! << 8) : (tiff[o]! << 8) | tiff[o + 1]!);
  const u32 = (o: number): number =>
    little
      ? (tiff[o]! | (tiff[o + 1]! << 8) | (tiff[o + 2]! << 16) | (tiff[o + 3]! << 24)) >>> 0
      : ((tiff[o]! << 24) | (tiff[o + 1]! << 16) | (tiff[o + 2]! << 8) | tiff[o + 3]!) >>> 0;
  const readIfd = (offset: number): { tags: Map<number, number>; next: number } | undefined => {
    if (offset + 2 > tiff.length) return undefined;
    const count = u16(offset);
    const tags = new Map<number, number>();
    for (let k = 0; k < count; k++) {
      const entry = offset + 2 + k * 12;
      if (entry + 12 > tiff.length) return undefined;
      tags.set(u16(entry), u32(entry + 8));
    }
    const nextAt = offset + 2 + count * 12;
    return { tags, next: nextAt + 4 <= tiff.length ? u32(nextAt) : 0 };
  };
  const ifd0 = readIfd(u32(4));
  if (!ifd0) return findings;
  const described = [
    [0x010f, 'camera make'],
    [0x0110, 'camera model'],
    [0x0131, 'software'],
    [0x0132, 'date'],
  ]
    .filter(([tag]) => ifd0.tags.has(tag as number))
    .map(([, name]) => name);
  findings.push({
    kind: 'exif',
    severity: 'low',
    evidence: `EXIF metadata${described.length ? ` (${described.join(', ')})` : ''}`,
  });
  if (ifd0.tags.has(0x8825))
    findings.push({ kind: 'exif_gps', severity: 'medium', evidence: 'EXIF GPS position: where the photo was taken' });
  const ifd1 = ifd0.next ? readIfd(ifd0.next) : undefined;
  if (ifd1 && (ifd1.tags.has(0x0201) || ifd1.tags.has(0x0111))) {
    findings.push({
      kind: 'exif_thumbnail',
      severity: 'high',
      evidence: `an embedded EXIF thumbnail (${ifd1.tags.get(0x0202) ?? '?'} bytes): it can show the page before redaction`,
    });
  }
  return findings;
}

function pngFindings(bytes: Uint8Array): Finding[] {
  const findings: Finding[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 8;
  const text: string[] = [];
  while (i + 8 <= bytes.length) {
    const length = view.getUint32(i);
    const type = String.fromCharCode(...bytes.subarray(i + 4, i + 8));
    if (['tEXt', 'iTXt', 'zTXt'].includes(type)) {
      const keyEnd = bytes.indexOf(0, i + 8);
      text.push(String.fromCharCode(...bytes.subarray(i + 8, Math.min(keyEnd, i + 8 + 40))));
    }
    if (type === 'eXIf') findings.push(...exifFindings(bytes.subarray(i + 8, i + 8 + length)));
    i += 12 + length;
    if (type === 'IEND') break;
  }
  if (text.length > 0)
    findings.push({ kind: 'png_text', severity: 'low', evidence: `PNG text chunks: ${[...new Set(text)].join(', ')}` });
  const trailing = bytes.length - Math.min(i, bytes.length);
  if (trailing > 16) {
    findings.push({
      kind: 'trailing_data',
      severity: 'high',
      evidence: `${trailing} bytes after the PNG's end (IEND): they may hold part of an earlier, unredacted version`,
    });
  }
  return findings;
}
