export {
  checkAgendaTalks,
  countStarredTalks,
  createAttendeeAgenda,
  findAttendeeAgendaByToken,
  findSharedAgenda,
  listStarredTalkIds,
  MAX_AGENDA_TALKS,
  replaceAttendeeAgendaTalks,
  type AttendeeAgenda,
  type CreatedAttendeeAgenda,
  type StarCounts,
} from './attendee-agendas.js';
export {
  buildMyAgenda,
  findClashes,
  type AgendaChange,
  type AgendaClash,
  type AgendaDay,
  type AgendaEntry,
  type MyAgenda,
} from './my-agenda.js';
export { renderAgendaCalendar } from './agenda-calendar.js';
