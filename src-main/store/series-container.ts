/**
 * A compact binary container of named Float64Arrays: a run's per-step series (prices, flows,
 * bad debt, ...) in one BLOB. Layout, all integers little-endian:
 *
 *   magic "CLSC" | format u8 = 1 | 3 reserved zero bytes | entry count u32
 *   per entry: name length u16 | name (UTF-8) | value count u32
 *   zero padding to a multiple of 8 bytes
 *   per entry, in the same order: value count × f64 LE
 *
 * Names are unique and non-empty. The decoder checks every length against the blob's size, so a
 * truncated or damaged blob fails with an error instead of yielding wrong numbers.
 */
import { bytesToFloat64, float64ToBytes } from './float64-bytes.ts';
import { StoreError } from './store-errors.ts';

const MAGIC = 'CLSC';
const FORMAT = 1;
const MAX_NAME_BYTES = 0xffff;

/** Named series, in insertion order. */
export type NamedSeries = ReadonlyMap<string, Float64Array> | Readonly<Record<string, Float64Array>>;

function entriesOf(series: NamedSeries): [string, Float64Array][] {
  return series instanceof Map
    ? [...series.entries()]
    : Object.entries(series as Record<string, Float64Array>);
}

/** Encodes named Float64Arrays into one buffer (see the file comment for the layout). */
export function encodeSeriesContainer(series: NamedSeries): Buffer {
  const entries = entriesOf(series);
  const names = new Set<string>();
  const nameBytes = entries.map(([name, values]) => {
    if (name === '' || names.has(name)) {
      throw new StoreError('store-input', `Series names must be unique and non-empty; "${name}" is not.`);
    }
    if (!(values instanceof Float64Array)) {
      throw new StoreError('store-input', `Series "${name}" must be a Float64Array.`);
    }
    names.add(name);
    const bytes = Buffer.from(name, 'utf8');
    if (bytes.toString('utf8') !== name) {
      throw new StoreError(
        'store-input',
        `Series name "${name}" is not valid Unicode text (lone surrogate).`,
      );
    }
    if (bytes.length > MAX_NAME_BYTES)
      throw new StoreError('store-input', `Series name "${name.slice(0, 40)}…" is too long.`);
    return bytes;
  });
  let headerLength = 12;
  for (const bytes of nameBytes) headerLength += 2 + bytes.length + 4;
  const dataOffset = Math.ceil(headerLength / 8) * 8;
  const dataLength = entries.reduce((sum, [, values]) => sum + values.byteLength, 0);
  const out = Buffer.alloc(dataOffset + dataLength);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt8(FORMAT, 4);
  out.writeUInt32LE(entries.length, 8);
  let at = 12;
  entries.forEach(([, values], i) => {
    const bytes = nameBytes[i] as Buffer;
    out.writeUInt16LE(bytes.length, at);
    bytes.copy(out, at + 2);
    out.writeUInt32LE(values.length, at + 2 + bytes.length);
    at += 2 + bytes.length + 4;
  });
  at = dataOffset;
  for (const [, values] of entries) {
    float64ToBytes(values).copy(out, at);
    at += values.byteLength;
  }
  return out;
}

function damaged(problem: string): never {
  throw new StoreError(
    'store-input',
    `The series container is damaged (${problem}); the run cannot be replayed: recompute it.`,
  );
}

/** Decodes {@link encodeSeriesContainer}'s output into a Map, in the encoded order. */
export function decodeSeriesContainer(blob: Uint8Array): Map<string, Float64Array> {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== MAGIC) damaged('bad magic');
  if (buf.readUInt8(4) !== FORMAT) damaged(`format ${buf.readUInt8(4)} is not ${FORMAT}; update the app`);
  const count = buf.readUInt32LE(8);
  const directory: { name: string; length: number }[] = [];
  let at = 12;
  for (let i = 0; i < count; i++) {
    if (at + 2 > buf.length) damaged('directory truncated');
    const nameLength = buf.readUInt16LE(at);
    if (at + 2 + nameLength + 4 > buf.length) damaged('directory truncated');
    const name = buf.toString('utf8', at + 2, at + 2 + nameLength);
    const length = buf.readUInt32LE(at + 2 + nameLength);
    directory.push({ name, length });
    at += 2 + nameLength + 4;
  }
  let offset = Math.ceil(at / 8) * 8;
  const expected = directory.reduce((sum, e) => sum + e.length * 8, offset);
  if (expected !== buf.length) damaged(`size ${buf.length} bytes, directory says ${expected}`);
  const out = new Map<string, Float64Array>();
  for (const { name, length } of directory) {
    if (out.has(name)) damaged(`duplicate name "${name}"`);
    out.set(name, bytesToFloat64(buf.subarray(offset, offset + length * 8), `series "${name}"`));
    offset += length * 8;
  }
  return out;
}
