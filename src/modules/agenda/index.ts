export { Agenda, watchProgramChanges, type SearchResult } from './agenda.js';
export type {
  EventProgram,
  EventSummary,
  LevelView,
  NamedRef,
  PublicAnswerView,
  SpeakerView,
  TalkView,
  TrackView,
} from './event-program.js';
export type { DayView, PublishedSchedule, RoomView, SlotView } from './published-schedule.js';
export { buildGrid, type DayGrid, type DayGridCell } from './day-grid.js';
export { whatIsOn, type LiveState } from './now-and-next.js';
export { matchesFilter, type ProgramFilter } from './program-filter.js';
