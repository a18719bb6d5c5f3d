import type { LevelView, SessionTypeView, TalkView, TrackView } from './program-views.js';

/** A track, a level, a session type, or several, that the talks shown must have; undefined is any. */
export interface ProgramFilter {
  track: TrackView | undefined;
  level: LevelView | undefined;
  /** Optional so that filters made before session types keep meaning "any type". */
  type?: SessionTypeView | undefined;
}

/** Whether the talk is in the filter's track, at its level and of its session type (each when given). */
export function matchesFilter(
  talk: Pick<TalkView, 'track' | 'level'> & { type?: TalkView['type'] },
  filter: ProgramFilter,
): boolean {
  return (
    (!filter.track || talk.track?.id === filter.track.id) &&
    (!filter.level || talk.level?.id === filter.level.id) &&
    (!filter.type || talk.type?.id === filter.type.id)
  );
}
