/**
 * `node build/main/host.js`: the loopback browser host as a program. Port from CASCADE_LAB_PORT
 * (default 0: any free port), data folder from CASCADE_LAB_DATA_DIR (default: the platform's app
 * data folder); CASCADE_LAB_SHIPPED_FIRST_REPLAY=0 ignores the first replay the build recorded.
 * Prints one line with the URL to open, then serves until SIGINT/SIGTERM.
 */
import { resolveDataDir } from '../services/open-app-store.ts';
import { startHost } from './server.ts';

function portFromEnv(): number {
  const raw = process.env['CASCADE_LAB_PORT'];
  if (raw === undefined || raw.trim() === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(
      `CASCADE_LAB_PORT must be a port number from 0 to 65535 (0 = any free port), not "${raw}"`,
    );
  }
  return port;
}

async function main(): Promise<void> {
  const host = await startHost({
    port: portFromEnv(),
    dataDir: resolveDataDir(),
    // The bench's cold start without the first replay the build recorded (it is computed instead).
    ...(process.env['CASCADE_LAB_SHIPPED_FIRST_REPLAY'] === '0' ? { shippedFirstReplay: false } : {}),
  });
  process.stdout.write(`Cascade Lab is running at ${host.url}\n`);
  const stop = () => {
    void host.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  const message =
    err?.code === 'EADDRINUSE'
      ? `port ${process.env['CASCADE_LAB_PORT']} is already in use; set CASCADE_LAB_PORT to another port, or 0 for any free one`
      : (err?.message ?? String(e));
  process.stderr.write(`cascade-lab host: ${message}\n`);
  process.exit(1);
});
