// Sandboxed preloads run as CommonJS and may only require 'electron', so this
// file imports types alone; the channel names are checked against IPC's type.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcChannel, RedactRequest } from './ipc.js';

const OPEN_FILE: IpcChannel = 'idredact:open-file';
const REDACT: IpcChannel = 'idredact:redact';

/** The only bridge the renderer gets: `window.idredact`. */
const bridge = {
  openFile: (): Promise<string | undefined> => ipcRenderer.invoke(OPEN_FILE) as Promise<string | undefined>,
  redact: (request: RedactRequest): Promise<unknown> => ipcRenderer.invoke(REDACT, request),
};

export type IdRedactBridge = typeof bridge;

contextBridge.exposeInMainWorld('idredact', bridge);
