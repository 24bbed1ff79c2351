/**
 * `npm run bench`: how fast `idredact redact` is on the inputs the performance
 * issue names, against Debian's native `tesseract` merely reading the same
 * pages. Every CLI run happens under the no-network guard of the tests; the
 * bench fails if anything reached for the network. Prints Markdown for the README.
 *
 * Options: --files N (size of the throughput batch, default 100), --skip-pdf50.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BatchReport } from '../shared/report.js';
import { CLI, ROOT } from '../test/helpers/cli.js';
import type { SpeedBenchFiles } from './speedInputs.js';

const GUARD = path.join(ROOT, 'test', 'helpers', 'no-network.cjs');

interface Run {
  wallMs: number;
  report: BatchReport;
}

let netlogs: string[] = [];

/** Runs the CLI as a user would (fresh process), under the no-network guard. */
async function redact(inputs: string[], work: string, jobs: number, label: string): Promise<Run> {
  const out = path.join(work, `out-${label}`);
  const reportFile = path.join(work, `report-${label}.json`);
  const netlog = path.join(work, `netlog-${label}.txt`);
  netlogs.push(netlog);
  const started = performance.now();
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CLI, 'redact', ...inputs, '--out', out, '--report', reportFile, '--jobs', String(jobs)],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, NODE_OPTIONS: `--require ${GUARD}`, IDREDACT_NETLOG: netlog },
      },
    );
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? -1));
  });
  const wallMs = performance.now() - started;
  if (code > 1) throw new Error(`idredact exited ${code} on ${label}`);
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as BatchReport;
  await rm(out, { recursive: true, force: true });
  return { wallMs, report };
}

