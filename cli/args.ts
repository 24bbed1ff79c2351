import { DEFAULT_MEMORY_LIMIT_MB } from '../shared/engineWatch.js';
import { DEFAULT_LIMITS } from '../shared/load/page.js';
import type { FormatChoice } from '../shared/pipeline.js';
import { DEFAULT_PAGE_TIME_LIMIT_MS } from '../shared/timeLimit.js';
import type { SelfCheckMode } from '../shared/verify/selfCheck.js';

export class UsageError extends Error {}

export interface RedactArgs {
  inputs: string[];
  outDir: string;
  format: FormatChoice;
  reportFile?: string;
  jobs: number;
  maxPages: number;
  selfCheck: SelfCheckMode;
  /** Per page (and for opening a file), milliseconds. */
  timeLimitMs: number;
  /** The engine process's resident memory allowed while it works on files, MB. */
  memoryLimitMb: number;
}

export interface VerifyArgs {
  inputs: string[];
  json: boolean;
  annotateDir?: string;
  reportFile?: string;
  jobs: number;
  maxPages: number;
  /** Per page (and for opening a file), milliseconds. */
  timeLimitMs: number;
  /** The engine process's resident memory allowed while it works on files, MB. */
  memoryLimitMb: number;
}

const FORMATS: readonly FormatChoice[] = ['auto', 'png', 'jpeg', 'pdf'];

function parseJobs(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 1 || v > 16) throw new UsageError('--jobs must be a whole number from 1 to 16');
  return v;
}

function parseMaxPages(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 1 || v > 10_000)
    throw new UsageError('--max-pages must be a whole number from 1 to 10000');
  return v;
}

function parseMemoryLimit(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 256 || v > 1_048_576)
    throw new UsageError('--memory-limit must be a whole number of megabytes from 256 to 1048576');
  return v;
}

function parseTimeLimit(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400)
    throw new UsageError('--time-limit must be a number of seconds above 0 and at most 86400');
  return Math.round(seconds * 1000);
}

/** Splits argv into options (with their values) and plain arguments; `--opt value` and `--opt=value` both work. */
function scan(argv: readonly string[], onOption: (name: string, take: () => string) => boolean): string[] {
  const plain: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let value: string | undefined;
    if (arg.startsWith('--') && arg.includes('='))
      [arg, value] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    const take = (): string => {
      const v = value ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg.startsWith('-') && arg !== '-') {
      if (!onOption(arg, take)) throw new UsageError(`unknown option ${arg}`);
    } else plain.push(arg);
  }
  return plain;
}

/** Parses `verify` options. */
export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
  let json = false;
  let memoryLimitMb = DEFAULT_MEMORY_LIMIT_MB;
  let annotateDir: string | undefined;
  let reportFile: string | undefined;
  let jobs = 1;
  let maxPages = DEFAULT_LIMITS.maxPages;
  let timeLimitMs = DEFAULT_PAGE_TIME_LIMIT_MS;
  const inputs = scan(argv, (name, take) => {
    if (name === '--json') json = true;
    else if (name === '--time-limit') timeLimitMs = parseTimeLimit(take());
    else if (name === '--memory-limit') memoryLimitMb = parseMemoryLimit(take());
    else if (name === '--max-pages') maxPages = parseMaxPages(take());
    else if (name === '--annotate') annotateDir = take();
    else if (name === '--report') reportFile = take();
    else if (name === '--jobs' || name === '-j') jobs = parseJobs(take());
    else return false;
    return true;
  });
  if (inputs.length === 0) throw new UsageError('no input files or folders given');
  return {
    inputs,
    json,
    jobs,
    maxPages,
    timeLimitMs,
    memoryLimitMb,
    ...(annotateDir ? { annotateDir } : {}),
    ...(reportFile ? { reportFile } : {}),
  };
}

