import { app, session, type WebContents } from 'electron';
import { isAllowedRequest, isAppUrl } from './requestFilter.js';

/**
 * Electron's security checklist, applied once: every request that is not the
 * app's own is cancelled, every permission denied, navigation, new windows and
 * webviews refused. Windows are created with contextIsolation, sandbox, no
 * nodeIntegration and webSecurity (see window.ts).
 */
export function lockDownSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
}

function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** IPC is answered only for the app's own page in its main frame. */
export function isTrustedSender(frame: { url: string } | null | undefined): boolean {
  return isAppUrl(frame?.url);
}
