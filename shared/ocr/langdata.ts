import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { unpackedPath } from '../assets.js';

const require = createRequire(import.meta.url);

/**
 * Which traineddata an engine needs. The `4.0.0` folder of @tesseract.js-data/eng
 * holds the full model (legacy + LSTM); `4.0.0_best_int` the smaller LSTM-only one.
 */
export type LangDataVariant = 'legacy' | 'lstm';

export class LangDataMissingError extends Error {
  constructor(file: string) {
    super(
      `OCR language data not found at ${file}. Reinstall the app (or run "npm ci"): ` +
        'IDRedact never downloads language data.',
    );
    this.name = 'LangDataMissingError';
  }
}

/** Folder holding `eng.traineddata.gz`, resolved inside the installed npm package. */
export function langDataFolder(variant: LangDataVariant, overrideRoot?: string): string {
  const root = overrideRoot ?? unpackedPath(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')));
  const folder = path.join(root, variant === 'legacy' ? '4.0.0' : '4.0.0_best_int');
  const file = path.join(folder, 'eng.traineddata.gz');
  if (!existsSync(file)) throw new LangDataMissingError(file);
  return folder;
}
