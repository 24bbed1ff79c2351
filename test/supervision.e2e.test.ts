import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { removeTemporaryFiles } from '../shared/export/atomic.js';
import {
  DEFAULT_MEMORY_LIMIT_MB,
  HEARTBEAT_INTERVAL_MS,
  MIN_STALL_LIMIT_MS,
  stallLimitFor,
  StallWatch,
} from '../shared/engineWatch.js';
import type { BatchReport } from '../shared/report.js';
import { parseRedactArgs, parseVerifyArgs, UsageError } from '../cli/args.js';
import type { VerifyBatchReport } from '../cli/verifyCommand.js';
import { CLI, ROOT, runCli, sha256, tempDir } from './helpers/cli.js';
import { blackShare, boxCorners, decode } from './helpers/pixels.js';

// The real `idredact` command, with test/fixtures/engineFaults.mjs preloaded into its processes:
// a file named "...hang..." holds the engine's thread in a loop that never yields, a copy named
// "...crash..." kills the engine's process once its temporary file exists.
const FAULTS = path.join(ROOT, 'test', 'fixtures', 'engineFaults.mjs');
const withFaults = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${FAULTS}`.trim() };
const SAMPLES = path.join(ROOT, 'assets', 'samples');

describe('a batch whose engine hangs, balloons or dies on a file', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let inputs: string[];
  let hashes: string[];
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    await mkdir(path.join(dir, 'in'));
    const copies: Array<[string, string]> = [
      ['passport-td3.png', 'a-passport.png'],
      ['passport-td3.png', 'b-hang.png'],
      ['id-card-front-back.jpg', 'c-card.jpg'],
      ['passport-td3.png', 'd-crash.png'],
      ['id-card-front-back.jpg', 'e-balloon.jpg'],
    ];
    inputs = [];
    for (const [sample, name] of copies) {
      inputs.push(path.join(dir, 'in', name));
      await copyFile(path.join(SAMPLES, sample), inputs.at(-1)!);
    }
    hashes = await Promise.all(inputs.map(sha256));
  });
  afterAll(() => cleanup());

  it('redacts every other file (two at a time), reports the three at fault and leaves nothing of theirs behind', async () => {
    const out = path.join(dir, 'out');
    const reportFile = path.join(dir, 'report.json');
    const started = performance.now();
    const { code, stdout, stderr } = await runCli(
      [
        'redact',
        path.join(dir, 'in'),
        '--out',
        out,
        '--jobs',
        '2',
        '--time-limit',
        '10',
        '--memory-limit',
        '1200',
        '--report',
        reportFile,
      ],
      withFaults,
      undefined,
      240_000,
    );
    const seconds = (performance.now() - started) / 1000;
    expect(code, stderr).toBe(2);
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as BatchReport;
    expect(report.files.map((f) => f.file)).toEqual(inputs);
    const [passport, hang, card, crash, balloon] = report.files;
    expect(passport!.status).not.toBe('error');
    expect(card!.status).not.toBe('error');
    expect(hang!.error?.reason).toBe('time_limit');
    expect(hang!.error?.message).toMatch(
      /b-hang\.png: the engine gave no sign of life for 1\d s while working on this file/,
    );
    expect(crash!.error?.reason).toBe('engine_crashed');
    expect(crash!.error?.message).toMatch(/d-crash\.png: the engine's process ended with signal SIGKILL/);
    expect(balloon!.error?.reason).toBe('too_large');
    expect(balloon!.error?.message).toMatch(
      /e-balloon\.jpg: the engine used \d{4} MB, over the memory limit of 1200 MB \(--memory-limit\) while working on this file/,
    );
    expect(report.summary).toEqual({ files: 5, redacted: 2, review: 0, errors: 3 });
    // The report spans the whole batch: when the first engine began, the highest peak of all three.
    expect(Date.parse(report.startedAt)).toBeLessThan(started + performance.timeOrigin + 5000);
    expect(report.peakRssMb).toBeGreaterThan(150);
    // One line a file, whatever the restarts: the files done before one are not redone or repeated.
    for (const input of [inputs[0]!, inputs[2]!])
      expect(stdout.split('\n').filter((line) => line.includes(`${input} -> `))).toHaveLength(1);
    expect(stderr.match(/b-hang\.png/g)).toHaveLength(1);
    expect(stderr.match(/d-crash\.png/g)).toHaveLength(1);
    expect(stderr.match(/e-balloon\.jpg/g)).toHaveLength(1);
    // Only the two copies: neither a copy nor a temporary file (the crash left one) of the others.
    expect((await readdir(out)).sort()).toEqual(['a-passport.redacted.png', 'c-card.redacted.jpg']);
    // The copies are real redactions: every region black on the exported pixels.
    for (const [entry, copy] of [
      [passport!, 'a-passport.redacted.png'],
      [card!, 'c-card.redacted.jpg'],
    ] as const) {
      const pixels = await decode(path.join(out, copy));
      const regions = entry.pages.flatMap((p) => p.regions);
      expect(regions.map((r) => r.kind)).toEqual(expect.arrayContaining(['mrz', 'portrait', 'document_number']));
      for (const region of regions)
        expect(blackShare(pixels, boxCorners(region.box)), region.kind).toBeGreaterThan(0.9);
    }
    expect(await Promise.all(inputs.map(sha256))).toEqual(hashes);
    // Three engine stops or more (a file in flight with the one at fault is run again alone), the
    // hang seen about 10 s after it began, twice.
    expect(seconds).toBeLessThan(200);
  }, 240_000);

  it('verifies the others and reports the hanging file as failed', async () => {
    const { code, stdout, stderr } = await runCli(
      ['verify', inputs[0]!, inputs[1]!, '--json', '--time-limit', '10'],
      withFaults,
      undefined,
      120_000,
    );
    expect(code, stderr).toBe(2);
    const report = JSON.parse(stdout) as VerifyBatchReport;
    expect(report.files.map((f) => f.verdict)).toEqual(['leaks', 'error']);
    expect(report.files[1]!.error?.reason).toBe('time_limit');
    expect(report.summary).toEqual({ files: 2, clean: 0, leaks: 1, errors: 1 });
    expect(stderr).toMatch(/b-hang\.png: the engine gave no sign of life for 1\d s/);
  }, 120_000);
});

describe.runIf(process.platform === 'linux')('Ctrl-C on a batch whose engine hangs', () => {
  it('ends the command and its engine at once, without a restart', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const hanging = path.join(dir, 'scan-hang.png');
      await copyFile(path.join(SAMPLES, 'passport-td3.png'), hanging);
      const launcher = spawn(process.execPath, [CLI, 'redact', hanging, '--out', path.join(dir, 'out')], {
        env: { ...process.env, ...withFaults },
        stdio: 'ignore',
      });
      const ended = new Promise<NodeJS.Signals | number | null>((resolve) =>
        launcher.on('close', (code, signal) => resolve(signal ?? code)),
      );
      // Until the engine runs on the file (its command line names it) and has had time to start hanging.
      while (!(await processesNaming(hanging)).some((pid) => pid !== launcher.pid))
        await new Promise((resolve) => setTimeout(resolve, 100));
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const interruptedAt = performance.now();
      launcher.kill('SIGINT');
      expect(await ended).toBe('SIGINT');
      expect(performance.now() - interruptedAt).toBeLessThan(3000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await processesNaming(hanging)).toEqual([]); // no engine left, none started again
    } finally {
      await cleanup();
    }
  }, 60_000);
});

/** Processes whose command line holds `text` (from /proc). */
async function processesNaming(text: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const command = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (command.includes(text)) found.push(Number(entry));
  }
  return found;
}

describe('--memory-limit', () => {
  it('defaults to 4096 MB and takes 256 MB to 1 TB in whole megabytes', () => {
    expect(parseRedactArgs(['a.jpg', '--out', 'o']).memoryLimitMb).toBe(DEFAULT_MEMORY_LIMIT_MB);
    expect(DEFAULT_MEMORY_LIMIT_MB).toBe(4096);
    expect(parseVerifyArgs(['a.jpg', '--memory-limit=2048']).memoryLimitMb).toBe(2048);
    for (const bad of ['100', '1.5', 'lots', '2000000'])
      expect(() => parseRedactArgs(['a.jpg', '--out', 'o', '--memory-limit', bad])).toThrow(UsageError);
  });
});

describe('StallWatch', () => {
  it('calls a silence longer than the limit a stall, once, and never a busy engine that beats', () => {
    vi.useFakeTimers();
    try {
      const stalls: number[] = [];
      const watch = new StallWatch(5_000, (silent) => stalls.push(silent));
      watch.start();
      for (let i = 0; i < 20; i++) {
        vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
        watch.beat();
      }
      expect(stalls).toEqual([]);
      vi.advanceTimersByTime(5_000);
      expect(stalls).toEqual([]); // exactly the limit: not yet
      vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
      expect(stalls).toEqual([6_000]);
      expect(watch.watching).toBe(false);
      vi.advanceTimersByTime(60_000);
      expect(stalls).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('allows at least MIN_STALL_LIMIT_MS, and the time limit per page when longer', () => {
    expect(stallLimitFor(200)).toBe(MIN_STALL_LIMIT_MS);
    expect(stallLimitFor(120_000)).toBe(120_000);
  });
});

describe('removeTemporaryFiles', () => {
  it("removes only atomic writes' temporary files of the given output name", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'idredact-temp-'));
    try {
      const names = [
        '.scan.redacted.png.0123456789ab.tmp', // removed
        '.scan.redacted.pdf.ba9876543210.tmp', // removed
        '.scan-2.redacted.png.0123456789ab.tmp', // another file's
        'scan.redacted.png', // the finished copy
        '.scan.redacted.png.notahexnumber.tmp',
        'scan.redacted.png.0123456789ab.tmp', // not hidden: not ours
      ];
      for (const name of names) await writeFile(path.join(dir, name), '');
      expect(await removeTemporaryFiles(dir, 'scan.redacted.')).toBe(2);
      expect((await readdir(dir)).sort()).toEqual(names.slice(2).sort());
      expect(await removeTemporaryFiles(path.join(dir, 'missing'), 'scan.')).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
