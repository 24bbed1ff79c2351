// Sandboxed preloads run as CommonJS and may only require 'electron', so this
// file imports types alone; every channel name is checked against IpcChannel.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { AnalyseProgress } from '../shared/review.js';
import type { IdRedactBridge, IpcChannel } from './ipc.js';

const channel = <C extends IpcChannel>(name: C): C => name;
const CHOOSE_FILE = channel('idredact:choose-file');
const ANALYSE = channel('idredact:analyse');
const CANCEL = channel('idredact:cancel');
const PROGRESS = channel('idredact:progress');
const OPEN_REQUEST = channel('idredact:open-request');
const CHOOSE_SAVE_TARGET = channel('idredact:choose-save-target');
const EXPORT_COPY = channel('idredact:export-copy');
const VERIFY = channel('idredact:verify');
const SAVE_REPORT = channel('idredact:save-report');

function subscribe<T>(name: IpcChannel, listener: (value: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(name, wrapped);
  return () => ipcRenderer.removeListener(name, wrapped);
}

/** The only bridge the window gets: `window.idredact`. */
const bridge: IdRedactBridge = {
  chooseFile: () => ipcRenderer.invoke(CHOOSE_FILE),
  analyse: (file) => ipcRenderer.invoke(ANALYSE, file),
  cancel: () => ipcRenderer.invoke(CANCEL),
  onProgress: (listener) => subscribe<AnalyseProgress>(PROGRESS, listener),
  onOpenRequest: (listener) => subscribe<string>(OPEN_REQUEST, listener),
  pathForFile: (file) => webUtils.getPathForFile(file),
  chooseSaveTarget: (suggestedPath, format) => ipcRenderer.invoke(CHOOSE_SAVE_TARGET, suggestedPath, format),
  exportCopy: (request) => ipcRenderer.invoke(EXPORT_COPY, request),
  verify: (file) => ipcRenderer.invoke(VERIFY, file),
  saveReport: (report, output, format) => ipcRenderer.invoke(SAVE_REPORT, report, output, format),
};

contextBridge.exposeInMainWorld('idredact', bridge);
