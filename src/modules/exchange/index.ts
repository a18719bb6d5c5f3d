export {
  formatImportReport,
  importTalksPage,
  TALKS_PAGE_SOURCE,
  type ImportReport,
  type ImportTalksPageInput,
} from './talks-page/import-talks-page.js';
export {
  parseTalksPage,
  TalksPageError,
  UNTITLED_TALK,
  type ParsedTalk,
  type ParsedTalksPage,
} from './talks-page/parse-talks-page.js';
export type { ExportContext, Exporter, ExportFormat } from './exporters/exporter.js';
export { exporters, findExporter, renderExport } from './exporters/registry.js';
export { buildExport, type BuildExportOptions, type BuiltFile } from './exporters/build-export.js';
export {
  ExportStore,
  EXPORTS_REVISION,
  type ExportEncoding,
  type ExportStoreOptions,
  type StoredExport,
} from './stored-exports/stored-exports.js';
export { renderFrabXml } from './exporters/frab-xml.js';
export { renderC3vocJson, C3VOC_SCHEMA_URL } from './exporters/c3voc-json.js';
export { renderICal, renderTalkICal, renderTalksICal } from './exporters/ical.js';
export { renderCsv, CSV_COLUMNS } from './exporters/csv.js';
export { speakerGuid, uuidV5 } from './exporters/schedule-parts.js';
export {
  importSchedule,
  parseScheduleFile,
  SCHEDULE_FORMATS,
  type ImportScheduleInput,
} from './schedule-import/import-schedule.js';
export {
  writeSchedule,
  SCHEDULE_SOURCES,
  type ImportProgress,
  type WriteScheduleOptions,
} from './schedule-import/write-schedule.js';
export { parseFrabXml } from './schedule-import/frab-xml.js';
export { parseScheduleJson } from './schedule-import/schedule-json.js';
export {
  formatScheduleImportReport,
  type ScheduleImportReport,
  type EntityChanges as ScheduleEntityChanges,
} from './schedule-import/import-report.js';
export {
  ScheduleFileError,
  SCHEDULE_IMPORT_NAMESPACE,
  type ImportedSchedule,
  type ImportedTalk,
  type ImportNote,
  type ImportProblem,
  type ScheduleFormat,
} from './schedule-import/imported-schedule.js';
