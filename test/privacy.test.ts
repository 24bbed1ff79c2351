import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputError } from '../shared/errors.js';
import { writeFileAtomic } from '../shared/export/atomic.js';
import { drawTd3 } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { specimenPortrait } from './fixtures/portraits.js';
import { encodeScene, singleDocumentScene } from './fixtures/scene.js';
import { ROOT, runCli, tempDir } from './helpers/cli.js';
import { blackShare, decode } from './helpers/pixels.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

describe('no network at run time', () => {
  it('redacts a passport with every socket, DNS lookup and fetch refused, in every thread', async () => {
    // A real portrait, so that the face model (TensorFlow.js WebAssembly) runs under the guard too.
    const scene = singleDocumentScene(drawTd3(PEOPLE.passport, 200, { photo: await specimenPortrait() }));
    const input = path.join(dir, 'passport.png');
    await writeFile(input, await encodeScene(scene, 'png'));
    const netlog = path.join(dir, 'netlog.txt');
    const guard = path.join(ROOT, 'test', 'helpers', 'no-network.cjs');
    // Run from an empty folder: nothing may be cached into the working directory either.
    const cwd = path.join(dir, 'cwd');
    await (await import('node:fs/promises')).mkdir(cwd);
    const result = await runCli(
      ['redact', input, '--out', path.join(dir, 'out'), '--jobs', '2'],
      {
        NODE_OPTIONS: `--require ${guard}`,
        IDREDACT_NETLOG: netlog,
      },
      cwd,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = (await readFile(netlog, 'utf8')).trim().split('\n');
    expect(lines.filter((l) => l.startsWith('VIOLATION'))).toEqual([]);
    // The guard was active in the main thread and in every worker thread: for one file (--jobs is
    // capped by the file count) an OCR thread for printed text, one for MRZ bands, the face detector's.
    expect(lines.some((l) => l.includes('main=true'))).toBe(true);
    expect(new Set(lines.filter((l) => l.includes('main=false')).map((l) => /thread=\d+/.exec(l)![0])).size).toBe(3);
    // And the run did its job.
    const out = await decode(path.join(dir, 'out', 'passport.redacted.png'));
    for (const quad of scene.docs[0]!.mrzChars.flat()) expect(blackShare(out, quad, 0)).toBe(1);
    expect(blackShare(out, scene.docs[0]!.fields.portrait!, 0)).toBeGreaterThanOrEqual(0.99);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('verifies a PDF and an image with every socket, DNS lookup and fetch refused, in every thread', async () => {
    const scene = singleDocumentScene(drawTd3(PEOPLE.passport, 200, { photo: await specimenPortrait() }));
    const pdf = path.join(dir, 'received.pdf');
    const png = path.join(dir, 'received.png');
    await writeFile(pdf, await encodeScene(scene, 'pdf'));
    await writeFile(png, await encodeScene(scene, 'png'));
    const netlog = path.join(dir, 'netlog-verify.txt');
    const cwd = path.join(dir, 'cwd-verify');
    await (await import('node:fs/promises')).mkdir(cwd);
    const result = await runCli(
      ['verify', pdf, png, '--annotate', path.join(dir, 'annotated'), '--jobs', '2'],
      { NODE_OPTIONS: `--require ${path.join(ROOT, 'test', 'helpers', 'no-network.cjs')}`, IDREDACT_NETLOG: netlog },
      cwd,
    );
    // Both copies leak (nothing was redacted): the check ran to the end, offline.
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/2 files: 0 clean, 2 leak, 0 failed/);
    const lines = (await readFile(netlog, 'utf8')).trim().split('\n');
    expect(lines.filter((l) => l.startsWith('VIOLATION'))).toEqual([]);
    expect(lines.filter((l) => l.includes('main=false')).length).toBeGreaterThanOrEqual(1);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('the guard really refuses network use', async () => {
    const netlog = path.join(dir, 'netlog-check.txt');
    const script = path.join(dir, 'fetch.mjs');
    await writeFile(script, "try { await fetch('http://127.0.0.1:9/'); } catch {}\nprocess.stdout.write('done');\n");
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, [script], {
      env: {
        ...process.env,
        NODE_OPTIONS: `--require ${path.join(ROOT, 'test', 'helpers', 'no-network.cjs')}`,
        IDREDACT_NETLOG: netlog,
      },
    });
    expect(run.stdout.toString()).toBe('done');
    expect(await readFile(netlog, 'utf8')).toContain('VIOLATION fetch');
  });
});

describe('atomic output', () => {
  it('writes through a temporary file and leaves nothing else behind', async () => {
    const target = path.join(dir, 'atomic', 'copy.png');
    await (await import('node:fs/promises')).mkdir(path.dirname(target));
    await writeFileAtomic(target, Buffer.from('redacted'));
    expect(await readdir(path.dirname(target))).toEqual(['copy.png']);
    expect(await readFile(target, 'utf8')).toBe('redacted');
  });

  it('refuses to overwrite the input', async () => {
    const input = path.join(dir, 'input.png');
    await writeFile(input, 'original');
    await expect(writeFileAtomic(input, Buffer.from('x'), input)).rejects.toBeInstanceOf(OutputError);
    expect(await readFile(input, 'utf8')).toBe('original');
  });

  it('reports an unwritable output folder without leaving a temporary file', async () => {
    const error = await writeFileAtomic(path.join(dir, 'no', 'such', 'folder', 'x.png'), Buffer.from('x')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toContain('x.png');
  });
});

describe('no pixels kept in caches', () => {
  it("keeps no decoded page in libvips' operation cache", async () => {
    const { openDocument } = await import('../shared/load/index.js');
    const file = path.join(dir, 'cached.png');
    await writeFile(file, await encodeScene(singleDocumentScene(drawTd3(PEOPLE.passport, 100)), 'png'));
    const doc = await openDocument(file);
    await doc.readPage(0);
    await doc.close();
    const sharp = (await import('sharp')).default;
    expect(sharp.cache()).toMatchObject({ memory: { current: 0, max: 0 }, items: { current: 0, max: 0 } });
  });
});
