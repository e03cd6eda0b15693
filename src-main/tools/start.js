// `npm start`: builds what is missing or stale, then runs the desktop app in Electron — or, on a
// machine without Electron's binary (it is downloaded by electron's postinstall and cannot always
// be), the same app in the loopback browser host, which prints the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const at = (...p) => path.join(root, ...p);

/** Newest modification time of any file under `dir` (0 if none). */
function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.isFile()) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      `cascade-lab start: ${what} failed (exit ${result.status ?? result.signal}); fix the error above and run npm start again`,
    );
    process.exit(result.status ?? 1);
  }
}

// Main-process bundles: rebuilt when one is missing or any source is newer (esbuild takes ~1 s).
const bundles = ['host.js', 'engine-worker.js', 'electron-main.js', 'preload.cjs'].map((f) =>
  at('build/main', f),
);
const oldestBundle = Math.min(...bundles.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
if (oldestBundle === 0 || newestMtime(at('src-main')) > oldestBundle) {
  run(process.execPath, [at('src-main/tools/build-main.js')], 'building the main process');
}

// The renderer: built once if missing (`npm run build` rebuilds it; the renderer has its own dev server).
if (!existsSync(at('build/renderer/index.html'))) {
  const config = at('src-renderer/vite.config.ts');
  if (!existsSync(config)) {
    console.error(
      'cascade-lab start: build/renderer is missing and src-renderer/vite.config.ts does not exist yet, so the renderer cannot be built',
    );
    process.exit(1);
  }
  run(
    process.platform === 'win32' ? 'npx.cmd' : 'npx',
    ['vite', 'build', '--config', config],
    'building the renderer',
  );
}

/** The Electron executable, if electron's postinstall managed to download it. */
function electronBinary() {
  const pathFile = at('node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = at('node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * electron 45 fetches its binary on first use rather than at install: try once (quietly, bounded),
 * so a user with a network gets the desktop window; offline machines fall back to the host.
 */
function fetchElectronBinary() {
  const installer = at('node_modules/electron/install.js');
  if (!existsSync(installer) || process.env.CASCADE_LAB_NO_ELECTRON === '1') return undefined;
  spawnSync(process.execPath, [installer], { cwd: root, stdio: 'ignore', timeout: 180_000 });
  return electronBinary();
}

/**
 * Electron loads better-sqlite3's Electron build from build/native/electron (never Node's, which
 * the host and CLI keep): made once by `npm run native:electron`. True when it is there.
 */
function electronSqliteReady() {
  const abiFile = at('node_modules/electron/abi_version');
  if (!existsSync(abiFile)) return false;
  const abi = readFileSync(abiFile, 'utf8').trim();
  const binding = at(
    'build/native/electron',
    `${process.platform}-${process.arch}-abi${abi}`,
    'better_sqlite3.node',
  );
  if (existsSync(binding)) return true;
  const r = spawnSync(process.execPath, [at('src-main/tools/native-electron.js')], {
    cwd: root,
    stdio: 'inherit',
  });
  return r.status === 0 && existsSync(binding);
}

const electron = electronBinary() ?? fetchElectronBinary();
const electronCanSave = electron !== undefined && electronSqliteReady();
if (electron && !electronCanSave) {
  console.log(
    'Electron is available but better-sqlite3 has no build for it (see above), so the desktop window could not save: ' +
      'Cascade Lab is starting in the browser host instead.',
  );
}
if (electron && electronCanSave) {
  const env = { ...process.env };
  // Would make Electron behave as plain Node and ignore the app.
  delete env.ELECTRON_RUN_AS_NODE;
  // `electron .` loads package.json "main" (build/main/electron-main.js) and takes the app's name from it.
  forward(spawn(electron, ['.'], { cwd: root, stdio: 'inherit', env }));
} else {
  if (!electron) {
    console.log(
      "Electron's binary is not available on this machine, so Cascade Lab is starting in the browser host instead.",
    );
  }
  forward(spawn(process.execPath, [at('build/main/host.js')], { cwd: root, stdio: 'inherit' }));
}
