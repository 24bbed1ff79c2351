/** Why a file could not be processed; shown to users and used in reports. */
export type InputErrorReason =
  | 'not_found'
  | 'unreadable'
  | 'empty'
  | 'unsupported'
  | 'corrupt'
  | 'truncated'
  | 'encrypted'
  | 'too_large'
  | 'too_many_pages'
  | 'heic_unavailable'
  | 'time_limit'
  /** The engine's process died while working on the file (see cli/supervision.ts). */
  | 'engine_crashed';

/** A problem with one input file. The message always names the file. */
export class InputError extends Error {
  readonly file: string;
  readonly reason: InputErrorReason;

  constructor(file: string, reason: InputErrorReason, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'InputError';
    this.file = file;
    this.reason = reason;
  }
}

/** A problem writing an output file. */
export class OutputError extends Error {
  readonly file: string;
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'OutputError';
    this.file = file;
  }
}

/** One line for a person: our errors already name their file; anything else gets `file: ` in front. */
export function errorMessage(file: string, error: unknown): string {
  if (error instanceof InputError || error instanceof OutputError) return error.message;
  return `${file}: ${error instanceof Error ? error.message : String(error)}`;
}
