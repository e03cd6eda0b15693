/** See cli-bundle.js. */
export declare const CLI_BUNDLE_FILE: string;
export declare const CLI_BUNDLE_OPTIONS: {
  format: 'cjs';
  define: Record<string, string>;
  banner: { js: string };
};
export declare function writeCodeCache(cliJs: string, cwd: string): number;
