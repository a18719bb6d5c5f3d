import type { LevelView, TalkView, TrackView } from './program-views.js';

/** A track, a level, or both, that the talks shown must have; undefined is any. */
export interface ProgramFilter {
  track: TrackView | undefined;
  level: LevelView | undefined;
}

/** Whether the talk is in the filter's track and at its level (each when given). */
export function matchesFilter(talk: Pick<TalkView, 'track' | 'level'>, filter: ProgramFilter): boolean {
  return (!filter.track || talk.track?.id === filter.track.id) && (!filter.level || talk.level?.id === filter.level.id);
}
