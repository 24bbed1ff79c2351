import type { MrzFormat } from '../mrz/formats.js';
import type { MmRect } from './icao.js';

/**
 * Where a country's passport prints a copy of its MRZ's data on the page that
 * faces the data page in the open booklet, across the fold (the data page's
 * top edge), which a photo or scan of the open passport shows. Millimetres of
 * the data page (as ICAO 9303 layouts in icao.ts), so y is negative: above
 * the fold. Measured on the state's specimen in `../shared/specimens/`, mapped
 * from its read MRZ, and grown: a facing page that curves into the fold looks
 * shorter than it is (see perforationDetector), so the band reaches nearer the
 * fold than the copy's measured place.
 */
export interface FacingPageCopy {
  /** The issuing state as line 1 of the MRZ prints it, fillers removed. */
  issuingStates: readonly string[];
  format: MrzFormat;
  copyMm: MmRect;
  /** The document, for the region's reason ("Australian passport"). */
  document: string;
  /** What the copy holds, in words. */
  what: string;
}

export const FACING_PAGE_COPIES: readonly FacingPageCopy[] = [
  {
    // The specimen's copy: 25-54 mm across (cut off by the photo's edge), 14.5-18 mm above the fold.
    issuingStates: ['AUS'],
    format: 'TD3',
    copyMm: { x: 21, y: -23, width: 52, height: 15 },
    document: 'Australian passport',
    what: "its MRZ's second line (document number, dates of birth and expiry) in small print",
  },
];

/** The facing-page copy of the passport whose MRZ says it was issued by `issuingState` in `format`, if known. */
export function facingPageCopyFor(format: MrzFormat, issuingState: string): FacingPageCopy | undefined {
  const state = issuingState.replace(/</g, '');
  return FACING_PAGE_COPIES.find((copy) => copy.format === format && copy.issuingStates.includes(state));
}
