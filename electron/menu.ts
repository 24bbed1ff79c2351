import { dialog, Menu, type BrowserWindow } from 'electron';
import { IPC } from './ipc.js';

/** File > Open… sends the chosen file to the window, like a drop or a command-line argument. */
export function installMenu(window: () => BrowserWindow | undefined): void {
  const open = async (): Promise<void> => {
    const parent = window();
    if (!parent) return;
    const result = await dialog.showOpenDialog(parent, { properties: ['openFile'] });
    if (!result.canceled && result.filePaths[0]) parent.webContents.send(IPC.openRequest, result.filePaths[0]);
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      {
        label: 'File',
        submenu: [
          { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => void open() },
          { type: 'separator' },
          { role: 'quit' },
        ],
      },
      { role: 'editMenu' },
      {
        label: 'View',
        submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { role: 'togglefullscreen' }],
      },
    ]),
  );
}
