/**
 * The app's network policy, as one pure function: the window may load the
 * app's own files (served by the `app:` protocol) and in-memory images
 * (`data:`), and nothing else — no http(s), no WebSocket, no file:// outside the
 * bundle. The session's request filter calls it for every request.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'idredact';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isAllowedRequest(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'data:') return true;
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/** Whether a message came from the app's own page (and not, say, a navigated-away frame). */
export function isAppUrl(url: string | undefined): boolean {
  return url !== undefined && isAllowedRequest(url) && url.startsWith(`${APP_ORIGIN}/`);
}
