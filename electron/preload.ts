import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type RedactRequest } from './ipc.js';

/** The only bridge the renderer gets: `window.idredact`. */
const bridge = {
  openFile: (): Promise<string | undefined> => ipcRenderer.invoke(IPC.openFile) as Promise<string | undefined>,
  redact: (request: RedactRequest): Promise<unknown> => ipcRenderer.invoke(IPC.redact, request),
};

export type IdRedactBridge = typeof bridge;

contextBridge.exposeInMainWorld('idredact', bridge);
