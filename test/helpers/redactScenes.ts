import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BatchReport, FileReport } from '../../shared/report.js';
import { encodeScene, type Scene } from '../fixtures/scene.js';
import { afterAll, beforeAll } from 'vitest';
import { runCli, tempDir, type CliResult } from './cli.js';

/** Generated pages written as PNG files (or JPEG where a case asks) and redacted by the CLI in one batch, with the report. */
export interface RedactedScenes {
  run: CliResult;
  report: BatchReport;
  scene(name: string): Scene;
  entry(name: string): FileReport;
  /** The input file written for the case. */
  input(name: string): string;
}

/** A case: its name, the page drawn, and how its file is encoded (PNG unless a JPEG quality is given). */
export type SceneCase = [name: string, scene: Scene, encoding?: { jpegQuality: number }];

export async function redactScenes(dir: string, cases: SceneCase[]): Promise<RedactedScenes> {
  const files = new Map<string, { file: string; scene: Scene }>();
  for (const [name, scene, encoding] of cases) {
    const file = path.join(dir, encoding ? `${name}.jpg` : `${name}.png`);
    await writeFile(
      file,
      await (encoding ? encodeScene(scene, 'jpeg', { quality: encoding.jpegQuality }) : encodeScene(scene, 'png')),
    );
    files.set(name, { file, scene });
  }
  const reportFile = path.join(dir, 'report.json');
  const inputs = [...files.values()].map((s) => s.file);
  const run = await runCli([
    'redact',
    ...inputs,
    '--out',
    path.join(dir, 'out'),
    '--report',
    reportFile,
    '--jobs',
    '2',
  ]);
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as BatchReport;
  return {
    run,
    report,
    scene: (name) => files.get(name)!.scene,
    entry: (name) => report.files.find((f) => f.file === files.get(name)!.file)!,
    input: (name) => files.get(name)!.file,
  };
}

/**
 * For a describe block: the scenes `make` draws, redacted once before its tests
 * (in a temporary folder removed after them). The answer's methods work from
 * the first test on.
 */
export function redactedScenesForSuite(make: () => Promise<SceneCase[]>): RedactedScenes {
  let redacted: RedactedScenes | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    redacted = await redactScenes(temp.dir, await make());
  }, 300_000);
  afterAll(() => cleanup?.());
  return {
    get run() {
      return redacted!.run;
    },
    get report() {
      return redacted!.report;
    },
    scene: (name) => redacted!.scene(name),
    entry: (name) => redacted!.entry(name),
    input: (name) => redacted!.input(name),
  };
}
