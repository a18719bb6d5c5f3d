import { describe, expect, it } from 'vitest';
import type { LevelView, TrackView } from './program-views.js';
import { matchesFilter } from './program-filter.js';

const track = (id: number): TrackView => ({
  id,
  slug: `t${id}`,
  name: `Track ${id}`,
  position: id,
  talkCount: 1,
  color: null,
  description: '',
  descriptionHtml: '',
});
const level = (id: number): LevelView => ({ id, slug: `l${id}`, name: `Level ${id}`, position: id, talkCount: 1 });

describe('matchesFilter', () => {
  const [web, data] = [track(1), track(2)];
  const [beginner, advanced] = [level(1), level(2)];
  const talks = {
    webBeginner: { track: web, level: beginner },
    dataAdvanced: { track: data, level: advanced },
    webNoLevel: { track: web, level: undefined },
    nothing: { track: undefined, level: undefined },
  };
  const matching = (filter: Parameters<typeof matchesFilter>[1]) =>
    Object.entries(talks)
      .filter(([, talk]) => matchesFilter(talk, filter))
      .map(([name]) => name);

  it('lets every talk through an empty filter', () => {
    expect(matching({ track: undefined, level: undefined })).toEqual([
      'webBeginner',
      'dataAdvanced',
      'webNoLevel',
      'nothing',
    ]);
  });

  it('keeps the talks of the track, or of the level', () => {
    expect(matching({ track: web, level: undefined })).toEqual(['webBeginner', 'webNoLevel']);
    expect(matching({ track: undefined, level: advanced })).toEqual(['dataAdvanced']);
  });

  it('keeps only the talks of both the track and the level when both are given', () => {
    expect(matching({ track: web, level: beginner })).toEqual(['webBeginner']);
    expect(matching({ track: data, level: beginner })).toEqual([]);
  });

  it('compares tracks and levels by id, not by the object', () => {
    expect(matching({ track: { ...web }, level: { ...beginner } })).toEqual(['webBeginner']);
  });
});
