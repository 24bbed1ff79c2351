import path from 'node:path';
import { writeFileAtomic } from '../shared/export/atomic.js';
import { encodeDocument, type RedactedPage } from '../shared/export/encode.js';
import { outlineFindings } from '../shared/verify/annotate.js';
import type { VerifyReport } from '../shared/verify/findings.js';
import { failedVerifyReport, verifyFile } from '../shared/verify/verify.js';
import type { VerifyArgs } from './args.js';
import { uniqueOutputStems } from '../shared/export/outputNames.js';
import { prepareOutputFolder, runBatch, writeJsonReport } from './batch.js';
import { expandInputs } from './walk.js';

export interface VerifyBatchReport {
  tool: 'idredact';
  command: 'verify';
  version: string;
  startedAt: string;
  files: VerifyReport[];
  summary: { files: number; clean: number; leaks: number; errors: number };
  /** Peak resident memory of the whole run (all threads), in MB. */
  peakRssMb: number;
}

export function verifyLine(report: VerifyReport): string {
  if (report.verdict === 'error') return `error   ${report.summary}`;
  return `${report.verdict === 'clean' ? 'clean  ' : 'LEAKS  '} ${report.file}: ${report.summary}`;
}

export async function runVerify(args: VerifyArgs, version: string): Promise<number> {
  const files = await expandInputs(args.inputs);
  if (files.length === 0) {
    process.stderr.write('idredact: no supported files found in the given folders\n');
    return 2;
  }
  if (args.annotateDir) {
    const folderProblem = await prepareOutputFolder(args.annotateDir);
    if (folderProblem) {
      process.stderr.write(folderProblem + '\n');
      return 2;
    }
  }
  const stems = uniqueOutputStems(files);
  // With --json the report goes to stdout, so the per-file lines go to stderr.
  const lines = args.json ? process.stderr : process.stdout;
  let annotateFailed = false;
  const {
    results: reports,
    startedAt,
    peakRssMb,
  } = await runBatch<VerifyReport>(files, {
    jobs: args.jobs,
    timeLimitMs: args.timeLimitMs,
    memoryLimitMb: args.memoryLimitMb,
    work: async (file, ocr, progress, index) => {
      const annotated: RedactedPage[] = [];
      const report = await verifyFile(file, ocr, {
        limits: { maxPages: args.maxPages },
        timeLimitMs: args.timeLimitMs,
        ...(args.annotateDir
          ? { onPage: async (page, found) => void annotated.push(outlineFindings(page, found)) }
          : {}),
      });
      if (args.annotateDir && annotated.length > 0 && report.verdict !== 'error') {
        const format = annotated.length > 1 ? 'pdf' : 'png';
        const target = path.join(args.annotateDir, `${stems[index]!}.annotated.${format}`);
        try {
          await writeFileAtomic(target, await encodeDocument(annotated, format, false), file);
        } catch (error) {
          annotateFailed = true;
          progress.log(`idredact: ${error instanceof Error ? error.message : String(error)}`, process.stderr);
        }
      }
      return report;
    },
    print: (report, progress) => progress.log(verifyLine(report), report.verdict === 'error' ? process.stderr : lines),
    failed: failedVerifyReport,
    outputs: (_file, index) =>
      args.annotateDir ? [{ dir: args.annotateDir, namePrefix: `${stems[index]!}.annotated.` }] : [],
  });
  const summary = {
    files: reports.length,
    clean: reports.filter((r) => r.verdict === 'clean').length,
    leaks: reports.filter((r) => r.verdict === 'leaks').length,
    errors: reports.filter((r) => r.verdict === 'error').length,
  };
  lines.write(`${summary.files} files: ${summary.clean} clean, ${summary.leaks} leak, ${summary.errors} failed\n`);
  const batch: VerifyBatchReport = {
    tool: 'idredact',
    command: 'verify',
    version,
    startedAt,
    files: reports,
    summary,
    peakRssMb,
  };
  if (args.json) process.stdout.write(JSON.stringify(batch, null, 2) + '\n');
  if (args.reportFile && !(await writeJsonReport(args.reportFile, batch))) return 2;
  if (summary.errors > 0 || annotateFailed) return 2;
  return summary.leaks > 0 ? 1 : 0;
}
