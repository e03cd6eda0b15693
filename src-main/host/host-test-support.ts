/**
 * Test support for the loopback host: bundles the replay worker from the current sources (so tests
 * exercise real worker threads, never a stale build/), makes a throwaway renderer folder, and sends
 * raw HTTP requests with full control over the path and the Host/Origin headers.
 */
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { rawTextPlugin } from '../tools/raw-text-plugin.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Scratch {
  dir: string;
  rendererDir: string;
  dataDir: string;
  workerUrl: URL;
  /** A file beside (outside) the renderer folder that must never be served. */
  secretText: string;
  remove(): Promise<void>;
}

/** A temp folder with a bundled worker, a small renderer (and a symlink out of it), and a data dir. */
export async function makeScratch(): Promise<Scratch> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cascade-host-test-'));
  const rendererDir = path.join(dir, 'renderer');
  const dataDir = path.join(dir, 'data');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body>Cascade Lab test page</body></html>',
  );
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app");\n');
  await writeFile(path.join(rendererDir, 'assets', 'style.css'), 'body{margin:0}\n');
  await writeFile(path.join(rendererDir, '.hidden'), 'dotfile\n');
  const secretText = `TOP-SECRET-${Math.random().toString(36).slice(2)}`;
  await writeFile(path.join(dir, 'secret.txt'), secretText);
  await symlink(dir, path.join(rendererDir, 'link-out'));
  const workerFile = path.join(dir, 'worker.mjs');
  await build({
    entryPoints: [path.join(repoRoot, 'src-main/services/worker.ts')],
    outfile: workerFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    plugins: [rawTextPlugin],
  });
  return {
    dir,
    rendererDir,
    dataDir,
    workerUrl: pathToFileURL(workerFile),
    secretText,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTP request to 127.0.0.1:port; `path` is sent exactly as given. */
export function rawRequest(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { Host: `127.0.0.1:${port}`, ...opts.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
