export {
  formatImportReport,
  importTalksPage,
  validateEventSlug,
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
