import { failedFileReport, redactFile } from '../shared/pipeline.js';
import type { BatchReport, FileReport } from '../shared/report.js';
import type { RedactArgs } from './args.js';
import { uniqueOutputStems } from '../shared/export/outputNames.js';
import { prepareOutputFolder, runBatch, writeJsonReport } from './batch.js';
import { expandInputs } from './walk.js';

const KIND_LABEL: Record<string, string> = {
  mrz: 'MRZ',
  document_number: 'document number',
  personal_number: 'personal number',
  portrait: 'portrait',
  ghost_portrait: 'ghost portrait',
  manual: 'manual box',
};

/** One line a file: what was covered, or why not. No sensitive value appears. */
export function summaryLine(report: FileReport): string {
  if (report.status === 'error') return `error   ${report.error?.message ?? report.file}`;
  const regions = report.pages.flatMap((p) => p.regions);
  const counts = new Map<string, number>();
  for (const r of regions) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const covered = [...counts].map(([kind, n]) => `${n} ${KIND_LABEL[kind] ?? kind}`).join(', ') || 'nothing';
  const formats = report.pages.flatMap((p) =>
    p.mrz.map((m) => `${m.format}${m.allChecksValid ? '' : ' (check digits!)'}`),
  );
  const head = report.status === 'redacted' ? 'ok     ' : 'review ';
  const note = report.status === 'review' ? ` — ${report.warnings.join('; ')}` : '';
  return `${head} ${report.file} -> ${report.output}: covered ${covered}${formats.length ? ` [${formats.join(', ')}]` : ''}${note}`;
}

export function exitCodeFor(reports: readonly FileReport[]): number {
  if (reports.some((r) => r.status === 'error')) return 2;
  if (reports.some((r) => r.status === 'review')) return 1;
  return 0;
}

export async function runRedact(args: RedactArgs, version: string): Promise<number> {
  const files = await expandInputs(args.inputs);
  if (files.length === 0) {
    process.stderr.write('idredact: no supported files found in the given folders\n');
    return 2;
  }
  const folderProblem = await prepareOutputFolder(args.outDir);
  if (folderProblem) {
    process.stderr.write(folderProblem + '\n');
    return 2;
  }
  const stems = uniqueOutputStems(files);
  const {
    results: reports,
    startedAt,
    peakRssMb,
  } = await runBatch<FileReport>(files, {
    jobs: args.jobs,
    timeLimitMs: args.timeLimitMs,
    memoryLimitMb: args.memoryLimitMb,
    work: (file, ocr, _progress, index) =>
      redactFile(file, {
        ocr,
        outDir: args.outDir,
        format: args.format,
        outputStem: stems[index]!,
        limits: { maxPages: args.maxPages },
        timeLimitMs: args.timeLimitMs,
        selfCheck: args.selfCheck,
      }),
    print: (report, progress) =>
      progress.log(summaryLine(report), report.status === 'error' ? process.stderr : process.stdout),
    failed: failedFileReport,
    outputs: (_file, index) => [{ dir: args.outDir, namePrefix: `${stems[index]!}.redacted.` }],
  });
  const summary = {
    files: reports.length,
    redacted: reports.filter((r) => r.status === 'redacted').length,
    review: reports.filter((r) => r.status === 'review').length,
    errors: reports.filter((r) => r.status === 'error').length,
  };
  process.stdout.write(
    `${summary.files} files: ${summary.redacted} redacted, ${summary.review} to review, ${summary.errors} failed\n`,
  );
  if (args.reportFile) {
    const batch: BatchReport = {
      tool: 'idredact',
      version,
      startedAt,
      files: reports,
      summary,
      peakRssMb,
    };
    if (!(await writeJsonReport(args.reportFile, batch))) return 2;
  }
  return exitCodeFor(reports);
}
