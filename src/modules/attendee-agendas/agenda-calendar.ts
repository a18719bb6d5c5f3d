import type { EventProgram } from '../agenda/index.js';
import { renderTalksICal, type ExportContext } from '../exchange/index.js';

/**
 * A shared agenda as a calendar feed: its talks in the latest release, built by the iCal
 * exporter so each VEVENT is the one the event's schedule.ics has. A subscription follows
 * every new release; talks not in the schedule are simply absent.
 */
export function renderAgendaCalendar(program: EventProgram, talks: readonly string[], context: ExportContext): string {
  return renderTalksICal(program, talks, context);
}
