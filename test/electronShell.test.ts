import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { CONTENT_SECURITY_POLICY, RENDERER_LOADER, resolveAppFile } from '../electron/appFiles.js';
import { CANCEL_ANSWER_MS, EngineClient, type EngineProcess } from '../electron/engineClient.js';
import { createEngineHost } from '../electron/engineHost.js';
import type { EngineMessage, EngineRequest } from '../electron/ipc.js';
import { isAllowedRequest, isAppUrl } from '../electron/requestFilter.js';
import { engineEnvironment } from '../shared/mallocSettings.js';
import { OcrService } from '../shared/ocr/service.js';
import { drawTd1Back } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { encodeScene, singleDocumentScene } from './fixtures/scene.js';
import { ROOT, tempDir } from './helpers/cli.js';
import { decode } from './helpers/pixels.js';

describe('the app session request filter', () => {
  it.each([
    ['app://idredact/index.html', true],
    ['app://idredact/assets/index-abc.js', true],
    ['data:image/jpeg;base64,/9j/4AAQ', true],
    ['app://elsewhere/index.html', false],
    ['file:///etc/passwd', false],
    ['file:///home/me/passport.jpg', false],
    ['https://example.com/', false],
    ['http://127.0.0.1:8080/', false],
    ['ws://localhost:9222/devtools', false],
    ['wss://example.com/socket', false],
    ['blob:app://idredact/1234', false],
    ['ftp://example.com/', false],
    ['not a url', false],
  ])('%s -> allowed %s', (url, allowed) => {
    expect(isAllowedRequest(url)).toBe(allowed);
  });

  it('trusts IPC only from the app page itself', () => {
    expect(isAppUrl('app://idredact/index.html')).toBe(true);
    expect(isAppUrl('data:text/html,<script>')).toBe(false);
    expect(isAppUrl('https://evil.example/')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('the app protocol', () => {
  const root = path.resolve('/opt/idredact/renderer');
  it('serves files inside the bundle with their types', () => {
    expect(resolveAppFile(root, 'app://idredact/')).toEqual({
      file: path.join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveAppFile(root, 'app://idredact/assets/x.js')?.contentType).toMatch(/javascript/);
  });
  it('refuses paths outside it, other hosts and unknown types', () => {
    expect(resolveAppFile(root, 'app://idredact/../../etc/passwd')).toBeUndefined();
    expect(resolveAppFile(root, 'app://idredact/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeUndefined();
    expect(resolveAppFile(root, 'https://idredact/index.html')).toBeUndefined();
    expect(resolveAppFile(root, 'app://idredact/secret.key')).toBeUndefined();
  });
});

describe('the Content-Security-Policy', () => {
  const built = path.join(ROOT, 'dist', 'renderer', 'index.html');
  it.runIf(existsSync(built))(
    'allows exactly the inline loader of the built page, by its hash, in meta and header',
    async () => {
      const html = await readFile(built, 'utf8');
      const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
      expect(meta).toBeDefined();
      // The header says what the meta tag says, and forbids framing on top.
      expect(CONTENT_SECURITY_POLICY).toBe(`${meta}; frame-ancestors 'none'`);
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts).toHaveLength(1);
      expect(scripts[0]![1]).not.toContain('src=');
      expect(scripts[0]![2]).toBe(RENDERER_LOADER);
      const hash = createHash('sha256').update(RENDERER_LOADER).digest('base64');
      expect(meta).toContain(`script-src 'sha256-${hash}' 'strict-dynamic';`);
      expect(meta).not.toMatch(/script-src[^;]*'self'/);
      expect(existsSync(path.join(ROOT, 'dist', 'renderer', 'assets', 'app.js'))).toBe(true);
    },
  );
});

/**
 * Electron gives a utility process `process.parentPort`; here it is made from Node's IPC channel
 * in a forked Node child that then runs the built engine entry (electron/engineProcess.ts).
 */
async function writeUtilityStandIn(dir: string): Promise<string> {
  const standIn = path.join(dir, 'utility.mjs');
  await writeFile(
    standIn,
    `process.parentPort = {
      on: (event, listener) => process.on(event, (data) => listener({ data })),
      postMessage: (message) => process.send(message),
    };
    await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', 'electron', 'engineProcess.js')).href)});`,
  );
  return standIn;
}

describe("the engine process's entry (electron/engineProcess.ts, built)", () => {
  it("answers an analysis over its parent port (Electron's utilityProcess API, stood in for by a Node child)", async () => {
    const { dir, cleanup } = await tempDir();
    const standIn = await writeUtilityStandIn(dir);
    const child = fork(standIn, [], { env: engineEnvironment(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    try {
      const messages: EngineMessage[] = [];
      const analysed = new Promise<EngineMessage>((resolve, reject) => {
        child.on('message', (m: EngineMessage) => {
          if (m.type !== 'alive') messages.push(m);
          if (m.type === 'analysed') resolve(m);
        });
        child.on('exit', (code) => reject(new Error(`engine process exited (${code})`)));
      });
      const sample = path.join(ROOT, 'assets', 'samples', 'passport-td3.png');
      child.send({ type: 'analyse', id: 7, file: sample } satisfies EngineRequest);
      const answer = await analysed;
      if (answer.type !== 'analysed' || !answer.result.ok)
        throw new Error(`analysis failed: ${JSON.stringify(answer)}`);
      expect(messages[0]).toEqual({ type: 'progress', id: 7, progress: { page: 1, pages: 1 } });
      const kinds = answer.result.document.pages[0]!.regions.map((r) => r.kind);
      expect(kinds).toEqual(expect.arrayContaining(['mrz', 'portrait', 'document_number']));
      // Idle or working, it beats about once a second (the main process watches the beats).
      const beats: number[] = [];
      child.on('message', (m: EngineMessage) => void (m.type === 'alive' && beats.push(performance.now())));
      await new Promise((resolve) => setTimeout(resolve, 3500));
      expect(beats.length).toBeGreaterThanOrEqual(2);
      expect(beats.length).toBeLessThanOrEqual(5);
    } finally {
      child.kill();
      await cleanup();
    }
  }, 120_000);
});

describe('the engine client (electron/engineClient.ts) on an engine that hangs or swells', () => {
  // test/fixtures/engineFaults.mjs: the engine's thread loops without yielding on a file named "...hang...",
  // takes 1.5 GB on one named "...balloon...".
  const faults = path.join(ROOT, 'test', 'fixtures', 'engineFaults.mjs');
  const sample = path.join(ROOT, 'assets', 'samples', 'passport-td3.png');
  let dir: string;
  let cleanup: () => Promise<void>;
  let standIn: string;
  let hanging: string;
  let swelling: string;
  const started: ChildProcess[] = [];
  /** Forks the stand-in engine process, as Electron's utilityProcess.fork would start the real one. */
  const startProcess = (): EngineProcess => {
    const child = fork(standIn, [], {
      env: engineEnvironment(),
      execArgv: [`--import=${faults}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    started.push(child);
    return {
      get pid() {
        return child.pid;
      },
      postMessage: (message) => void child.send(message),
      kill: () => child.kill(),
      on: (event: string, listener: (arg: never) => void) => child.on(event, listener as (...args: unknown[]) => void),
    };
  };
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    standIn = await writeUtilityStandIn(dir);
    hanging = path.join(dir, 'scan-hang.png');
    await writeFile(hanging, await readFile(sample));
    swelling = path.join(dir, 'scan-balloon.png');
    await writeFile(swelling, await readFile(sample));
  });
  afterAll(() => cleanup());

  it('ends an engine stuck in a loop that never yields or past its memory limit, answers with an error naming the file, and starts a new one for the next', async () => {
    started.length = 0;
    const client = new EngineClient(startProcess, () => undefined, { stallLimitMs: 5_000, memoryLimitMb: 1200 });
    try {
      const t0 = performance.now();
      const stuck = await client.analyse(hanging);
      const waited = (performance.now() - t0) / 1000;
      expect(stuck.ok).toBe(false);
      if (!stuck.ok) {
        expect(stuck.error).toMatch(/scan-hang\.png: the engine gave no sign of life for [56] s and was stopped/);
        expect(stuck.cancelled).toBeUndefined();
      }
      expect(waited).toBeLessThan(30);
      expect(started[0]!.exitCode !== null || started[0]!.signalCode !== null).toBe(true);
      const swollen = await client.analyse(swelling);
      expect(swollen.ok).toBe(false);
      if (!swollen.ok)
        expect(swollen.error).toMatch(/scan-balloon\.png: the engine used \d{4} MB, over its memory limit of 1200 MB/);
      expect(started).toHaveLength(2);
      const next = await client.analyse(sample);
      expect(next.ok).toBe(true);
      expect(started).toHaveLength(3);
      if (next.ok) expect(next.document.pages[0]!.regions.map((r) => r.kind)).toContain('mrz');
    } finally {
      client.stop();
    }
  }, 120_000);

  it('ends an engine that cannot take a cancel (its thread stuck) within CANCEL_ANSWER_MS, the analysis answered as cancelled', async () => {
    started.length = 0;
    // A stall limit far away: here the cancel, not the stall watch, ends the engine.
    const client = new EngineClient(startProcess, () => undefined, { stallLimitMs: 120_000, memoryLimitMb: 4096 });
    try {
      const analysis = client.analyse(hanging);
      // Once the engine has started and is held by the file (it beats from its first second).
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const cancelledAt = performance.now();
      client.cancel();
      const stuck = await analysis;
      expect((performance.now() - cancelledAt) / 1000).toBeLessThan(CANCEL_ANSWER_MS / 1000 + 2);
      expect(stuck.ok).toBe(false);
      if (!stuck.ok) {
        expect(stuck.cancelled).toBe(true);
        expect(stuck.error).toMatch(/scan-hang\.png: the engine did not answer the cancel within 3 s/);
      }
      // A cancel that a working engine takes ends only its analysis, not the engine.
      const second = client.analyse(sample);
      await new Promise((resolve) => setTimeout(resolve, 300));
      client.cancel();
      const answered = await second;
      expect(started).toHaveLength(2);
      expect(answered.ok === true || answered.cancelled === true).toBe(true);
      expect(started[1]!.exitCode).toBeNull();
      const next = await client.analyse(sample);
      expect(next.ok).toBe(true);
      expect(started).toHaveLength(2);
    } finally {
      client.stop();
    }
  }, 120_000);
});

describe('the engine process host (what runs in the utility process)', () => {
  const ocr = new OcrService({ workers: 1 });
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;
  const messages: EngineMessage[] = [];
  const handle = createEngineHost(
    () => ocr,
    (m) => messages.push(m),
  );

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    file = path.join(dir, 'card.png');
    await writeFile(file, await encodeScene(singleDocumentScene(drawTd1Back(PEOPLE.card, 200)), 'png'));
  });
  afterAll(async () => {
    await ocr.terminate();
    await cleanup();
  });

  it('analyses with progress, then exports what it was sent', async () => {
    await handle({ type: 'analyse', id: 1, file });
    expect(messages[0]).toEqual({ type: 'progress', id: 1, progress: { page: 1, pages: 1 } });
    const analysed = messages.find((m) => m.type === 'analysed')!;
    if (analysed.type !== 'analysed' || !analysed.result.ok) throw new Error('analysis failed');
    const regions = analysed.result.document.pages[0]!.regions;
    expect(regions.some((r) => r.kind === 'mrz')).toBe(true);
    const output = path.join(dir, 'out', 'card.redacted.png');
    await mkdir(path.dirname(output));
    await handle({ type: 'export', id: 2, request: { input: file, output, format: 'png', regions } });
    expect(messages.at(-1)).toEqual({ type: 'exported', id: 2, result: { ok: true, output, selfCheck: [] } });
    expect((await decode(output)).width).toBeGreaterThan(0);
  });

  it('verifies a copy and writes its report as JSON and as PDF', async () => {
    await handle({ type: 'verify', id: 5, file });
    const verified = messages.at(-1)!;
    if (verified.type !== 'verified' || !verified.result.ok) throw new Error('verify failed');
    expect(verified.result.report.verdict).toBe('leaks');
    expect(verified.result.report.findings.some((f) => f.kind === 'mrz')).toBe(true);
    expect(verified.result.pages[0]!.preview).toMatch(/^data:image\/jpeg;base64,/);
    for (const format of ['json', 'pdf'] as const) {
      const output = path.join(dir, `card.verify.${format}`);
      await handle({ type: 'saveReport', id: 6, report: verified.result.report, output, format });
      expect(messages.at(-1)).toEqual({ type: 'reportSaved', id: 6, result: { ok: true, output } });
    }
    const json = JSON.parse(await readFile(path.join(dir, 'card.verify.json'), 'utf8')) as { verdict: string };
    expect(json.verdict).toBe('leaks');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(await readFile(path.join(dir, 'card.verify.pdf'))) })
      .promise;
    const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
    await doc.destroy();
    expect(text).toContain('Verdict: LEAKS');
    expect(text).not.toContain(PEOPLE.card.documentNumber);
  });

  it('answers a bad file with a message naming it, and a cancelled analysis as cancelled', async () => {
    const broken = path.join(dir, 'broken.jpg');
    await writeFile(broken, 'not a jpeg');
    await handle({ type: 'analyse', id: 3, file: broken });
    expect(messages.at(-1)).toMatchObject({ type: 'analysed', id: 3, result: { ok: false } });
    const last = messages.at(-1)!;
    if (last.type === 'analysed' && !last.result.ok) expect(last.result.error).toContain(broken);

    const running = handle({ type: 'analyse', id: 4, file });
    await handle({ type: 'cancel' });
    await running;
    expect(messages.at(-1)).toMatchObject({ type: 'analysed', id: 4, result: { ok: false, cancelled: true } });
  });
});
