import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { assetPath, unpackedPath } from '../assets.js';

const require = createRequire(import.meta.url);

/**
 * Which language data an engine reads. `legacy`: the legacy-engine parts of the
 * English tessdata model (character templates, no LSTM, no word lists), in
 * assets/tessdata/mrz/ (made by test/fixtures/make-mrz-langdata.ts from the
 * npm package's full model). `lstm`: the `4.0.0_best_int` LSTM model of
 * @tesseract.js-data/eng.
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

/** Folder holding the variant's `eng.traineddata.gz`; `overrideRoot/<variant>` when given (tests). */
export function langDataFolder(variant: LangDataVariant, overrideRoot?: string): string {
  const folder = overrideRoot
    ? path.join(overrideRoot, variant)
    : variant === 'legacy'
      ? legacyFolder()
      : unpackedPath(path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int'));
  const file = path.join(folder, 'eng.traineddata.gz');
  if (!existsSync(file)) throw new LangDataMissingError(file);
  return folder;
}

function legacyFolder(): string {
  try {
    return assetPath('tessdata', 'mrz');
  } catch {
    throw new LangDataMissingError(path.join('assets', 'tessdata', 'mrz', 'eng.traineddata.gz'));
  }
}
