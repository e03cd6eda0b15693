import type { ESLint } from 'eslint';
import type { Layer } from './layer-table.js';

declare const plugin: ESLint.Plugin;
export default plugin;
export declare function resolveRelative(fromFile: string, spec: string): string | null;
export declare function scanImports(file: string): string[];
export declare function layerOf(file: string, root: string, layers: Layer[]): Layer | null;
export declare function findCycle(start: string, target: string): string[] | null;
