/**
 * The `app://cascade/…` protocol: serves the built renderer from one fixed folder, through the same
 * path checks and CSP as the loopback host (host/static-files.ts). Electron-free (it takes and
 * returns fetch Request/Response), so it is unit-tested under Node.
 */
import { readFile } from 'node:fs/promises';
import {
  contentSecurityPolicy,
  contentTypeFor,
  resolveStaticFile,
  STATIC_SECURITY_HEADERS,
} from '../host/static-files.ts';
import { APP_HOST, APP_SCHEME } from './ipc.ts';

/** The page's CSP inside Electron: no network origins at all (IPC needs none). */
export const ELECTRON_CSP = contentSecurityPolicy();

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': ELECTRON_CSP,
      ...STATIC_SECURITY_HEADERS,
    },
  });
}

/** Answers one `app:` request from `rendererDir`. */
export async function handleAppRequest(request: Request, rendererDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return plain(400, 'bad URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'not found');
  const found = await resolveStaticFile(rendererDir, url.pathname);
  if (!found.ok) return plain(found.status, found.reason);
  const body = request.method === 'HEAD' ? null : await readFile(found.file);
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': contentTypeFor(found.file),
      'Content-Security-Policy': ELECTRON_CSP,
      'Cache-Control': 'no-cache',
      ...STATIC_SECURITY_HEADERS,
    },
  });
}
