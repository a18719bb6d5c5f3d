import type { Agenda, EventProgram, ProgramFilter } from '../../modules/agenda/index.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';

/** Lookups shared by the public pages and the public API: one message for one mistake. */

/** The event's published program, loaded if need be; a 404 when there is no such published event. */
export async function requireEvent(agenda: Agenda, slug: string): Promise<EventProgram> {
  const program = await agenda.program(slug);
  if (!program) throw new NotFoundError(`There is no event "${slug}".`);
  return program;
}

export function requireFilter(
  program: EventProgram,
  query: { track?: string; level?: string; type?: string },
): ProgramFilter {
  const filter: ProgramFilter = { track: undefined, level: undefined, type: undefined };
  if (query.track) {
    filter.track = program.trackBySlug.get(query.track);
    if (!filter.track) {
      throw new InvalidInputError(
        `no track "${query.track}" in ${program.name}; tracks are ${program.tracks.map((t) => t.slug).join(', ')}`,
        'track',
      );
    }
  }
  if (query.level) {
    filter.level = program.levelBySlug.get(query.level);
    if (!filter.level) {
      throw new InvalidInputError(
        `no level "${query.level}" in ${program.name}; levels are ${program.levels.map((l) => l.slug).join(', ')}`,
        'level',
      );
    }
  }
  if (query.type) {
    filter.type = program.sessionTypeBySlug.get(query.type);
    if (!filter.type) {
      const known = program.sessionTypes.map((type) => type.slug).join(', ');
      throw new InvalidInputError(
        `no session type "${query.type}" in ${program.name}; ${known ? `session types are ${known}` : 'it has none'}`,
        'type',
      );
    }
  }
  return filter;
}

/**
 * The search text as typed, with runs of white space made one. Control characters become
 * spaces: PostgreSQL refuses text holding U+0000, and two of them mark matches in snippets.
 */
export function normaliseQuery(q: string | undefined): string {
  return (q ?? '')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
