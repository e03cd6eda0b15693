// `npm run package`: builds the app and packages it for this operating system with electron-builder
// (electron-builder.yml: AppImage and deb on Linux, dmg on macOS, NSIS on Windows; the afterPack
// hook gives the package a better-sqlite3 built for Electron).
//
// Packaging downloads what it builds from: Electron's release for this platform and, per target,
// electron-builder's tools (from github.com), and Electron's headers for the native rebuild (from
// electronjs.org). Without network access to those — as on a machine that reaches only the npm
// registry — it cannot work; then this says so in plain words instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const OFFLINE =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|socket hang up|self[- ]signed/i;

/** The message for a failed electron-builder run, from its output. */
export function explainPackagingFailure(output, code) {
  const host = /getaddrinfo \w+ ([\w.-]+)/.exec(output)?.[1];
  if (OFFLINE.test(output)) {
    return [
      'PACKAGING FAILED: no network access for the downloads packaging needs.',
      `electron-builder could not reach ${host ?? 'the download servers'}: it downloads Electron's release for this platform and ` +
        "its packaging tools from github.com, and Electron's headers from electronjs.org (for the native rebuild).",
      'Run `npm run package` on a machine with network access (CI runners have it), or fill the caches first: ' +
        'ELECTRON_CACHE (Electron zips) and ELECTRON_BUILDER_CACHE (tools).',
    ].join('\n');
  }
  return `PACKAGING FAILED: electron-builder exited with code ${code}; its output above says why.`;
}

function run(command, args, what) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}); see above`);
}

/** Runs electron-builder, echoing its output; resolves with its exit code and output. */
function electronBuilder(args) {
  return new Promise((resolve) => {
    const bin = path.join(
      root,
      'node_modules/.bin',
      process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder',
    );
    const child = spawn(bin, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
    }
    child.on('error', (e) => resolve({ code: 1, output: `${output}\n${e.message}` }));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function main() {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  run(process.execPath, [path.join(root, 'src-main/tools/build-main.js')], 'building the main process');
  run(
    npx,
    ['vite', 'build', '--config', path.join(root, 'src-renderer/vite.config.ts')],
    'building the renderer',
  );
  const { code, output } = await electronBuilder(['--publish', 'never', ...process.argv.slice(2)]);
  if (code === 0) {
    console.log('packaged into dist/');
    return;
  }
  console.error(`\n${explainPackagingFailure(output, code)}`);
  process.exit(1);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(`cascade-lab package: ${e.message}`);
    process.exit(1);
  });
}
