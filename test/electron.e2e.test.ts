import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

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
  it('starts with the secure bridge and refuses network requests', async () => {
    const { _electron } = await import('playwright-core');
    const app = await _electron.launch({
      executablePath: binary.path!,
      args: [path.join(ROOT, 'dist', 'electron', 'main.js')],
    });
    try {
      const window = await app.firstWindow();
      await window.waitForLoadState('domcontentloaded');
      expect(await window.title()).toBe('IDRedact');
      expect(await window.evaluate(() => typeof (window as unknown as { idredact?: unknown }).idredact)).toBe('object');
      expect(await window.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe(
        'undefined',
      );
      const fetched = await window.evaluate(() =>
        fetch('https://example.com/').then(
          () => 'loaded',
          () => 'refused',
        ),
      );
      expect(fetched).toBe('refused');
    } finally {
      await app.close();
    }
  }, 60_000);
});
