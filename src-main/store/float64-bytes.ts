/**
 * Float64Array ⇄ raw little-endian bytes, the storage format of every float column (`*_f64`).
 * Bit-exact: -0, subnormals, infinities and NaN payloads survive, because bytes are moved, never
 * numbers converted.
 */
import os from 'node:os';
import { StoreError } from './store-errors.ts';

const HOST_IS_LITTLE_ENDIAN = os.endianness() === 'LE';

/** The little-endian bytes of `values`. A view, not a copy, on little-endian hosts. */
export function float64ToBytes(values: Float64Array): Buffer {
  if (HOST_IS_LITTLE_ENDIAN) return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const out = Buffer.alloc(values.byteLength);
  for (let i = 0; i < values.length; i++) out.writeDoubleLE(values[i] as number, i * 8);
  return out;
}

/**
 * A Float64Array from little-endian bytes; length must be a multiple of 8. Copies, unless `adopt`
 * is set and `bytes` alone spans an 8-aligned ArrayBuffer (a large blob fresh from SQLite): then
 * the array is a view of it, saving a copy; the caller must not reuse `bytes`.
 */
export function bytesToFloat64(
  bytes: Uint8Array,
  what = 'float64 blob',
  options: { adopt?: boolean } = {},
): Float64Array {
  if (bytes.byteLength % 8 !== 0) {
    throw new StoreError(
      'store-input',
      `${what} is ${bytes.byteLength} bytes, not a multiple of 8: the data is damaged.`,
    );
  }
  if (
    options.adopt === true &&
    HOST_IS_LITTLE_ENDIAN &&
    bytes.byteOffset === 0 &&
    bytes.buffer instanceof ArrayBuffer &&
    bytes.buffer.byteLength === bytes.byteLength
  ) {
    return new Float64Array(bytes.buffer, 0, bytes.byteLength / 8);
  }
  const out = new Float64Array(bytes.byteLength / 8);
  if (HOST_IS_LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  }
  return out;
}
