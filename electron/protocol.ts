import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY, resolveAppFile } from './appFiles.js';
import { APP_SCHEME } from './requestFilter.js';

/** Must run before the app is ready: `app:` behaves like a secure, standard web origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
}

/** Serves the built window (dist/renderer) from `app://idredact/`, and nothing outside it. */
export function serveAppFiles(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const hit = resolveAppFile(root, request.url);
    if (!hit) return new Response('not found', { status: 404 });
    try {
      return new Response(await readFile(hit.file), {
        headers: { 'content-type': hit.contentType, 'content-security-policy': CONTENT_SECURITY_POLICY },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
