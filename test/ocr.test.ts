import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { rgbToGray } from '../shared/image/gray.js';
import { LangDataMissingError, langDataFolder } from '../shared/ocr/langdata.js';
import { hideLeptonicaNoise } from '../shared/ocr/leptonicaNoise.js';
import { OcrService, OcrStoppedError } from '../shared/ocr/service.js';
import { OcrWorkerPool } from '../shared/ocr/workerPool.js';
import type { Worker } from 'tesseract.js';
import { drawTd3 } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { tempDir } from './helpers/cli.js';
import { LEGACY_COMPONENTS, readTraineddata } from './helpers/traineddata.js';
import { createCanvas } from '@napi-rs/canvas';

describe('OcrService', () => {
  const ocr = new OcrService({ workers: 2 });
  afterAll(() => ocr.terminate());

  it('reads MRZ text with the legacy engine, fillers included, two bands at once', async () => {
    const doc = drawTd3(PEOPLE.passport, 300);
    // Cut the MRZ band out of the drawn page: bottom 14 mm.
    const band = createCanvas(doc.canvas.width, Math.round((14 / 88) * doc.canvas.height));
    band.getContext('2d').drawImage(doc.canvas, 0, band.height - doc.canvas.height);
    const rgba = band.getContext('2d').getImageData(0, 0, band.width, band.height).data;
    const rgb = Buffer.alloc(band.width * band.height * 3);
    for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3)
      [rgb[j], rgb[j + 1], rgb[j + 2]] = [rgba[i]!, rgba[i + 1]!, rgba[i + 2]!];
    const gray = rgbToGray(rgb, band.width, band.height);
    const [a, b] = await Promise.all([ocr.readMrzText(gray), ocr.readMrzText(gray)]);
    expect(a.map((l) => l.text)).toEqual(b.map((l) => l.text));
    const text = a.map((l) => l.text);
    expect(text).toHaveLength(2);
    expect(text[0]).toMatch(/^P<UTOVAN<DER<BERG<<JOHANNA<MARIA<{10,}$/);
    expect(text[1]!.replace(/O/g, '0')).toBe(doc.mrzLines[1]!.replace(/O/g, '0'));
    expect(a[1]!.symbols.length).toBe(44);
  });

  it('once terminated, refuses work instead of starting workers again', async () => {
    const stopped = new OcrService();
    const blank = { width: 400, height: 60, data: new Uint8Array(400 * 60).fill(255) };
    expect(await stopped.readMrzText(blank)).toEqual([]);
    await stopped.terminate();
    await expect(stopped.readMrzText(blank)).rejects.toBeInstanceOf(OcrStoppedError);
    // The LSTM workers had not started: they are not started now.
    await expect(stopped.readWords(blank)).rejects.toBeInstanceOf(OcrStoppedError);
  });

  it('fails clearly, without any download, when the language data is missing', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const broken = new OcrService({ langDataRoot: path.join(dir, 'nothing-here') });
      const error = await broken
        .readMrzText({ width: 10, height: 10, data: new Uint8Array(100).fill(255) })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LangDataMissingError);
      expect((error as Error).message).toMatch(/never downloads/);
    } finally {
      await cleanup();
    }
  });
});

describe('the MRZ language data', () => {
  it("is the npm model's legacy-engine parts, byte for byte, and nothing else", () => {
    const read = (folder: string) => readTraineddata(gunzipSync(readFileSync(path.join(folder, 'eng.traineddata.gz'))));
    const require = createRequire(import.meta.url);
    const full = read(path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0'));
    const shipped = read(langDataFolder('legacy'));
    expect(shipped.slots).toBe(full.slots);
    expect([...shipped.components.keys()].sort((a, b) => a - b)).toEqual(Object.values(LEGACY_COMPONENTS));
    for (const [index, bytes] of shipped.components)
      expect(bytes.equals(full.components.get(index)!), `component ${index}`).toBe(true);
    // No LSTM model, no word lists.
    expect(full.components.size - shipped.components.size).toBeGreaterThanOrEqual(8);
  });
});

describe('OcrWorkerPool', () => {
  /** A stand-in worker whose jobs finish when the test says so. */
  function heldWorker(): { worker: Worker; finishNext(): void; terminated: () => boolean } {
    const held: (() => void)[] = [];
    let terminated = false;
    const worker = {
      recognize: () => new Promise((resolve) => held.push(() => resolve('read'))),
      terminate: async () => {
        terminated = true;
      },
    } as unknown as Worker;
    return { worker, finishNext: () => held.shift()?.(), terminated: () => terminated };
  }

  it('runs one job per worker, queues the rest, and on stop fails the queued ones and refuses new ones', async () => {
    const { worker, finishNext, terminated } = heldWorker();
    const pool = new OcrWorkerPool([worker]);
    const read = (): Promise<unknown> => pool.run((w) => w.recognize(Buffer.alloc(0)));
    const first = read();
    const second = read();
    finishNext();
    await expect(first).resolves.toBe('read');
    const third = read(); // waits behind the second, which now runs
    const queued = third.catch((e: unknown) => e);
    await pool.stop();
    expect(await queued).toBeInstanceOf(OcrStoppedError);
    expect(terminated()).toBe(true);
    await expect(read()).rejects.toBeInstanceOf(OcrStoppedError);
    // A job already running is left to its worker: its result, if one comes, still reaches its caller.
    finishNext();
    await expect(second).resolves.toBe('read');
  });

  it('gives the worker back when a job throws at once', async () => {
    const { worker, finishNext } = heldWorker();
    const pool = new OcrWorkerPool([worker]);
    await expect(
      pool.run(() => {
        throw new Error('bad request');
      }),
    ).rejects.toThrow('bad request');
    const next = pool.run((w) => w.recognize(Buffer.alloc(0)));
    finishNext();
    await expect(next).resolves.toBe('read');
    await pool.stop();
  });
});

describe("Leptonica's harmless lines", () => {
  it('are dropped from what OCR threads write to stderr; every other line passes, in order', async () => {
    const written: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      hideLeptonicaNoise(process.stderr);
      // A thread's console output is piped into its parent's stderr, as Tesseract's workers' is.
      const thread = new Thread(
        `console.error('Error in boxClipToRectangle: box outside rectangle');
         console.error('Error in pixScanForForeground: invalid box');
         console.error('Error in pixRead: image file not found');
         console.error('a line of ours');`,
        { eval: true },
      );
      await once(thread, 'exit');
      process.stderr.write('idredact: one\nError in pixScanForForeground: invalid box\nidredact: two\n');
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.stderr.write = original;
    }
    expect(written.join('')).toBe(
      'Error in pixRead: image file not found\na line of ours\nidredact: one\nidredact: two\n',
    );
  });
});
