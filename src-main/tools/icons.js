// `npm run icons`: makes every icon file the app ships from assets/icon.svg, the one source.
//
//   assets/icons/<N>x<N>.png   N = 16 … 1024 (electron-builder's Linux icon set)
//   assets/icon.png            1024 px (the window icon in development and on Linux)
//   assets/icon.ico            Windows: 16 … 256 px, PNG-compressed entries
//   assets/icon.icns           macOS: 16 … 1024 px (1x and 2x), PNG entries
//   src-renderer/public/favicon.svg   a copy of the SVG (the browser host's favicon)
//
// Rasterising needs `rsvg-convert` (Debian/Ubuntu: apt-get install librsvg2-bin; macOS: brew
// install librsvg). The ICO and ICNS containers are written here, in plain JavaScript. The
// generated files are committed, so building and packaging need none of these tools.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The PNG sizes made from the SVG, px. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** The sizes inside the Windows .ico, px (256 is the largest an .ico entry can declare). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** The macOS .icns entries: [OSType, px]. ic11–ic14 are the 2x (Retina) variants. */
export const ICNS_ENTRIES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height of a PNG from its IHDR chunk; throws when `png` is not a PNG. */
export function pngSize(png) {
  if (
    png.length < 24 ||
    !png.subarray(0, 8).equals(PNG_SIGNATURE) ||
    png.toString('latin1', 12, 16) !== 'IHDR'
  ) {
    throw new Error('not a PNG file (no PNG signature and IHDR chunk)');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** A Windows icon file holding each PNG as is (PNG entries are valid since Windows Vista). */
export function encodeIco(pngsBySize) {
  const sizes = [...pngsBySize.keys()].sort((a, b) => a - b);
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(sizes.length, 4);
  const directory = Buffer.alloc(16 * sizes.length);
  let offset = header.length + directory.length;
  sizes.forEach((size, i) => {
    const png = pngsBySize.get(size);
    const { width, height } = pngSize(png);
    if (width !== size || height !== size || size > 256)
      throw new Error(`ICO entry ${size}: got ${width}×${height}`);
    const at = 16 * i;
    directory.writeUInt8(size === 256 ? 0 : size, at); // 0 means 256
    directory.writeUInt8(size === 256 ? 0 : size, at + 1);
    directory.writeUInt8(0, at + 2); // no palette
    directory.writeUInt8(0, at + 3);
    directory.writeUInt16LE(1, at + 4); // colour planes
    directory.writeUInt16LE(32, at + 6); // bits per pixel
    directory.writeUInt32LE(png.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, directory, ...sizes.map((s) => pngsBySize.get(s))]);
}

/** A macOS icon file: the 'icns' header and one PNG entry per [OSType, px] of `entries`. */
export function encodeIcns(pngsBySize, entries = ICNS_ENTRIES) {
  const parts = entries.map(([type, size]) => {
    const png = pngsBySize.get(size);
    if (png === undefined) throw new Error(`ICNS entry ${type} needs a ${size} px PNG`);
    const { width } = pngSize(png);
    if (width !== size) throw new Error(`ICNS entry ${type}: the PNG is ${width} px, not ${size}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

function rasterise(svg, size, out) {
  const r = spawnSync(
    'rsvg-convert',
    ['--width', String(size), '--height', String(size), '--output', out, svg],
    {
      encoding: 'utf8',
    },
  );
  if (r.error?.code === 'ENOENT') {
    throw new Error(
      'rsvg-convert is not installed: install it (Debian/Ubuntu: apt-get install librsvg2-bin; macOS: brew install librsvg) and run npm run icons again',
    );
  }
  if (r.status !== 0) throw new Error(`rsvg-convert failed for ${size} px: ${r.stderr.trim()}`);
}

/** Renders every PNG from `svg` and writes all the icon files under `assetsDir`. */
export function makeIcons({
  svg = path.join(root, 'assets/icon.svg'),
  assetsDir = path.join(root, 'assets'),
  favicon = path.join(root, 'src-renderer/public/favicon.svg'),
} = {}) {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'cascade-lab-icons-'));
  try {
    const pngs = new Map();
    for (const size of PNG_SIZES) {
      const file = path.join(temp, `${size}.png`);
      rasterise(svg, size, file);
      pngs.set(size, readFileSync(file));
    }
    mkdirSync(path.join(assetsDir, 'icons'), { recursive: true });
    for (const [size, png] of pngs) writeFileSync(path.join(assetsDir, 'icons', `${size}x${size}.png`), png);
    writeFileSync(path.join(assetsDir, 'icon.png'), pngs.get(1024));
    writeFileSync(
      path.join(assetsDir, 'icon.ico'),
      encodeIco(new Map(ICO_SIZES.map((s) => [s, pngs.get(s)]))),
    );
    writeFileSync(path.join(assetsDir, 'icon.icns'), encodeIcns(pngs));
    if (favicon !== null) copyFileSync(svg, favicon);
    return { sizes: PNG_SIZES };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    makeIcons();
    console.log(
      `icons: wrote assets/icons/{${PNG_SIZES.join(',')}}px, icon.png, icon.ico, icon.icns and the favicon`,
    );
  } catch (e) {
    console.error(`cascade-lab icons: ${e.message}`);
    process.exit(1);
  }
}
