import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './requestFilter.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The file under `root` an `app://idredact/...` URL names, or undefined for
 * anything else (another host, `..` tricks, a folder). Pure, so it is tested.
 */
export function resolveAppFile(root: string, url: string): { file: string; contentType: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined;
  const relative = decodeURIComponent(parsed.pathname === '/' ? '/index.html' : parsed.pathname);
  const file = path.resolve(root, `.${relative}`);
  if (!file.startsWith(path.resolve(root) + path.sep)) return undefined;
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  return contentType ? { file, contentType } : undefined;
}

/**
 * The one script index.html runs, inline (see renderer/vite.config.ts): it
 * adds the bundle's script element, which 'strict-dynamic' then trusts (an
 * `import()` would not do: it counts as parser-inserted). Allowing it by hash
 * rather than allowing 'self' means no other file the app serves can ever run.
 */
export const RENDERER_LOADER =
  "const s = document.createElement('script'); s.type = 'module'; s.src = './assets/app.js'; document.head.append(s);";
const LOADER_HASH = "'sha256-rQpKQ+Ua/+gEu09f1X1qiVM3dS0b2jUsyumQh68C56Q='";

/** Sent with every page of the app, on top of the page's own meta tag (which says the same; a test checks). */
export const CONTENT_SECURITY_POLICY =
  `default-src 'self'; script-src ${LOADER_HASH} 'strict-dynamic'; style-src 'self'; img-src 'self' data:; ` +
  "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
