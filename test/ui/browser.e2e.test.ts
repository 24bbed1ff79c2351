import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcrService } from '../../shared/ocr/service.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/appFiles.js';
import type { ExportCopyRequest } from '../../electron/ipc.js';
import { analyseForReview, exportReviewed, saveVerifyReport, verifyForReview } from '../../shared/review.js';
import type { VerifyReport } from '../../shared/verify/findings.js';
import { drawTd3 } from '../fixtures/documents.js';
import { PEOPLE } from '../fixtures/mrzText.js';
import { specimenPortrait } from '../fixtures/portraits.js';
import { encodeScene, singleDocumentScene, type Scene } from '../fixtures/scene.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { blackShare, decode, unchangedShare } from '../helpers/pixels.js';
import { specimensAvailable } from '../helpers/specimens.js';

/**
 * The review window in a real browser (Debian's Chromium driven by
 * playwright-core): the built renderer is served on 127.0.0.1 and the preload
 * bridge is replaced by Playwright-exposed functions that run the real engine
 * in this Node process. Screenshots of each step go to test/artifacts/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RENDERER = path.join(ROOT, 'dist', 'renderer');
const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');
const skip = !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (apt install chromium, as .ci/run does)`
  : !existsSync(path.join(RENDERER, 'index.html'))
    ? 'the renderer is not built (npm run build)'
    : undefined;
if (skip) console.log(`Browser test of the review window skipped: ${skip}.`);

function serve(root: string): Promise<Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const file = path.resolve(root, `.${url.pathname === '/' ? '/index.html' : url.pathname}`);
    if (!file.startsWith(root + path.sep)) return void response.writeHead(404).end();
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, {
            'content-type': types[path.extname(file)] ?? 'application/octet-stream',
            // As the app's own protocol sends it (electron/protocol.ts).
            'content-security-policy': CONTENT_SECURITY_POLICY,
          })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.runIf(!skip && specimensAvailable)('review window in Chromium, on the real engine', () => {
  const ocr = new OcrService({ workers: 2 });
  let server: Server;
  let dir: string;
  let cleanup: () => Promise<void>;
  let input: string;
  let output: string;
  let scene: Scene;
  let browser: import('playwright-core').Browser;
  let page: import('playwright-core').Page;
  const exports: ExportCopyRequest[] = [];
  const cspViolations: string[] = [];
  let chosen: string | undefined;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    await mkdir(ARTIFACTS, { recursive: true });
    scene = singleDocumentScene(drawTd3(PEOPLE.passport, 300, { photo: await specimenPortrait() }));
    input = path.join(dir, 'passport.png');
    output = path.join(dir, 'passport.redacted.png');
    await writeFile(input, await encodeScene(scene, 'png'));
    server = await serve(RENDERER);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    // The bridge: the same shape as electron/preload.cts, calling the real engine here.
    await page.exposeFunction('__chooseFile', () => chosen ?? input);
    await page.exposeFunction('__verify', async (file: string) => {
      try {
        return { ok: true, ...(await verifyForReview(file, ocr)) };
      } catch (error) {
        return { ok: false, error: String(error) };
      }
    });
    await page.exposeFunction('__saveReport', async (report: VerifyReport, target: string, format: 'json' | 'pdf') => ({
      ok: true,
      output: await saveVerifyReport(report, target, format),
    }));
    await page.exposeFunction('__analyse', async (file: string) => {
      try {
        return { ok: true, document: await analyseForReview(file, ocr) };
      } catch (error) {
        return { ok: false, error: String(error) };
      }
    });
    await page.exposeFunction('__chooseSaveTarget', (suggested: string) =>
      suggested.endsWith('.verify.json') || suggested.endsWith('.verify.pdf') ? suggested : output,
    );
    await page.exposeFunction('__exportCopy', async (request: ExportCopyRequest) => {
      exports.push(request);
      return { ok: true, ...(await exportReviewed(request, ocr)) };
    });
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      (window as unknown as { idredact: unknown }).idredact = {
        chooseFile: () => w.__chooseFile!(),
        analyse: (file: string) => w.__analyse!(file),
        cancel: async () => {},
        onProgress: () => () => {},
        onOpenRequest: () => () => {},
        pathForFile: (file: File) => file.name,
        chooseSaveTarget: (suggested: string) => w.__chooseSaveTarget!(suggested),
        exportCopy: (request: unknown) => w.__exportCopy!(request),
        verify: (file: string) => w.__verify!(file),
        saveReport: (report: unknown, target: string, format: string) => w.__saveReport!(report, target, format),
      };
    });
    const address = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${address.port}/index.html`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    await ocr.terminate();
    await cleanup();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  const state = (item: string) => page.getAttribute(`[data-item="${item}"]`, 'data-state');

  it('opens a passport and shows all four kinds covered', async () => {
    await shot('1-start');
    await page.getByRole('button', { name: 'Open…' }).click();
    await page.waitForSelector('[data-item="mrz"]', { timeout: 90_000 });
    for (const item of ['portrait', 'mrz', 'documentNumber', 'personalNumber'])
      expect(await state(item)).toBe('covered');
    // The generated page prints no second copy of its photo: the checklist asks the person to look.
    expect(await state('ghostPortrait')).toBe('look');
    await shot('2-analysed');
    await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshot.png') });
  }, 120_000);

  it('deletes a cover, draws another, sets a watermark and exports the pixels it shows', async () => {
    // Delete the document-number cover: focus it, press Delete.
    await page.locator('[data-kind="document_number"]').first().focus();
    await page.keyboard.press('Delete');
    expect(await state('documentNumber')).toBe('missing');
    await shot('3-deleted');

    // Draw a box over the nationality field.
    const svg = await page.getByTestId('page-view').boundingBox();
    const truth = scene.docs[0]!;
    const xs = truth.fields.nationality!.map((p) => p.x);
    const ys = truth.fields.nationality!.map((p) => p.y);
    const toScreen = (x: number, y: number) => ({
      x: svg!.x + (x / scene.width) * svg!.width,
      y: svg!.y + (y / scene.height) * svg!.height,
    });
    const from = toScreen(Math.min(...xs) - 10, Math.min(...ys) - 10);
    const to = toScreen(Math.max(...xs) + 10, Math.max(...ys) + 10);
    await page.getByRole('button', { name: 'Draw a box' }).click();
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2);
    await page.mouse.move(to.x, to.y);
    await page.mouse.up();
    expect(await page.locator('[data-kind="manual"]').count()).toBe(1);
    await shot('4-drawn');

    await page.getByLabel('Add a watermark').check();
    await page.getByLabel('Recipient (organisation)').fill('ACME B.V.');
    await shot('5-watermark');
    await page.getByRole('button', { name: 'Save redacted copy…' }).click();
    // The self-check sees the document number the person uncovered, and the window says so.
    await page.getByText(`Saved: ${output}`).waitFor({ timeout: 60_000 });
    await page.getByText(/still sees: document number readable/).waitFor();
    await shot('6-saved');

    expect(exports[0]!.watermark!.text).toMatch(/^Copy for ACME B\.V\. — subject access request — \d{4}-\d\d-\d\d$/);
    const raster = await decode(output);
    for (const line of truth.mrzChars) for (const q of line) expect(blackShare(raster, q, 0)).toBe(1);
    expect(blackShare(raster, truth.fields.portrait!, 0)).toBeGreaterThanOrEqual(0.99);
    expect(blackShare(raster, truth.fields.nationality!, 0)).toBe(1);
    expect(blackShare(raster, truth.fields.personalNumber!, 0)).toBe(1);
    // Deleted in the window, so not covered in the file (only the translucent watermark may cross it).
    expect(blackShare(raster, truth.fields.documentNumber!, 0)).toBeLessThan(0.5);
    const original = { width: scene.width, height: scene.height, rgb: scene.rgb };
    expect(unchangedShare(original, raster, truth.fields.surname!, 200)).toBe(1);
  }, 120_000);

  it('verifies the saved copy: the uncovered document number is reported and outlined', async () => {
    chosen = output;
    await page.getByRole('button', { name: 'Verify a received copy' }).click();
    await page.getByRole('button', { name: 'Open…' }).click();
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor({ timeout: 90_000 });
    expect(await verdict.getAttribute('data-verdict')).toBe('leaks');
    expect(await verdict.textContent()).toMatch(/document number readable/);
    expect(await page.locator('[data-kind="document_number"]').count()).toBeGreaterThan(0);
    expect(await page.locator('rect.finding').count()).toBeGreaterThan(0);
    await shot('7-verify');
    await page.getByRole('button', { name: 'Save report (JSON)…' }).click();
    await page.getByText(`Saved: ${output}.verify.json`).waitFor();
    const saved = JSON.parse(await readFile(`${output}.verify.json`, 'utf8')) as VerifyReport;
    expect(saved.verdict).toBe('leaks');
  }, 120_000);

  it("runs under the app's Content-Security-Policy, which refuses any other script", async () => {
    // The app ran (previous tests) with no violation reported...
    expect(cspViolations).toEqual([]);
    // ...and markup injected into the page cannot run script (inline handlers are refused;
    // a <script> added through the DevTools protocol would be exempt, so that is not the probe).
    const ran = await page.evaluate(async () => {
      document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.__injected = 1" alt="">');
      await new Promise((resolve) => setTimeout(resolve, 300));
      return (window as unknown as { __injected?: number }).__injected === 1;
    });
    expect(ran).toBe(false);
    await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  });
});
