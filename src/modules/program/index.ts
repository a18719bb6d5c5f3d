export {
  cfpState,
  createEvent,
  createEventFromCommandLine,
  findEventBySlug,
  getEventSettings,
  listTeamEvents,
  requireEventSlug,
  updateEventSettings,
  RESERVED_EVENT_SLUGS,
  type CfpState,
  type EventRecord,
  type EventSettingsInput,
  type NewEventInput,
} from './events.js';
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
export { refreshTalkSearch, searchTalks, SNIPPET_START, SNIPPET_STOP } from './talk-search.queries.js';
