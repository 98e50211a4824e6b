/**
 * The app:// scheme that serves the built renderer. A custom standard scheme
 * (rather than file://) gives the page a real origin, so 'self' in the CSP
 * means exactly our bundle and nothing else on the disk.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { protocol } from 'electron';

import { APP_HOST, APP_ORIGIN, APP_SCHEME, isAppUrl } from './app-url';

export { APP_HOST, APP_ORIGIN, APP_SCHEME, isAppUrl };

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Must run before the app's 'ready' event: Chromium fixes scheme privileges at start-up. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // standard: real origin and relative URLs; secure: treated like https. No bypassCSP.
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Maps a request URL to a file strictly inside `root`, or null (wrong host, bad escape, traversal). */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  let pathname: string;
  try {
    // URL parsing already folds "/../"; decoding can reintroduce it (%2F..%2F), hence the check below.
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname.replace(/^\/+/, '') || 'index.html';
  const file = path.resolve(root, relative);
  const inside = path.relative(root, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside))
    return null;
  return file;
}

function respond(
  status: number,
  body: Buffer | string | null,
  contentType = 'text/plain; charset=utf-8',
): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': contentType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  });
}

async function readFileOrNull(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch {
    return null; // missing, a directory, unreadable: all plain 404s
  }
}

/** Serves files from `root` (dist/renderer) only; every response carries the CSP. */
export function serveRenderer(root: string): void {
  const resolvedRoot = path.resolve(root);
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'method not allowed');
    const file = resolveAppFile(resolvedRoot, request.url);
    if (file === null) return respond(404, 'not found');
    let served = file;
    let body = await readFileOrNull(file);
    // Client-side routes have no extension: answer them with the app shell.
    if (body === null && path.extname(file) === '') {
      served = path.join(resolvedRoot, 'index.html');
      body = await readFileOrNull(served);
    }
    if (body === null) return respond(404, 'not found');
    const type = contentTypes[path.extname(served).toLowerCase()] ?? 'application/octet-stream';
    return respond(200, request.method === 'HEAD' ? null : body, type);
  });
}
