import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import type { ExportFormat } from '../shared/export/encode.js';
import type { VerifyReport } from '../shared/verify/findings.js';
import type { EngineClient } from './engineClient.js';
import { IPC, type ExportCopyRequest } from './ipc.js';
import { isTrustedSender } from './security.js';

const OPEN_FILTERS = [
  {
    name: 'Scans and photos',
    extensions: ['jpg', 'jpeg', 'png', 'tif', 'tiff', 'webp', 'heic', 'heif', 'avif', 'gif', 'pdf'],
  },
];
const SAVE_FILTERS: Record<ExportFormat | 'json', Electron.FileFilter> = {
  json: { name: 'JSON report', extensions: ['json'] },
  png: { name: 'PNG image', extensions: ['png'] },
  jpeg: { name: 'JPEG image', extensions: ['jpg', 'jpeg'] },
  pdf: { name: 'PDF document', extensions: ['pdf'] },
};

/** Answers the window's requests (IPC list in ipc.ts), only for the app's own page. */
export function registerIpcHandlers(engine: EngineClient, window: () => BrowserWindow | undefined): void {
  const handle = <A extends unknown[], R>(channel: string, fn: (...args: A) => Promise<R> | R) =>
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedSender(event.senderFrame)) throw new Error('refused: not the app window');
      return fn(...(args as A));
    });

  handle(IPC.chooseFile, async () => {
    const parent = window();
    const options = { properties: ['openFile' as const], filters: OPEN_FILTERS };
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  });
  handle(IPC.analyse, (file: string) => engine.analyse(String(file)));
  handle(IPC.cancel, () => engine.cancel());
  handle(IPC.chooseSaveTarget, async (suggested: string, format: ExportFormat | 'json') => {
    const parent = window();
    const options = {
      defaultPath: path.resolve(String(suggested)),
      filters: [SAVE_FILTERS[format] ?? SAVE_FILTERS.png],
    };
    const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    return result.canceled ? undefined : result.filePath;
  });
  handle(IPC.exportCopy, (request: ExportCopyRequest) => engine.exportCopy(request));
  handle(IPC.verify, (file: string) => engine.verify(String(file)));
  handle(IPC.saveReport, (report: VerifyReport, output: string, format: 'json' | 'pdf') =>
    engine.saveReport(report, String(output), format === 'pdf' ? 'pdf' : 'json'),
  );
}
