/** See bundles.js. */
export declare const ESM_REQUIRE_BANNER: { js: string };
export declare const CLI_BUNDLE_FILE: string;
export declare const CLI_BUNDLE_OPTIONS: {
  format: 'cjs';
  define: Record<string, string>;
  banner: { js: string };
};
export declare function writeCodeCache(cliJs: string, cwd: string): number;
export declare function asciiBundle(file: string): void;
