import type { MrzFormat } from '../mrz/formats.js';
import type { MmRect } from './icao.js';

/**
 * Where a country's passport data page prints its ghost portrait (the small,
 * faint second copy of the photo), in the data page's document millimetres
 * (x right, y down from the page's top-left, as ICAO 9303 layouts in icao.ts).
 *
 * ICAO 9303 fixes where the main portrait goes, not the ghost: each issuing
 * state puts it somewhere of its own, often behind a window, a hologram or
 * printed text, where the face model does not see it. Each box is the ghost
 * (with its window) measured on that state's government specimen in
 * `../shared/specimens/`, mapped into millimetres from the specimen's read MRZ.
 */
export interface GhostLayout {
  /** The issuing state as line 1 of the MRZ prints it, fillers removed. */
  issuingStates: readonly string[];
  format: MrzFormat;
  ghostMm: MmRect;
  /** The document, for the region's reason ("Finnish passport"). */
  document: string;
  /** Where on it the ghost sits, in words. */
  where: string;
}

export const GHOST_LAYOUTS: readonly GhostLayout[] = [
  {
    issuingStates: ['FIN'],
    format: 'TD3',
    ghostMm: { x: 82.5, y: 34, width: 14.5, height: 11 },
    document: 'Finnish passport',
    where: 'a grey window right of the middle of the page',
  },
  {
    // "BDR" is the mock code of the German government's specimen; real passports print "D".
    issuingStates: ['D', 'BDR'],
    format: 'TD3',
    ghostMm: { x: 101, y: 34.5, width: 19, height: 13.5 },
    document: 'German passport',
    where: 'an oval window at the right edge, with the date of birth printed over it',
  },
  {
    issuingStates: ['LUX'],
    format: 'TD3',
    ghostMm: { x: 100.5, y: 45.5, width: 8.5, height: 8.5 },
    document: 'Luxembourg passport',
    where: 'the holographic window at the right, with the passport number printed over it',
  },
  {
    // The date of birth printed over it is a second copy: the first is in its field, left of it.
    issuingStates: ['LVA'],
    format: 'TD3',
    ghostMm: { x: 74.5, y: 41, width: 14, height: 11.5 },
    document: 'Latvian passport',
    where: 'right of the middle of the page, with the date of birth printed over it',
  },
  {
    issuingStates: ['CZE'],
    format: 'TD3',
    ghostMm: { x: 105, y: 22, width: 13.5, height: 16.5 },
    document: 'Czech passport',
    where: 'upper right, under the passport number',
  },
  {
    issuingStates: ['AZE'],
    format: 'TD3',
    ghostMm: { x: 16.5, y: 57.5, width: 7.5, height: 7.5 },
    document: 'Azerbaijani passport',
    where: 'a tiny copy below the photo',
  },
];

/** The ghost layout of the document whose MRZ says it was issued by `issuingState` in `format`, if known. */
export function ghostLayoutFor(format: MrzFormat, issuingState: string): GhostLayout | undefined {
  const state = issuingState.replace(/</g, '');
  return GHOST_LAYOUTS.find((layout) => layout.format === format && layout.issuingStates.includes(state));
}

/** A line of text a document prints that names it, and where (document millimetres). */
export interface PrintedTitle {
  text: string;
  mm: MmRect;
}

/**
 * Where a national identity card's front prints its ghost portrait. The front
 * carries no MRZ to name the card and fix its scale: a title line it prints
 * does both (see frameFromTitle). Millimetres of the card's front (x right,
 * y down from its top-left corner), measured on the card's specimen in
 * `../shared/specimens/`, straightened to the card's 85.6 mm.
 */
export interface CardFrontGhostLayout {
  /** Title lines, any one of which read whole names the card (OCR may garble the others). */
  titles: readonly PrintedTitle[];
  ghostMm: MmRect;
  document: string;
  where: string;
}

export const CARD_FRONT_GHOST_LAYOUTS: readonly CardFrontGhostLayout[] = [
  {
    titles: [
      { text: 'REPUBLIC OF TURKEY IDENTITY CARD', mm: { x: 20, y: 7.7, width: 43.5, height: 2.4 } },
      { text: 'TÜRKİYE CUMHURİYETİ KİMLİK KARTI', mm: { x: 11.3, y: 4, width: 61.5, height: 2.9 } },
    ],
    ghostMm: { x: 71.5, y: 29.5, width: 10.5, height: 11 },
    document: 'Turkish identity card',
    where: 'at the right, with a serial number printed over it',
  },
];
