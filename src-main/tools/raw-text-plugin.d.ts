import type { Plugin } from 'esbuild';
/** esbuild plugin inlining `?raw` imports as text (see raw-text-plugin.js). */
export declare const rawTextPlugin: Plugin;
