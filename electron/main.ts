import { app, utilityProcess, type BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineEnvironment } from '../shared/mallocSettings.js';
import { EngineClient } from './engineClient.js';
import { IPC } from './ipc.js';
import { registerIpcHandlers } from './ipcHandlers.js';
import { installMenu } from './menu.js';
import { registerAppScheme, serveAppFiles } from './protocol.js';
import { lockDownSession } from './security.js';
import { createMainWindow } from './window.js';

// The desktop app is a thin shell: the engine (shared/) runs in a utility
// process, the window (renderer/) talks to it through the preload's bridge.
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(here, '..', 'renderer');

/** Files named on the command line (`idredact-app scan.jpg`). */
const filesIn = (argv: readonly string[]): string[] =>
  argv
    .slice(app.isPackaged ? 1 : 2)
    .filter((a) => !a.startsWith('-') && existsSync(a))
    .map((a) => path.resolve(a));

registerAppScheme();
let window: BrowserWindow | undefined;
let engine: EngineClient | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
    for (const file of filesIn(argv)) window.webContents.send(IPC.openRequest, file);
  });

  void app.whenReady().then(() => {
    lockDownSession();
    serveAppFiles(rendererRoot);
    const engineEntry = path.join(here, 'engineProcess.js');
    engine = new EngineClient(
      () =>
        utilityProcess.fork(engineEntry, [], {
          serviceName: 'IDRedact engine',
          cwd: here,
          env: engineEnvironment(),
        }),
      (progress) => window?.webContents.send(IPC.progress, progress),
    );
    engine.start(); // loads OCR and the face model while the window opens and the user picks a file
    registerIpcHandlers(engine, () => window);
    installMenu(() => window);
    window = createMainWindow(path.join(here, 'preload.cjs'));
    const initial = filesIn(process.argv);
    window.webContents.once('did-finish-load', () => {
      for (const file of initial) window?.webContents.send(IPC.openRequest, file);
    });
    window.on('closed', () => (window = undefined));
  });

  app.on('window-all-closed', () => {
    engine?.stop();
    app.quit();
  });
}
