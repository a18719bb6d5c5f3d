export {
  Agenda,
  DEFAULT_PROGRAM_BUDGET_BYTES,
  watchProgramChanges,
  type AgendaOptions,
  type SearchResult,
} from './agenda.js';
export { EventList, type EventPage, type ListedEvent } from './event-list.js';
export { loadEventProgram, type EventProgram, type EventSummary, type VenueView } from './event-program.js';
export type {
  DayView,
  LevelView,
  SessionTypeView,
  NamedRef,
  PublicAnswerView,
  PublishedSchedule,
  RoomView,
  SlotView,
  SpeakerView,
  TalkView,
  TrackView,
} from './program-views.js';
export { buildGrid, type DayGrid, type DayGridCell } from './day-grid.js';
export { hallwayNowAndNext, roomNowAndNext, whatIsOn, type LiveState, type RoomNowAndNext } from './now-and-next.js';
export { matchesFilter, type ProgramFilter } from './program-filter.js';
export { filterSlots, type SlotFilter } from './slot-filter.js';
export {
  arrangeEvents,
  cfpView,
  clockState,
  isInterestBallotOpen,
  isPast,
  talkSurroundings,
  type ArrangedEvents,
  type CfpView,
  type TalkSurroundings,
} from './event-landing.js';
