/**
 * Serving the built renderer safely, shared by the loopback host (HTTP) and Electron's `app://`
 * protocol: URL path → file inside the renderer folder (no traversal, no dotfiles, no symlinks out),
 * content types, and the Content-Security-Policy and other headers every page gets.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Whether the renderer needs `style-src 'unsafe-inline'`. Off: Svelte's `style:prop` directives and
 * CSSOM writes (`el.style.x = …`) work under a strict policy; markup `style="…"` attributes and
 * `setAttribute('style', …)` do not. Turn this on only if the renderer cannot avoid those.
 */
export const RENDERER_NEEDS_INLINE_STYLES = false;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** The Content-Type of a file by its extension; unknown types are served as opaque bytes. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The page's Content-Security-Policy. `connectOrigins` are the extra origins the page may open
 * connections to (the loopback host's WebSocket; nothing in Electron).
 */
export function contentSecurityPolicy(connectOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    RENDERER_NEEDS_INLINE_STYLES ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ['connect-src', "'self'", ...connectOrigins].join(' '),
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers for every static response, besides the CSP and Content-Type. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};

export type StaticResolution =
  { ok: true; file: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps a URL path (as received, still percent-encoded, without query) to a file under `root`.
 * Refuses: undecodable paths (400); `..`, backslashes, NUL, drive letters and colons, and anything
 * resolving outside `root`, including through symlinks (403); dotfiles and missing files (404).
 * `/` and directories serve their index.html.
 */
export async function resolveStaticFile(root: string, rawPath: string): Promise<StaticResolution> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, reason: 'the path is not valid percent-encoding' };
  }
  if (!decoded.startsWith('/')) return { ok: false, status: 400, reason: 'the path must start with /' };
  if (/[\0\\:]/.test(decoded))
    return { ok: false, status: 403, reason: 'the path has a forbidden character' };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) {
    return { ok: false, status: 403, reason: 'the path leaves the renderer folder' };
  }
  if (segments.some((s) => s.startsWith('.'))) return { ok: false, status: 404, reason: 'not found' };

  const rootAbs = path.resolve(root);
  let file = path.resolve(rootAbs, ...segments);
  if (file !== rootAbs && !file.startsWith(rootAbs + path.sep)) {
    return { ok: false, status: 403, reason: 'the path leaves the renderer folder' };
  }
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      file = path.join(file, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) return { ok: false, status: 404, reason: 'not found' };
    const [realRoot, realFile] = await Promise.all([realpath(rootAbs), realpath(file)]);
    if (!realFile.startsWith(realRoot + path.sep)) {
      return { ok: false, status: 403, reason: 'the path leaves the renderer folder' };
    }
    return { ok: true, file: realFile };
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
}
