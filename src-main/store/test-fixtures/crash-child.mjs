// Child process for crash-safety.test.ts: opens the store (the real code, bundled by the test
// with esbuild) and writes series imports until the parent kills it with SIGKILL.
//
//   node crash-child.mjs <bundled store .mjs> <dataDir> <probe|loop> <points per import>
//
// Prints, synchronously so no line is lost at the kill: "begin <k>" before each import,
// "committed <k> <importId>" after it returns. In "probe" mode the third import hits a TEMP
// trigger that fires after the series row is inserted, i.e. inside writeSeriesImport's
// transaction: it prints "mid-transaction" and blocks until killed.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [storeModule, dataDir, mode, pointsText] = process.argv.slice(2);
const { openStore, writeSeriesImport } = await import(pathToFileURL(storeModule).href);
const say = (line) => fs.writeSync(1, `${line}\n`);
const points = Number(pointsText);

const store = await openStore({ dataDir });

// Irregular timestamps, so each import writes two large blobs; values encode k for verification.
const timestampMs = Float64Array.from({ length: points }, (_, i) => 1_600_000_000_000 + i * 1000 + (i % 3));
let k = 0;
function importOnce() {
  k++;
  const values = Float64Array.from({ length: points }, (_, i) => k * 1000 + i * 0.5);
  say(`begin ${k}`);
  const { importId } = writeSeriesImport(store, {
    fileName: `crash-${k}.csv`,
    sha256: 'c'.repeat(64),
    asset: 'ETH',
    venue: 'crash-test',
    kind: 'price',
    timestampMs,
    values,
    report: { k },
  });
  say(`committed ${k} ${importId}`);
}

if (mode === 'probe') {
  importOnce();
  importOnce();
  store.db.function('crash_probe', () => {
    say('mid-transaction');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    return 0;
  });
  store.db.exec(
    'CREATE TEMP TRIGGER crash_probe AFTER INSERT ON main.series BEGIN SELECT crash_probe(); END',
  );
  importOnce();
  say('not killed');
} else {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) importOnce();
}
store.close();