/** Native Tesseract, one thread, plain full-page OCR of a PNG/JPEG: seconds. */
function tesseractSeconds(image: string): number | undefined {
  const started = performance.now();
  const run = spawnSync('tesseract', [image, '-'], {
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  if (run.error || run.status !== 0) return undefined;
  return (performance.now() - started) / 1000;
}

const s = (ms: number): string => (ms / 1000).toFixed(2);

/** Warm times are measured this many times each. */
const ROUNDS = [1, 2, 3];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const filesArg = args.indexOf('--files');
  const batchSize = filesArg >= 0 ? Number(args[filesArg + 1]) : 100;
  const work = await mkdtemp(path.join(os.tmpdir(), 'idredact-bench-'));
  try {
    // The inputs are made by a process of their own, so that the memory drawing them takes (about
    // 400 MB) is not held by this one while it measures.
    const made = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'speedInputs.ts'), work], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (made.status !== 0) throw new Error('could not make the bench inputs');
    const files = JSON.parse(await readFile(path.join(work, 'manifest.json'), 'utf8')) as SpeedBenchFiles;
    const inputs = files.inputs;
    const cpu = os.cpus();
    console.log(
      `Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}\n`,
    );

    // Cold: a fresh process on one file (workers and models start). The median of three: the
    // first also pays for reading the engine's files from disk, and this machine's speed wavers.
    const colds: Run[] = [];
    for (const round of [1, 2, 3]) colds.push(await redact([inputs[0]!.file], work, 1, `cold-${round}`));
    colds.sort((a, b) => a.wallMs - b.wallMs);
    const cold = colds[1]!;
    // Warm: each input after a first file has warmed the workers up, three times over (the
    // inputs in turn), and the median of the three; native Tesseract likewise. One run of each
    // varied by a tenth or more from one bench run to the next on this machine.
    // (Copies: the CLI processes a file given twice only once.)
    const warmup = path.join(work, 'warmup.jpg');
    await copyFile(inputs[0]!.file, warmup);
    const copies: string[] = [];
    for (const round of ROUNDS) {
      for (const input of inputs) {
        const copy = path.join(work, `round${round}-${path.basename(input.file)}`);
        await copyFile(input.file, copy);
        copies.push(copy);
      }
    }
    const warm = await redact([warmup, ...copies], work, 1, 'warm');
    const warmMs = new Map(
      inputs.map((input, i) => [
        input.name,
        median(ROUNDS.map((_, round) => warm.report.files[1 + round * inputs.length + i]!.timings.totalMs)),
      ]),
    );

    console.log(
      '| input | pages | IDRedact, warm (jobs 1), median of 3 | native tesseract, read only, median of 3 | ratio |',
    );
    console.log('|---|---|---|---|---|');
    let oursTotal = 0;
    let nativeTotal = 0;
    for (const input of inputs) {
      const images = input.pageImages;
      const native = images.map((image) => {
        const times = ROUNDS.map(() => tesseractSeconds(image));
        return times.every((t) => t !== undefined) ? median(times as number[]) : undefined;
      });
      const nativeSeconds = native.every((n) => n !== undefined) ? native.reduce((a, b) => a! + b!, 0)! : undefined;
      const ours = warmMs.get(input.name)!;
      oursTotal += ours;
      if (nativeSeconds !== undefined) nativeTotal += nativeSeconds * 1000;
      console.log(
        `| ${input.name} | ${input.pages} | ${s(ours)} s | ${nativeSeconds === undefined ? 'not installed' : `${nativeSeconds.toFixed(2)} s`} | ${nativeSeconds === undefined ? '-' : (ours / 1000 / nativeSeconds).toFixed(2)} |`,
      );
    }
    if (nativeTotal > 0)
      console.log(
        `| all four | 5 | ${s(oursTotal)} s | ${s(nativeTotal)} s | ${(oursTotal / nativeTotal).toFixed(2)} |`,
      );
    else console.log('\n(native tesseract not found: `apt install tesseract-ocr` to compare)');

    // Batches: 10 images with start-up; `batchSize` files with --jobs 1 and 2.
    const images = inputs.filter((i) => !i.file.endsWith('.pdf'));
    const batch = async (n: number, folder: string): Promise<string[]> => {
      await mkdir(folder, { recursive: true });
      const files: string[] = [];
      for (let i = 0; i < n; i++) {
        const source = images[i % images.length]!;
        const file = path.join(folder, `${String(i).padStart(3, '0')}-${source.name}`);
        await copyFile(source.file, file);
        files.push(file);
      }
      return files;
    };
    const ten = await batch(10, path.join(work, 'ten'));
    const tenRun = await redact(ten, work, 2, 'ten');
    const many = await batch(batchSize, path.join(work, 'many'));
    const jobs1 = await redact(many, work, 1, 'jobs1');
    const jobs2 = await redact(many, work, 2, 'jobs2');

    let pdf50: Run | undefined;
    let pdf10: Run | undefined;
    if (!args.includes('--skip-pdf50')) {
      pdf10 = await redact([files.tenPagePdf], work, 1, 'pdf10');
      pdf50 = await redact([files.fiftyPagePdf], work, 1, 'pdf50');
    }

    const perFile = (run: Run, n: number): string => `${s(run.wallMs / n)} s`;
    console.log('\n| measure | result |');
    console.log('|---|---|');
    console.log(
      `| cold start: one A4 scan in a fresh process | ${s(cold.wallMs)} s, median of ${colds.map((c) => s(c.wallMs)).join(' / ')} s (peak ${cold.report.peakRssMb} MB) |`,
    );
    console.log(`| 10-image batch, --jobs 2, start-up included | ${perFile(tenRun, 10)} per image |`);
    console.log(
      `| ${batchSize}-image batch, --jobs 1 | ${perFile(jobs1, batchSize)} per image (peak ${jobs1.report.peakRssMb} MB) |`,
    );
    console.log(
      `| ${batchSize}-image batch, --jobs 2 | ${perFile(jobs2, batchSize)} per image (peak ${jobs2.report.peakRssMb} MB); ${(jobs1.wallMs / jobs2.wallMs).toFixed(2)}x the throughput of --jobs 1 |`,
    );
    if (pdf10 && pdf50)
      console.log(
        `| 10-page / 50-page PDF (A4 scans) | ${s(pdf10.wallMs / 10)} / ${s(pdf50.wallMs / 50)} s per page; peak ${pdf10.report.peakRssMb} / ${pdf50.report.peakRssMb} MB |`,
      );

    // The privacy promise holds for the bench too.
    const violations: string[] = [];
    for (const log of netlogs) {
      const text = await readFile(log, 'utf8').catch(() => '');
      if (!text.includes('loaded')) throw new Error(`the no-network guard did not load (${log})`);
      violations.push(...text.split('\n').filter((l) => l.startsWith('VIOLATION')));
    }
    if (violations.length > 0) throw new Error(`network use during the bench:\n${violations.join('\n')}`);
    console.log(`\nNo network use in any of the ${netlogs.length} runs (every socket, DNS lookup and fetch refused).`);
  } finally {
    netlogs = [];
    await rm(work, { recursive: true, force: true });
  }
}

await main();
