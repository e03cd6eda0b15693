/** Public API of the CSV price-series importer (pure parsing; the store persists the result). */
export {
  DEFAULT_IMPORT_LIMITS,
  parseCsvChunks,
  parseCsvFile,
  parseCsvText,
  previewCsv,
  previewCsvChunks,
} from './price-csv-import.ts';
export { CsvTokenizer, tokenizeCsv } from './csv-tokenizer.ts';
export type { CsvRecord, CsvSyntaxError, CsvTokenizerOptions, TokenizeResult } from './csv-tokenizer.ts';
export { parseStrictNumber } from './strict-number.ts';
export type * from './types.ts';
