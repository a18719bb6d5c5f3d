export {
  cfpState,
  createEvent,
  createEventFromCommandLine,
  eventNameFromSlug,
  findEventBySlug,
  getEventSettings,
  listTeamEvents,
  insertEventRecord,
  requireEventName,
  requireEventSlug,
  syncImportedEvent,
  updateEventRecord,
  updateEventSettings,
  DEFAULT_LEVEL_NAMES,
  MAX_EVENT_NAME,
  RESERVED_EVENT_SLUGS,
  type CfpState,
  type EventFieldNames,
  type EventRecordChanges,
  type ImportedEventValues,
  type EventRecord,
  type EventSettingsInput,
  type NewEventInput,
  type NewEventRecord,
} from './events.js';
export { MIN_BRAND_CONTRAST, requireBrandColour, type EventLandingInput } from './event-landing.js';
export { mayManageProgram, requireEventCreator, requireProgramOrganiser } from './policy.js';
export {
  createTrack,
  deleteTrack,
  getTrack,
  listTracks,
  moveTrack,
  renameTrack,
  setReviewerTracks,
  type CategoryItem,
  type Direction,
  type EventRef,
  type TrackItem,
} from './tracks.js';
export { createLevel, deleteLevel, getLevel, listLevels, moveLevel, renameLevel } from './levels.js';
export {
  createSessionType,
  deleteSessionType,
  getSessionType,
  listSessionTypes,
  loadSessionTypes,
  moveSessionType,
  sessionTypeFormValues,
  talkDurationMinutes,
  updateSessionType,
  MAX_SESSION_MINUTES,
  type SessionTypeInput,
  type SessionTypeItem,
  type SessionTypeRef,
} from './session-types.js';
export {
  addTalkSpeaker,
  cancelProgramTalk,
  clearTalkAttention,
  createProgramTalk,
  deleteProgramTalk,
  getProgramTalk,
  getSpeakerProfile,
  listProgramTalks,
  listSpeakerProfiles,
  moveTalkSpeaker,
  removeTalkSpeaker,
  updateProgramTalk,
  updateSpeakerProfile,
  MISSING_SPEAKERS,
  MISSING_TITLE,
  type NewSpeakerInput,
  type ProgramTalk,
  type ProgramTalkRow,
  type SpeakerProfileDetail,
  type SpeakerProfileRow,
  type TalkFields,
} from './talks-admin.js';
export { notifyProgramChanged, PROGRAM_CHANGED_CHANNEL } from './program-changes.js';
export { speakerNameKey, talkTitleKey, trackNameKey } from './names.js';
export { MAX_PHOTO_URL, parseSpeakerPhotoUrl, resolveSpeakerPhotoUrl } from './speaker-photo.js';
export { refreshTalkSearch, searchTalks, SNIPPET_START, SNIPPET_STOP } from './talk-search.queries.js';
export { matchTracks, newTrackSlug } from './track-matching.js';
export {
  changeTalkState,
  changeTalkStates,
  mayChangeTalkState,
  requireTalkStateChange,
  IMPORT_ACTOR,
  TALK_TRANSITIONS,
  TalkStateError,
  type TalkStateActor,
  type TalkStateRole,
  type TalkStateTarget,
} from './talk-lifecycle.js';
export {
  syncImportedProgram,
  type ImportedEntityChanges,
  type ImportedProgram,
  type ImportedProgramResult,
  type ImportedProgramTalk,
  type ImportedSpeaker,
  type ImportedTalkDetails,
  type ImportProgressSink,
} from './imported-program.js';
export { loadSetupChecklist, type SetupStep } from './setup-checklist.js';
