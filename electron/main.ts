import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OcrService } from '../shared/ocr/service.js';
import { redactFile } from '../shared/pipeline.js';
import { IPC, type RedactRequest } from './ipc.js';

// The desktop app is a thin shell over the engine in shared/; the review UI
// comes with the desktop-app issue. Secure defaults from the start.
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererIndex = path.join(here, '..', 'renderer', 'index.html');
let ocr: OcrService | undefined;

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1100,
    height: 800,
    webPreferences: {
      preload: path.join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void window.loadFile(rendererIndex);
}

void app.whenReady().then(() => {
  // No byte leaves the machine: only the app's own files may load.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !details.url.startsWith('file://') && !details.url.startsWith('devtools://') });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ipcMain.handle(IPC.openFile, async () => {
    const result = await dialog.showOpenDialog({ properties: ['openFile'] });
    return result.canceled ? undefined : result.filePaths[0];
  });
  ipcMain.handle(IPC.redact, async (_event, request: RedactRequest) => {
    ocr ??= new OcrService();
    return redactFile(request.file, { ocr, outDir: request.outDir });
  });
  createWindow();
});

app.on('window-all-closed', () => {
  void ocr?.terminate();
  app.quit();
});
