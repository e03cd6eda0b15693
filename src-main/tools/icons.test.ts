/**
 * The app icon files (assets/), made from assets/icon.svg by `npm run icons` (src-main/tools/icons.js)
 * and committed: every PNG has the size its name says, the .ico and .icns containers are well formed
 * and hold the sizes each platform needs, the favicon is the same SVG, and packaging and the window
 * use them. Rasterising needs rsvg-convert, which this test does not: it reads the committed files.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const assets = path.join(root, 'assets');

interface IconsModule {
  PNG_SIZES: number[];
  ICO_SIZES: number[];
  ICNS_ENTRIES: [string, number][];
  pngSize(png: Buffer): { width: number; height: number };
  encodeIco(pngs: Map<number, Buffer>): Buffer;
  encodeIcns(pngs: Map<number, Buffer>, entries?: [string, number][]): Buffer;
}
// A computed specifier: the script is plain JS run by node and has no type declarations.
const icons = (await import(pathToFileURL(path.join(root, 'src-main/tools/icons.js')).href)) as IconsModule;

function readIco(file: Buffer): { size: number; png: Buffer }[] {
  expect(file.readUInt16LE(0)).toBe(0);
  expect(file.readUInt16LE(2)).toBe(1);
  const count = file.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 16 * i;
    const declared = file.readUInt8(at) === 0 ? 256 : file.readUInt8(at);
    const length = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    expect(offset + length).toBeLessThanOrEqual(file.length);
    return { size: declared, png: file.subarray(offset, offset + length) };
  });
}

function readIcns(file: Buffer): { type: string; png: Buffer }[] {
  expect(file.toString('latin1', 0, 4)).toBe('icns');
  expect(file.readUInt32BE(4)).toBe(file.length);
  const entries: { type: string; png: Buffer }[] = [];
  for (let at = 8; at < file.length;) {
    const length = file.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    entries.push({ type: file.toString('latin1', at, at + 4), png: file.subarray(at + 8, at + length) });
    at += length;
  }
  return entries;
}

describe('app icon files', () => {
  it('has one PNG per size, each as large as its name says', () => {
    const names = readdirSync(path.join(assets, 'icons')).sort();
    expect(names).toEqual(icons.PNG_SIZES.map((s) => `${s}x${s}.png`).sort());
    for (const size of icons.PNG_SIZES) {
      const png = readFileSync(path.join(assets, 'icons', `${size}x${size}.png`));
      expect(icons.pngSize(png)).toEqual({ width: size, height: size });
    }
    expect(icons.pngSize(readFileSync(path.join(assets, 'icon.png')))).toEqual({ width: 1024, height: 1024 });
  });

  it('has a Windows .ico with 16–256 px entries whose declared sizes match their PNGs', () => {
    const entries = readIco(readFileSync(path.join(assets, 'icon.ico')));
    expect(entries.map((e) => e.size)).toEqual(icons.ICO_SIZES);
    for (const e of entries) expect(icons.pngSize(e.png)).toEqual({ width: e.size, height: e.size });
  });

  it('has a macOS .icns with every 1x and 2x entry up to 1024 px', () => {
    const entries = readIcns(readFileSync(path.join(assets, 'icon.icns')));
    expect(entries.map((e) => e.type)).toEqual(icons.ICNS_ENTRIES.map(([t]) => t));
    entries.forEach((e, i) => {
      const size = icons.ICNS_ENTRIES[i]![1];
      expect(icons.pngSize(e.png)).toEqual({ width: size, height: size });
    });
  });

  it('serves the same SVG as the browser favicon', () => {
    expect(readFileSync(path.join(root, 'src-renderer/public/favicon.svg'), 'utf8')).toBe(
      readFileSync(path.join(assets, 'icon.svg'), 'utf8'),
    );
  });

  it('is what packaging and the window use', () => {
    const builder = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(builder).toMatch(/^ {2}icon: assets\/icons$/m);
    expect(builder).toMatch(/^ {2}icon: assets\/icon\.icns$/m);
    expect(builder).toMatch(/^ {2}icon: assets\/icon\.ico$/m);
    expect(builder).toMatch(/^ {2}- assets\/icon\.png$/m);
    expect(readFileSync(path.join(root, 'src-main/electron/main.ts'), 'utf8')).toContain(
      "path.resolve(here, '../../assets/icon.png')",
    );
  });
});

describe('icon containers', () => {
  const png = (size: number) => readFileSync(path.join(assets, 'icons', `${size}x${size}.png`));

  it('refuse a PNG whose size is not the entry size', () => {
    expect(() => icons.encodeIco(new Map([[32, png(16)]]))).toThrow(/ICO entry 32/);
    expect(() => icons.encodeIcns(new Map([[16, png(32)]]), [['icp4', 16]])).toThrow(/icp4/);
    expect(() => icons.pngSize(Buffer.from('not a png at all, not at all'))).toThrow(/not a PNG/);
  });

  it('round-trip: what encodeIco writes, readIco reads back', () => {
    const file = icons.encodeIco(
      new Map([
        [16, png(16)],
        [256, png(256)],
      ]),
    );
    const entries = readIco(file);
    expect(entries.map((e) => e.size)).toEqual([16, 256]);
    expect(entries[1]!.png.equals(png(256))).toBe(true);
  });
});
