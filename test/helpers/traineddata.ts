/**
 * Tesseract's `.traineddata` container: an int32 count N, N int64 offsets
 * (-1 where a component is absent), then the components' bytes in index order
 * (little-endian throughout; see tesseract's tessdatamanager).
 */

/** Indexes of the components the legacy (OEM 0) engine reads MRZ text with. */
export const LEGACY_COMPONENTS = {
  unicharset: 1,
  unicharambigs: 2,
  inttemp: 3,
  pffmtable: 4,
  normproto: 5,
  puncDawg: 6,
  numberDawg: 8,
  shapetable: 13,
  version: 23,
} as const;

export interface Traineddata {
  /** Number of offset slots in the header. */
  slots: number;
  components: Map<number, Buffer>;
}

export function readTraineddata(bytes: Buffer): Traineddata {
  const slots = bytes.readInt32LE(0);
  const offsets = Array.from({ length: slots }, (_, i) => Number(bytes.readBigInt64LE(4 + 8 * i)));
  const components = new Map<number, Buffer>();
  offsets.forEach((offset, index) => {
    if (offset < 0) return;
    const end = offsets.slice(index + 1).find((o) => o >= 0) ?? bytes.length;
    components.set(index, bytes.subarray(offset, end));
  });
  return { slots, components };
}

export function writeTraineddata({ slots, components }: Traineddata): Buffer {
  const header = Buffer.alloc(4 + 8 * slots);
  header.writeInt32LE(slots, 0);
  let offset = header.length;
  const parts: Buffer[] = [header];
  for (let index = 0; index < slots; index++) {
    const part = components.get(index);
    header.writeBigInt64LE(BigInt(part ? offset : -1), 4 + 8 * index);
    if (!part) continue;
    parts.push(part);
    offset += part.length;
  }
  return Buffer.concat(parts);
}
