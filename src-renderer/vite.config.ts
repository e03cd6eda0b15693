// The renderer bundle: one Svelte app served from build/renderer by the browser host and by
// Electron's app:// protocol. Everything ships as files (no inline <script> and no injected
// <style>), so the hosts can send a strict `script-src 'self'; style-src 'self'` CSP. Svelte's
// dynamic `style:` directives write through the CSSOM (element.style), which that CSP allows.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
// This file runs in Node at build time; the renderer's rule against Node imports is for app code.
// eslint-disable-next-line no-restricted-imports
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [svelte({ compilerOptions: { runes: true, css: 'external' } })],
  build: {
    outDir: '../build/renderer',
    emptyOutDir: true,
    // Never turn a small asset into a data: URL or an inline script.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1000,
  },
  server: { host: '127.0.0.1' },
});
