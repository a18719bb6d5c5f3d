import { describe, expect, it } from 'vitest';
import { diffReleases } from './changelog.js';
import type { ReleasedRoom, ReleasedSchedule, ReleasedSlot } from './release-snapshot.js';

function room(id: number, name: string): ReleasedRoom {
  return { id, guid: `room-${id}`, slug: name.toLowerCase(), name, description: '', capacity: null, position: id };
}

const HALL = room(1, 'Hall');
const ANNEX = room(2, 'Annex');

function talk(guid: string, talkId: number, roomId: number | null, start: string, end: string): ReleasedSlot {
  return { guid, kind: 'talk', talkId, talkSlug: `talk-${talkId}`, title: `Talk ${talkId}`, roomId, start, end };
}

function schedule(slots: ReleasedSlot[], rooms: ReleasedRoom[] = [HALL, ANNEX]): ReleasedSchedule {
  return { timezone: 'Europe/Paris', rooms, days: [], slots };
}

const onProgram = () => true;

describe('diffReleases', () => {
  it('lists every slot of a first release as added, in the order of the schedule', () => {
    const lunch: ReleasedSlot = {
      guid: 'lunch',
      kind: 'break',
      talkId: null,
      talkSlug: null,
      title: 'Lunch',
      roomId: null,
      start: '12:00',
      end: '13:00',
    };
    const next = schedule([talk('a', 1, 1, '10:00', '10:30'), lunch]);

    expect(diffReleases(undefined, next, onProgram)).toEqual([
      {
        kind: 'added',
        guid: 'a',
        slotKind: 'talk',
        title: 'Talk 1',
        talkSlug: 'talk-1',
        before: null,
        after: { room: 'Hall', start: '10:00', end: '10:30' },
      },
      {
        kind: 'added',
        guid: 'lunch',
        slotKind: 'break',
        title: 'Lunch',
        talkSlug: null,
        before: null,
        after: { room: 'All rooms', start: '12:00', end: '13:00' },
      },
    ]);
  });

  it('finds nothing between two releases of the same schedule', () => {
    const slots = [talk('a', 1, 1, '10:00', '10:30'), talk('b', 2, 2, '10:00', '10:45')];

    expect(diffReleases(schedule(slots), schedule(slots), onProgram)).toEqual([]);
  });

  it('reports a talk moved to another room, to another start or to another end, with where it was and is', () => {
    const previous = schedule([
      talk('a', 1, 1, '10:00', '10:30'),
      talk('b', 2, 1, '11:00', '11:30'),
      talk('c', 3, 2, '12:00', '12:30'),
    ]);
    const next = schedule([
      talk('a', 1, 2, '10:00', '10:30'),
      talk('b', 2, 1, '11:15', '11:45'),
      talk('c', 3, 2, '12:00', '12:45'),
    ]);

    expect(diffReleases(previous, next, onProgram).map((c) => [c.kind, c.guid, c.before, c.after])).toEqual([
      ['moved', 'a', { room: 'Hall', start: '10:00', end: '10:30' }, { room: 'Annex', start: '10:00', end: '10:30' }],
      ['moved', 'b', { room: 'Hall', start: '11:00', end: '11:30' }, { room: 'Hall', start: '11:15', end: '11:45' }],
      ['moved', 'c', { room: 'Annex', start: '12:00', end: '12:30' }, { room: 'Annex', start: '12:00', end: '12:45' }],
    ]);
  });

  it('reads a room by its name in each release, so a renamed room counts as a move', () => {
    const previous = schedule([talk('a', 1, 1, '10:00', '10:30')], [HALL]);
    const next = schedule([talk('a', 1, 1, '10:00', '10:30')], [room(1, 'Great Hall')]);

    expect(diffReleases(previous, next, onProgram).map((c) => [c.kind, c.before?.room, c.after?.room])).toEqual([
      ['moved', 'Hall', 'Great Hall'],
    ]);
  });

  it('says removed for a talk off the schedule still on the program, cancelled for one off the program, after the new slots', () => {
    const previous = schedule([
      talk('a', 1, 1, '10:00', '10:30'),
      talk('b', 2, 1, '11:00', '11:30'),
      talk('c', 3, 2, '12:00', '12:30'),
    ]);
    const next = schedule([talk('d', 4, 2, '09:00', '09:30'), talk('c', 3, 2, '12:00', '12:30')]);

    const changes = diffReleases(previous, next, (talkId) => talkId === 1);

    expect(changes.map((c) => [c.kind, c.guid, c.before, c.after])).toEqual([
      ['added', 'd', null, { room: 'Annex', start: '09:00', end: '09:30' }],
      ['removed', 'a', { room: 'Hall', start: '10:00', end: '10:30' }, null],
      ['cancelled', 'b', { room: 'Hall', start: '11:00', end: '11:30' }, null],
    ]);
  });

  it('says removed, never cancelled, for a break taken off the schedule', () => {
    const block: ReleasedSlot = {
      guid: 'setup',
      kind: 'block',
      talkId: null,
      talkSlug: null,
      title: 'Setup',
      roomId: 2,
      start: '08:00',
      end: '09:00',
    };

    expect(diffReleases(schedule([block]), schedule([]), () => false)).toEqual([
      {
        kind: 'removed',
        guid: 'setup',
        slotKind: 'block',
        title: 'Setup',
        talkSlug: null,
        before: { room: 'Annex', start: '08:00', end: '09:00' },
        after: null,
      },
    ]);
  });
});