/** Parses `redact` options. */
export function parseRedactArgs(argv: readonly string[]): RedactArgs {
  let outDir: string | undefined;
  let format: FormatChoice = 'auto';
  let reportFile: string | undefined;
  let jobs = 1;
  let maxPages = DEFAULT_LIMITS.maxPages;
  let selfCheck: SelfCheckMode = 'quick';
  let memoryLimitMb = DEFAULT_MEMORY_LIMIT_MB;
  let timeLimitMs = DEFAULT_PAGE_TIME_LIMIT_MS;
  const inputs = scan(argv, (name, take) => {
    if (name === '--out' || name === '-o') outDir = take();
    else if (name === '--time-limit') timeLimitMs = parseTimeLimit(take());
    else if (name === '--memory-limit') memoryLimitMb = parseMemoryLimit(take());
    else if (name === '--thorough-check') selfCheck = 'thorough';
    else if (name === '--max-pages') maxPages = parseMaxPages(take());
    else if (name === '--format' || name === '-f') {
      const v = take().toLowerCase();
      const normalised = (v === 'jpg' ? 'jpeg' : v) as FormatChoice;
      if (!FORMATS.includes(normalised)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
      format = normalised;
    } else if (name === '--report') reportFile = take();
    else if (name === '--jobs' || name === '-j') jobs = parseJobs(take());
    else return false;
    return true;
  });
  if (inputs.length === 0) throw new UsageError('no input files or folders given');
  if (!outDir) throw new UsageError('--out DIR is required');
  return {
    inputs,
    outDir,
    format,
    jobs,
    maxPages,
    selfCheck,
    timeLimitMs,
    memoryLimitMb,
    ...(reportFile ? { reportFile } : {}),
  };
}

export const MAIN_HELP = `idredact: redact identity-document copies offline

Usage:
  idredact redact <files or folders...> --out DIR [options]
  idredact verify <files or folders...> [--json] [--annotate DIR] [options]
  idredact --help | --version
  idredact redact --help | idredact verify --help

Commands:
  redact   cover the MRZ (machine-readable zone), the portrait photo, the
           document number and the national personal number of passports,
           ID cards and visas, and write new, metadata-free copies
  verify   check received ID copies: does anything of these still leak, in
           the pixels or in the file (PDF text layers, images under black
           boxes, EXIF thumbnails, data after the image)?

Nothing is sent over the network; everything runs on this machine.
`;

export const REDACT_HELP = `Usage: idredact redact <files or folders...> --out DIR [options]

Reads each file (JPEG, PNG, TIFF, WebP, GIF, HEIC, AVIF, PDF; folders are
walked for these), finds every MRZ, portrait, document number and national
personal number, covers them with opaque black on the full-resolution pixels
and writes DIR/<name>.redacted.<ext> (<name>-2.redacted.<ext> when two inputs
share a name). Names and dates stay readable. The input is never modified.
Outputs carry no EXIF/XMP/ICC metadata or thumbnails; PDFs are image-only
(no text layer).

Options:
  -o, --out DIR        folder for the redacted copies (created if missing)
  -f, --format FMT     auto (default), png, jpeg or pdf. auto keeps PDF as PDF
                       and JPEG as JPEG, writes multi-page files as PDF and
                       everything else as PNG
      --report FILE    write a JSON report: per file and page the covered
                       regions (kind, box, confidence, reason), MRZ format and
                       check-digit status, timings. Values are masked.
  -j, --jobs N         files processed in parallel (1-16, default 1)
      --max-pages N    refuse documents with more pages (default 100)
      --time-limit S   seconds allowed for opening a file and for each of its
                       pages (default 120); a file that takes longer is
                       stopped with an error and nothing is written for it.
                       An engine silent that long (at least 10 s: a step
                       that never yields) or crashed is restarted, and the
                       batch goes on without the file at fault
      --memory-limit MB
                       memory the engine may use (default 4096; watched on
                       Linux); past it, the file it works on fails and the
                       batch goes on
      --thorough-check check each copy with all of verify's pixel checks
                       (MRZ, faces, printed numbers) before it is written;
                       about doubles the time. By default the MRZ search runs
                       again on the copy and every cover is checked opaque
  -h, --help           show this help

A file that cannot be read (empty, truncated, corrupt, password-protected,
not an image, too large, too many pages, over the time limit, hanging or
crashing the engine) gets one line
naming it and the reason; nothing is written for it and the batch goes on.
An output folder that cannot be written stops the run before any work.

Exit codes:
  0  every file redacted
  1  some file needs a human look (no MRZ found, a check digit that stays
     invalid, a portrait covered from the layout alone, a document number
     or a valid personal number the MRZ names not found printed on its
     data page, or something the self-check of the copy before it is
     written still sees: an MRZ, a cover that shows through, and with
     --thorough-check also a face or a number); its copy was written and
     is listed as "review"
  2  usage error, or a file could not be read or written (the others still are)
`;

export const VERIFY_HELP = `Usage: idredact verify <files or folders...> [options]

Checks ID copies that were redacted elsewhere and says, per file, "clean" or
"LEAKS" with what still leaks and where:
  pixels     an MRZ that still reads (with its check digits), MRZ-shaped text,
             a readable document or personal number, a face
  PDF        a text layer (OCR or invisible text), text under black boxes,
             page images intact under vector boxes, annotations (unapplied
             redactions), earlier revisions, attachments, JavaScript, metadata
  images     EXIF (GPS, camera), an embedded EXIF thumbnail, XMP, text chunks,
             bytes after the image's end (aCropalypse)
Metadata alone is a note, not a leak. Values in the output are masked.

Options:
      --json           print the whole report as JSON on stdout (the per-file
                       lines then go to stderr)
      --annotate DIR   write DIR/<name>.annotated.png (or .pdf for several
                       pages) with every leaking area outlined in red
      --report FILE    also write the JSON report to FILE
  -j, --jobs N         files checked in parallel (1-16, default 1)
      --max-pages N    refuse documents with more pages (default 100)
      --time-limit S   seconds allowed for opening a file, for reading a PDF's
                       structure and for each page (default 120); a file
                       that takes longer is stopped with an error (an engine
                       silent that long, at least 10 s, is restarted)
      --memory-limit MB
                       memory the engine may use (default 4096; watched on
                       Linux); past it, the file it works on fails and the
                       batch goes on
  -h, --help           show this help

Exit codes:
  0  every file is clean
  1  some file leaks
  2  usage error, or a file could not be read (the others are still checked)
`;
