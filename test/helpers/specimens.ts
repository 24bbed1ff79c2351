import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SPECIMENS } from './cli.js';

/** The parts of a specimen's ground truth (../shared/specimens/truth/*.json) the tests use. */
export interface SpecimenTruth {
  file: string;
  doc_type: string;
  mrz_lines: string[][];
  mrz_valid: { all_valid: boolean }[];
  doc_numbers: string[];
  personal_numbers: { as_printed: string; normalized: string }[];
  surname: string;
  surname_in_viz: boolean;
  surname_check_strings?: string[];
  /** Generous [x, y, w, h] boxes of every portrait, pixels after EXIF orientation. */
  faces_true: { box: number[]; kind: string }[];
}

export interface Specimen {
  name: string;
  image: string;
  truth: SpecimenTruth;
}

export const specimensAvailable = existsSync(path.join(SPECIMENS, 'img'));

/** Every specimen with its truth, sorted by file name. */
export function loadSpecimens(): Specimen[] {
  if (!specimensAvailable) return [];
  return readdirSync(path.join(SPECIMENS, 'img'))
    .sort()
    .map((name) => ({
      name,
      image: path.join(SPECIMENS, 'img', name),
      truth: JSON.parse(
        readFileSync(path.join(SPECIMENS, 'truth', name.replace(/\.\w+$/, '.json')), 'utf8'),
      ) as SpecimenTruth,
    }));
}
