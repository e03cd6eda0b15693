/**
 * `import text from './data/file.csv?raw'`: a data file's text, inlined at build time (Vite/vitest
 * natively; esbuild through the raw-text plugin in src-main/tools/build-main.js), so the scenarios'
 * data ships inside every bundle that loads them.
 */
declare module '*?raw' {
  const text: string;
  export default text;
}
