import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawTd1Back } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { encodeScene, singleDocumentScene } from './fixtures/scene.js';
import { ROOT, tempDir } from './helpers/cli.js';
import { blackShare, decode } from './helpers/pixels.js';

const require = createRequire(import.meta.url);

/** The Electron binary's path, or why there is none (it is not downloaded on offline machines). */
function electronBinary(): { path?: string; reason?: string } {
  try {
    return { path: require('electron') as string };
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}

const binary = electronBinary();
if (!binary.path) {
  console.log(
    `Electron end-to-end test skipped: no Electron binary here (${binary.reason}). ` +
      'It runs where `npm ci` could download Electron.',
  );
}

describe.runIf(Boolean(binary.path))('the desktop app (real Electron)', () => {
  it('starts secure, refuses the network, opens a file and exports it through the engine process', async () => {
    const { dir, cleanup } = await tempDir();
    const input = path.join(dir, 'card.png');
    const scene = singleDocumentScene(drawTd1Back(PEOPLE.card, 250));
    await writeFile(input, await encodeScene(scene, 'png'));
    const { _electron } = await import('playwright-core');
    const app = await _electron.launch({
      executablePath: binary.path!,
      args: [path.join(ROOT, 'dist', 'electron', 'main.js'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    });
    try {
      const window = await app.firstWindow();
      await window.waitForLoadState('domcontentloaded');
      expect(await window.title()).toBe('IDRedact');
      expect(window.url()).toBe('app://idredact/index.html');
      expect(await window.evaluate(() => typeof (window as unknown as { idredact?: unknown }).idredact)).toBe('object');
      expect(await window.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe(
        'undefined',
      );
      for (const url of ['https://example.com/', 'file:///etc/hostname', 'ws://127.0.0.1:9/']) {
        const fetched = await window.evaluate(
          (u) =>
            fetch(u).then(
              () => 'loaded',
              () => 'refused',
            ),
          url,
        );
        expect(fetched, url).toBe('refused');
      }
      const output = path.join(dir, 'card.redacted.png');
      const result = await window.evaluate(
        async ([file, out]) => {
          const bridge = (window as unknown as { idredact: import('../electron/ipc.js').IdRedactBridge }).idredact;
          const analysed = await bridge.analyse(file!);
          if (!analysed.ok) return analysed;
          const regions = analysed.document.pages.flatMap((p) => p.regions);
          return bridge.exportCopy({ input: file!, output: out!, format: 'png', regions });
        },
        [input, output],
      );
      expect(result).toMatchObject({ ok: true, output, selfCheck: [] });
      const raster = await decode(output);
      for (const line of scene.docs[0]!.mrzChars) for (const q of line) expect(blackShare(raster, q, 0)).toBe(1);
    } finally {
      await app.close();
      await cleanup();
    }
  }, 120_000);
});
