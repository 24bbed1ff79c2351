import type { FormatChoice } from '../shared/pipeline.js';

export class UsageError extends Error {}

export interface RedactArgs {
  inputs: string[];
  outDir: string;
  format: FormatChoice;
  reportFile?: string;
  jobs: number;
}

const FORMATS: readonly FormatChoice[] = ['auto', 'png', 'jpeg', 'pdf'];

/** Parses `redact` options; `--opt value` and `--opt=value` both work. */
export function parseRedactArgs(argv: readonly string[]): RedactArgs {
  const inputs: string[] = [];
  let outDir: string | undefined;
  let format: FormatChoice = 'auto';
  let reportFile: string | undefined;
  let jobs = 1;
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
    switch (arg) {
      case '--out':
      case '-o':
        outDir = take();
        break;
      case '--format':
      case '-f': {
        const v = take().toLowerCase();
        const normalised = (v === 'jpg' ? 'jpeg' : v) as FormatChoice;
        if (!FORMATS.includes(normalised)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
        format = normalised;
        break;
      }
      case '--report':
        reportFile = take();
        break;
      case '--jobs':
      case '-j': {
        const v = Number(take());
        if (!Number.isInteger(v) || v < 1 || v > 16) throw new UsageError('--jobs must be a whole number from 1 to 16');
        jobs = v;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        inputs.push(arg);
    }
  }
  if (inputs.length === 0) throw new UsageError('no input files or folders given');
  if (!outDir) throw new UsageError('--out DIR is required');
  return { inputs, outDir, format, jobs, ...(reportFile ? { reportFile } : {}) };
}

export const MAIN_HELP = `idredact: redact identity-document copies offline

Usage:
  idredact redact <files or folders...> --out DIR [options]
  idredact --help | --version
  idredact redact --help

Commands:
  redact   cover the MRZ (machine-readable zone), the portrait photo, the
           document number and the national personal number of passports,
           ID cards and visas, and write new, metadata-free copies

Nothing is sent over the network; everything runs on this machine.
`;

export const REDACT_HELP = `Usage: idredact redact <files or folders...> --out DIR [options]

Reads each file (JPEG, PNG, TIFF, WebP, GIF, HEIC, AVIF, PDF; folders are
walked for these), finds every MRZ, portrait, document number and national
personal number, covers them with opaque black on the full-resolution pixels
and writes DIR/<name>.redacted.<ext>. Names and dates stay readable. The input is never
modified. Outputs carry no EXIF/XMP/ICC metadata or thumbnails; PDFs are
image-only (no text layer).

Options:
  -o, --out DIR        folder for the redacted copies (created if missing)
  -f, --format FMT     auto (default), png, jpeg or pdf. auto keeps PDF as PDF
                       and JPEG as JPEG, writes multi-page files as PDF and
                       everything else as PNG
      --report FILE    write a JSON report: per file and page the covered
                       regions (kind, box, confidence, reason), MRZ format and
                       check-digit status, timings. Values are masked.
  -j, --jobs N         files processed in parallel (1-16, default 1)
  -h, --help           show this help

Exit codes:
  0  every file redacted
  1  some file needs a human look (no MRZ found, a check digit that stays
     invalid, a portrait covered from the layout alone); its copy was written
     and is listed as "review"
  2  usage error, or a file could not be read or written (the others still are)
`;
