/**
 * The Electron IPC surface, shared by main and the preload: two channel names and the sender
 * check. Pure (no Electron import at run time) so the preload bundle stays tiny and the check is
 * unit-tested without Electron.
 */

/** Renderer → main: `invoke(IPC_CALL, channel, input)` answers a Result. */
export const IPC_CALL = 'cascade:call';
/** Main → renderer: each ApiEvent. */
export const IPC_EVENT = 'cascade:event';

/** The renderer is served from `app://cascade/…` (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'cascade';
export const APP_ORIGIN_URL = `${APP_SCHEME}://${APP_HOST}`;

/** The parts of Electron's WebFrameMain the check reads. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * True only for our own page's top frame: the frame exists, has no parent (no iframe), and its URL
 * is `app://cascade/…`. Compared on the parsed URL's scheme and host, never with startsWith
 * (`app://cascade.evil/` must fail). Note: WHATWG `origin` is "null" for custom schemes, so it
 * cannot be used here.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  if (!frame || frame.parent !== null || typeof frame.url !== 'string') return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  return (
    url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === ''
  );
}
