/**
 * The loopback browser host: the same app service as Electron, over HTTP and a WebSocket, for
 * machines without an Electron binary (and for e2e tests in a plain browser).
 *
 * Protocol (what the renderer's lib/api.ts speaks):
 *   POST /api/<channel>   body: the channel's input as JSON; header `X-Cascade-Token: <token>`;
 *                         `Content-Type: application/json`. Answers a JSON Result.
 *   GET  /events?token=…  WebSocket; main pushes each ApiEvent as one JSON text message.
 *   GET  /…               the built renderer (build/renderer), under a strict CSP.
 *
 * Security model (a local server is reachable by every web page the user visits, via fetch, forms
 * and DNS rebinding — the Jupyter server's threat model):
 *   - bound to 127.0.0.1 only;
 *   - a random token per launch, required on every API call and on the WebSocket; it reaches the
 *     page only through the URL printed on the terminal (`/?token=…`);
 *   - the Host header must name this server (127.0.0.1:PORT or localhost:PORT), which defeats DNS
 *     rebinding; an Origin header, when present, must be this server's own origin;
 *   - JSON only, bounded bodies, unknown channels refused; errors are Results, never stack traces;
 *   - no CORS headers at all, so other origins cannot read any answer.
 *
 * Engine work stops when its client goes: a call whose HTTP connection closes before the answer
 * has its work cancelled, and so does every job of a page (`X-Cascade-Client`) whose event socket
 * has been gone for a few seconds (client-sessions.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import type { ApiError, ApiEvent, Result } from '../contract/api.ts';
import { MAX_REQUEST_BODY_BYTES, isChannel } from '../contract/api.ts';
import type { AppService, CallContext } from '../services/app-service.ts';
import { createAppService } from '../services/app-service.ts';
import { openAppStore } from '../services/open-app-store.ts';
import { PiscinaEnginePool, defaultEnginePool } from '../services/pool/engine-pool.ts';
import { CLIENT_ID, ClientSessions } from './client-sessions.ts';
import {
  contentSecurityPolicy,
  contentTypeFor,
  resolveStaticFile,
  STATIC_SECURITY_HEADERS,
} from './static-files.ts';

/** The only interface the host listens on. */
export const HOST_ADDRESS = '127.0.0.1';
export const TOKEN_HEADER = 'x-cascade-token';
/** The page's own random id (see client-sessions.ts); optional. */
export const CLIENT_HEADER = 'x-cascade-client';
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/events';
/** Largest request body accepted, bytes: the contract's, so every request it allows gets through. */
export const MAX_BODY_BYTES = MAX_REQUEST_BODY_BYTES;

export interface HostOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer (default: build/renderer beside build/main). */
  rendererDir?: string;
  /** The data folder (created if missing); the store will live here. */
  dataDir?: string;
  /**
   * Start the Library's featured replay at once (and cache it in `dataDir/cache`), so opening it is
   * immediate. Default true; only with worker threads (services/first-replay.ts).
   */
  firstReplay?: boolean;
  /**
   * Read the first replay the build left beside the engine worker when the data folder has none
   * (tools/record-first-replay.ts). Default true; false computes it (the bench's figure without it).
   */
  shippedFirstReplay?: boolean;
  /** Folder of the bundled engine worker (default: beside this bundle; see services/pool/engine-pool.ts). */
  workerDir?: string;
  /** How long a page may be without its event socket before its engine work stops (ms, default 3000). */
  clientGraceMs?: number;
  /** Replaces the app service (tests). */
  service?: AppService;
  log?: (line: string) => void;
}

export interface RunningHost {
  /** What to open in the browser: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  port: number;
  token: string;
  rendererDir: string;
  dataDir: string | undefined;
  /** Stops the server, closes event sockets, cancels jobs, stops workers. */
  close(): Promise<void>;
}

function defaultRendererDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../renderer');
}

