import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers/cli.js';

const require = createRequire(import.meta.url);

/** @electron/fuses finds the fuse wire after this marker in the Electron binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Fuse order of wire version 1 (see @electron/fuses). */
const FUSES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * Packaging needs Electron's real binary (downloaded from the internet), so
 * the unpacked app layout is built with a stand-in binary that carries only a
 * fuse wire: enough for electron-builder to lay out the app, pack the asar,
 * unpack what must stay on disk, and flip the fuses we ask for.
 */
describe('electron-builder layout (stand-in Electron binary)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let resources: string;
  let binary: Buffer;
  let asarFiles: string[];

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    const stub = path.join(dir, 'electron-dist');
    await mkdir(stub);
    const wire = Buffer.concat([
      Buffer.from('#!/bin/sh\necho "stand-in Electron for packaging tests"\n'),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, FUSES.length]),
      Buffer.from('1'.repeat(FUSES.length)),
    ]);
    await writeFile(path.join(stub, 'electron'), wire, { mode: 0o755 });
    const out = path.join(dir, 'release');
    const { version } = require('electron/package.json') as { version: string };
    const result = await run(process.execPath, [
      require.resolve('electron-builder/cli.js'),
      '--config',
      'electron-builder.yml',
      '--dir',
      '--linux',
      `-c.electronDist=${stub}`,
      `-c.electronVersion=${version}`,
      `-c.directories.output=${out}`,
    ]);
    if (result.code !== 0) throw new Error(`electron-builder failed:\n${result.output}`);
    resources = path.join(out, 'linux-unpacked', 'resources');
    binary = await readFile(path.join(out, 'linux-unpacked', 'idredact-app'));
    const asar = require('@electron/asar') as { listPackage(file: string): string[] };
    asarFiles = asar.listPackage(path.join(resources, 'app.asar')).map((p) => p.replaceAll('\\', '/'));
  }, 240_000);
  afterAll(() => cleanup());

  it('packs the main process, the preload, the engine and the built window', () => {
    for (const file of [
      '/dist/electron/main.js',
      '/dist/electron/preload.cjs',
      '/dist/electron/engineProcess.js',
      '/dist/shared/review.js',
      '/dist/renderer/index.html',
      '/package.json',
    ])
      expect(asarFiles, file).toContain(file);
    expect(asarFiles.some((f) => f.startsWith('/dist/cli/'))).toBe(false);
  });

  it('keeps language data, face model, wasm files and the font on disk, next to the archive', () => {
    const unpacked = path.join(resources, 'app.asar.unpacked');
    for (const file of [
      'assets/tessdata/mrz/eng.traineddata.gz',
      'node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz',
      'node_modules/tesseract.js-core/tesseract-core-simd.wasm',
      'node_modules/@vladmandic/face-api/model/ssd_mobilenetv1_model.bin',
      'node_modules/@vladmandic/face-api/model/ssd_mobilenetv1_model-weights_manifest.json',
      'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
      'node_modules/libheif-js/libheif-wasm/libheif.wasm',
      'node_modules/pdfjs-dist/package.json',
      'assets/fonts/OCRB.otf',
    ])
      expect(existsSync(path.join(unpacked, file)), file).toBe(true);
    // The full English model (11 MB) is not used by the app: MRZ text is read with its legacy parts.
    expect(existsSync(path.join(unpacked, 'node_modules/@tesseract.js-data/eng/4.0.0'))).toBe(false);
  });

  it('sets the fuses: no running as Node, no NODE_OPTIONS, no inspector, asar only and checked', () => {
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    const states = Object.fromEntries(FUSES.map((name, i) => [name, String.fromCharCode(binary[at + 2 + i]!)]));
    expect(states).toMatchObject({
      runAsNode: '0',
      enableCookieEncryption: '1',
      enableNodeOptionsEnvironmentVariable: '0',
      enableNodeCliInspectArguments: '0',
      enableEmbeddedAsarIntegrityValidation: '1',
      onlyLoadAppFromAsar: '1',
      grantFileProtocolExtraPrivileges: '0',
    });
  });
});
