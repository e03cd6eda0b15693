/**
 * The durable SQLite store: open + pragmas + health checks + backups (open-store.ts, backups.ts),
 * numbered migrations (migrations.ts), one module per table group, and bundles. Main-process only.
 */
export { resolveDataDir, assessDataDirLocation, DATA_DIR_ENV, APP_FOLDER_NAME } from './data-dir.ts';
export type { DataDirContext, LocationVerdict } from './data-dir.ts';
export { openStore, restoreBackup, checkIntegrity } from './open-store.ts';
export type { OpenStoreOptions, Store, IntegrityReport, OpenReport, RestoreReport } from './open-store.ts';
export { listBackups, validateDatabaseFile, BACKUPS_KEPT } from './backups.ts';
export type { BackupInfo } from './backups.ts';
export { MIGRATIONS, LATEST_SCHEMA_VERSION } from './migrations.ts';
export { CHECKSUMMED_BLOBS, sha256Hex } from './blob-checksum.ts';
export type { BlobDamage } from './blob-checksum.ts';
export { explainStoreFailure } from './store-failures.ts';
export { chooseNativeBinding, electronBindingPath, useNativeBinding } from './native-binding.ts';
export type { BindingChoice, BindingContext } from './native-binding.ts';
export type { MovedAsideRecord } from './moved-aside.ts';
export { STORE_APPLICATION_ID, DEFAULT_DB_FILE_NAME } from './sqlite-file.ts';
export {
  StoreError,
  StoreCorruptError,
  StoreFromNewerAppError,
  StoreMigrationError,
} from './store-errors.ts';
export type { StoreErrorCode, UnusableReason } from './store-errors.ts';
export {
  seedBuiltins,
  listScenarios,
  getScenario,
  saveUserScenario,
  deleteUserScenario,
} from './scenarios.ts';
export type {
  BuiltinScenarioDefinition,
  ScenarioMeta,
  ScenarioRecord,
  SeedReport,
  UserScenarioInput,
} from './scenarios.ts';
export {
  writeSeries,
  writeSeriesBatch,
  writeSeriesImport,
  getSeries,
  listSeries,
  deleteSeries,
  seriesTimestampsMs,
  getImport,
  listImports,
  findImportsBySha256,
} from './series.ts';
export type {
  SeriesKind,
  SeriesInput,
  SeriesMeta,
  SeriesRecord,
  SeriesImportInput,
  ImportRecord,
} from './series.ts';
export { savePopulation, getPopulation, listPopulations, deletePopulation } from './populations.ts';
export type { PopulationMeta, PopulationRecord } from './populations.ts';
export { seedPresetDesigns, saveDesign, getDesign, listDesigns, deleteDesign } from './designs.ts';
export type {
  DesignMeta,
  DesignRecord,
  PresetDesignDefinition,
  PresetSeedReport,
  UserDesignInput,
} from './designs.ts';
export { saveRun, listRuns, getRun, deleteRun } from './runs.ts';
export type { RunInput, RunMeta, RunRecord } from './runs.ts';
export { addNote, updateNote, listNotes, deleteNote } from './notes.ts';
export type { NoteRecord, NoteTargetKind } from './notes.ts';
export {
  saveScenarioWithDocument,
  getScenarioDocument,
  listScenarioDocuments,
  scenarioIdFree,
  writeImportedTable,
  getImportedTable,
  listImportedTables,
  deleteImportedTable,
} from './user-scenarios.ts';
export type {
  ScenarioDocumentRecord,
  UserScenarioWithDocument,
  ImportedTableKind,
  ImportedTableMeta,
  ImportedTableRecord,
  ImportedTableInput,
} from './user-scenarios.ts';
export { exportBundle, importBundle } from './bundles.ts';
export type { BundleSelection, BundleCounts, BundleImportReport } from './bundles.ts';
export { encodeSeriesContainer, decodeSeriesContainer } from './series-container.ts';
export type { NamedSeries } from './series-container.ts';
export { float64ToBytes, bytesToFloat64 } from './float64-bytes.ts';
export { benchSeriesLoad } from './bench-series-load.ts';
export type { SeriesLoadBench } from './bench-series-load.ts';
export {
  listProfiles,
  getProfile,
  createProfile,
  listLessonProgress,
  getLessonProgress,
  saveLessonPosition,
  addAnswer,
  listAnswers,
  addAttempt,
  listAttempts,
  listContent,
  importContent,
  importClassResult,
  listClassResults,
  openMemoryTrainingDb,
} from './training.ts';
export type {
  TrainingDb,
  ProfileRecord,
  LessonProgressRecord,
  AnswerRecord,
  AttemptRecord,
  ContentRecord,
  ClassResultRecord,
} from './training.ts';