function tokensEqual(given: string | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function errorResult(code: string, message: string): Result<never> {
  return { ok: false, error: { code, message } satisfies ApiError };
}

const JSON_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch {
    status = 500;
    text = JSON.stringify(errorResult('failed', 'the answer could not be encoded as JSON'));
  }
  res.writeHead(status, { ...JSON_HEADERS, ...extra, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the host on 127.0.0.1. Resolves once it is listening. */
export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const log = options.log ?? ((line: string) => console.error(line));
  const rendererDir = path.resolve(options.rendererDir ?? defaultRendererDir());
  const dataDir = options.dataDir === undefined ? undefined : path.resolve(options.dataDir);
  if (dataDir) await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  // The data folder backs user designs (and the built-in library) when the host owns its service.
  const appStore = !options.service && dataDir ? await openAppStore(dataDir) : null;
  if (appStore?.problem) log(appStore.problem);
  const pool = options.service
    ? undefined
    : defaultEnginePool(options.workerDir ? { workerDir: options.workerDir } : {}, log);
  const service =
    options.service ??
    createAppService({
      pool: pool!,
      log,
      // The featured crash's first replay starts now, on the workers (never on the in-process
      // fallback, which would block this thread), and is cached in the data folder by code version.
      ...(pool instanceof PiscinaEnginePool && options.firstReplay !== false
        ? {
            firstReplay: {
              ...(dataDir ? { cacheDir: path.join(dataDir, 'cache') } : {}),
              ...(options.shippedFirstReplay === false ? { shippedDir: null } : {}),
            },
          }
        : {}),
      ...(appStore ? { designs: appStore.designs } : {}),
      // Training progress is user data: it lives in the store (in memory only if that failed to open).
      ...(appStore?.store ? { training: appStore.store, sweepStore: appStore.store } : {}),
      ...(appStore ? { storage: appStore.storage } : {}),
      // User scenarios and imports live there too.
      store: appStore?.store ?? null,
    });

  const clients = new Set<WebSocket>();
  const broadcast = (event: ApiEvent) => {
    const text = JSON.stringify(event);
    for (const ws of clients) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  };
  const sessions = new ClientSessions(options.clientGraceMs ?? 3000);

  /** The call's context: events to every page; work stopped if this call's client goes. */
  function callContext(req: IncomingMessage, res: ServerResponse): CallContext {
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    const client = req.headers[CLIENT_HEADER];
    const signals = [gone.signal];
    if (typeof client === 'string' && CLIENT_ID.test(client)) signals.push(sessions.signalFor(client));
    return { emit: broadcast, signal: AbortSignal.any(signals) };
  }

  // Filled in once listening (the port is known only then).
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  let csp = '';

  /** Host and Origin checks shared by HTTP and the WebSocket upgrade; a message when refused. */
  function refusal(req: IncomingMessage): string | undefined {
    const host = req.headers.host;
    if (!host || !allowedHosts.has(host.toLowerCase())) {
      return `this server answers only to ${[...allowedHosts].join(' or ')} (Host header "${String(host).slice(0, 100)}" refused: DNS-rebinding defence)`;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) {
      return `requests from other origins are refused (Origin "${origin.slice(0, 100)}")`;
    }
    return undefined;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    if (req.method !== 'POST') {
      return sendJson(res, 405, errorResult('invalid-input', 'API calls are POST requests'), {
        Allow: 'POST',
      });
    }
    const given = req.headers[TOKEN_HEADER];
    if (!tokensEqual(Array.isArray(given) ? undefined : given, token)) {
      return sendJson(
        res,
        401,
        errorResult(
          'forbidden',
          `missing or wrong ${TOKEN_HEADER} header: use the token printed when Cascade Lab started`,
        ),
      );
    }
    const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return sendJson(
        res,
        415,
        errorResult('invalid-input', 'send the input as JSON (Content-Type: application/json)'),
      );
    }
    let channel: string;
    try {
      channel = decodeURIComponent(rawPath.slice(API_PREFIX.length));
    } catch {
      return sendJson(
        res,
        400,
        errorResult('invalid-input', 'the channel name is not valid percent-encoding'),
      );
    }
    if (!isChannel(channel)) {
      return sendJson(
        res,
        404,
        errorResult('not-found', `unknown channel ${JSON.stringify(channel.slice(0, 80))}`),
      );
    }
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        // Answer now; the rest of the body is discarded unread and the connection closed after it.
        req.resume();
        return sendJson(
          res,
          413,
          errorResult('invalid-input', `the request body is over ${MAX_BODY_BYTES} bytes`),
          {
            Connection: 'close',
          },
        );
      }
      throw e;
    }
    let input: unknown;
    const text = body.toString('utf8');
    if (text.trim() === '') input = undefined;
    else {
      try {
        input = JSON.parse(text);
      } catch {
        return sendJson(res, 400, errorResult('invalid-input', 'the request body is not valid JSON'));
      }
    }
    const result = await service.dispatch(channel, input, callContext(req, res));
    if (res.destroyed) return;
    sendJson(res, 200, result);
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendJson(res, 405, errorResult('invalid-input', 'only GET and HEAD are served here'), {
        Allow: 'GET, HEAD',
      });
    }
    if (!existsSync(rendererDir)) {
      const text = `The renderer has not been built (no ${rendererDir}). Run: npx vite build --config src-renderer/vite.config.ts\n`;
      res.writeHead(503, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        ...STATIC_SECURITY_HEADERS,
      });
      res.end(req.method === 'HEAD' ? undefined : text);
      return;
    }
    const found = await resolveStaticFile(rendererDir, rawPath);
    if (!found.ok)
      return sendJson(
        res,
        found.status,
        errorResult(found.status === 404 ? 'not-found' : 'forbidden', found.reason),
      );
    res.writeHead(200, {
      'Content-Type': contentTypeFor(found.file),
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': csp,
      ...STATIC_SECURITY_HEADERS,
    });
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(found.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = refusal(req);
    if (refused) return sendJson(res, 403, errorResult('forbidden', refused));
    const url = req.url ?? '';
    // Split by hand: `new URL('//evil/x', base)` would read a host out of the path.
    const rawPath = url.split('?', 1)[0]!;
    if (!rawPath.startsWith('/'))
      return sendJson(res, 400, errorResult('invalid-input', 'malformed request path'));
    if (rawPath.startsWith(API_PREFIX)) return handleApi(req, res, rawPath);
    if (rawPath === EVENTS_PATH) {
      return sendJson(
        res,
        426,
        errorResult('invalid-input', 'events are a WebSocket: connect with ?token=…'),
        {
          Upgrade: 'websocket',
        },
      );
    }
    return handleStatic(req, res, rawPath);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(
        `cascade-lab host: ${req.method} ${String(req.url).slice(0, 200)} failed: ${(e as Error)?.stack ?? String(e)}`,
      );
      if (!res.headersSent)
        sendJson(res, 500, errorResult('failed', 'internal error (details are in the terminal)'));
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  // Clients never need to send us anything over the event socket.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024, clientTracking: false });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, message: string) => {
      const body = JSON.stringify(errorResult(status === 401 ? 'forbidden' : 'invalid-input', message));
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    };
    const refused = refusal(req);
    if (refused) return refuse(403, refused);
    const [rawPath = '', query = ''] = (req.url ?? '').split('?', 2);
    if (rawPath !== EVENTS_PATH)
      return refuse(404, `no WebSocket at ${rawPath.slice(0, 100)}; events are at ${EVENTS_PATH}`);
    const header = req.headers[TOKEN_HEADER];
    const given = new URLSearchParams(query).get('token') ?? (Array.isArray(header) ? undefined : header);
    if (!tokensEqual(given ?? undefined, token)) return refuse(401, 'missing or wrong token (?token=…)');
    const clientId = new URLSearchParams(query).get('client');
    const session = clientId !== null && CLIENT_ID.test(clientId) ? clientId : null;
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      if (session) sessions.attach(session);
      ws.on('close', () => {
        clients.delete(ws);
        if (session) sessions.detach(session);
      });
      ws.on('error', () => ws.terminate());
      ws.on('message', () => ws.close(1008, 'this socket only sends events'));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host: HOST_ADDRESS, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  csp = contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
  const origin = `http://${HOST_ADDRESS}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    rendererDir,
    dataDir,
    close: () =>
      (closing ??= (async () => {
        for (const ws of clients) ws.terminate();
        clients.clear();
        sessions.closeAll();
        await service.close();
        appStore?.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })()),
  };
}
