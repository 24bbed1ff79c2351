/** The one typed list of IPC channels between the renderer and the main process. */
export const IPC = {
  openFile: 'idredact:open-file',
  redact: 'idredact:redact',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];

export interface RedactRequest {
  file: string;
  outDir: string;
}
