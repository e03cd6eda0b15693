// `npm run dev`: the renderer from Vite's dev server, with hot reload, beside the loopback browser
// host that runs the main-process services — both on 127.0.0.1 only.
//
//   browser ──► Vite (127.0.0.1:5173): the renderer's sources, hot-reloaded on save
//                 └─ /api, /events ──► the host (127.0.0.1:<free port>): services, store, workers
//
// The page is opened at Vite's address with the host's launch token; Vite forwards API calls and
// the event socket to the host, presenting them as same-origin to the host's checks (Host and
// Origin), so the host's security rules stay as they are. Main-process code is bundled once at
// start (esbuild, ~1 s): after changing src-main, stop and run `npm run dev` again.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const READY = /Cascade Lab is running at (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]+)/;

/** Starts `node build/main/host.js` on a free port; resolves with its origin, token and stop(). */
function startHost(env, log) {
  const child = spawn(process.execPath, [path.join(root, 'build/main/host.js')], {
    cwd: root,
    env: { ...process.env, ...env, CASCADE_LAB_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr += c;
    log(String(c).trimEnd());
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (c) => {
      stdout += c;
      const m = READY.exec(stdout);
      if (m) resolve({ origin: m[1], token: m[3], stop });
    });
    child.once('exit', (code) =>
      reject(new Error(`the host exited (code ${code}) before it was ready: ${stderr}`)),
    );
  });
}

/** Vite's proxy to the host: Host and Origin rewritten to the host's own, so its checks pass. */
function proxyTo(origin) {
  const sameOrigin = (proxy) => {
    proxy.on('proxyReq', (req) => req.setHeader('origin', origin));
    proxy.on('proxyReqWs', (req) => req.setHeader('origin', origin));
  };
  return {
    '/api': { target: origin, changeOrigin: true, configure: sameOrigin },
    '/events': { target: origin, changeOrigin: true, ws: true, configure: sameOrigin },
  };
}

/**
 * Builds the main bundles, starts the host and Vite's dev server. `port` is Vite's (default 5173,
 * the next free one if taken; 0: any). Resolves with the URL to open and close().
 */
export async function startDev({ port = 5173, env = {}, log = (line) => console.error(line) } = {}) {
  const built = spawnSync(process.execPath, [path.join(root, 'src-main/tools/build-main.js')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('building the main process failed (see above)');
  const host = await startHost(env, log);
  try {
    const { createServer } = await import('vite');
    const vite = await createServer({
      configFile: path.join(root, 'src-renderer/vite.config.ts'),
      server: { host: '127.0.0.1', port, strictPort: false, proxy: proxyTo(host.origin) },
      logLevel: 'warn',
    });
    await vite.listen();
    const address = vite.httpServer.address();
    const origin = `http://127.0.0.1:${address.port}`;
    return {
      url: `${origin}/?token=${host.token}`,
      origin,
      hostOrigin: host.origin,
      token: host.token,
      close: async () => {
        await vite.close();
        await host.stop();
      },
    };
  } catch (e) {
    await host.stop();
    throw e;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const dev = await startDev();
    console.log(`Cascade Lab (development, hot reload) is running at ${dev.url}`);
    console.log(`  renderer: Vite at ${dev.origin}; services: the browser host at ${dev.hostOrigin}`);
    const stop = () => void dev.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (e) {
    console.error(`cascade-lab dev: ${e.message}`);
    process.exit(1);
  }
}
