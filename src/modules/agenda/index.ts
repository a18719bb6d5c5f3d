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
