import { describe, expect, it } from 'vitest';
import { hallwayNowAndNext, roomNowAndNext, whatIsOn } from './now-and-next.js';
import type { RoomView, SlotView } from './program-views.js';
import { filterSlots } from './slot-filter.js';

const at = (time: string) => new Date(`2026-06-01T${time}:00Z`);

function slot(title: string, start: string, end: string, room?: RoomView): SlotView {
  return {
    guid: title,
    kind: 'talk',
    talk: undefined,
    title,
    room,
    start: at(start),
    end: at(end),
    durationMinutes: (at(end).getTime() - at(start).getTime()) / 60_000,
    day: undefined,
  };
}

describe('whatIsOn', () => {
  const slots = [
    slot('A', '10:00', '11:00'),
    slot('B', '10:30', '11:00'),
    slot('C', '11:00', '12:00'),
    slot('D', '11:00', '11:30'),
    slot('E', '13:00', '14:00'),
  ];
  const titles = (live: ReturnType<typeof whatIsOn>) => ({
    now: live.now.map((s) => s.title),
    next: live.next.map((s) => s.title),
  });

  it('gives what has started and not ended as now, and everything starting at the next start time as next', () => {
    expect(titles(whatIsOn({ slots }, at('10:45')))).toEqual({ now: ['A', 'B'], next: ['C', 'D'] });
  });

  it('counts a slot as on from its start up to, not including, its end', () => {
    expect(titles(whatIsOn({ slots }, at('11:00')))).toEqual({ now: ['C', 'D'], next: ['E'] });
  });

  it('gives nothing now in a gap, and the first start after it as next', () => {
    expect(titles(whatIsOn({ slots }, at('12:30')))).toEqual({ now: [], next: ['E'] });
    expect(titles(whatIsOn({ slots }, at('09:00')))).toEqual({ now: [], next: ['A'] });
  });

  it('gives nothing next once the last slot has started, and nothing at all after it', () => {
    expect(titles(whatIsOn({ slots }, at('13:30')))).toEqual({ now: ['E'], next: [] });
    expect(titles(whatIsOn({ slots }, at('14:00')))).toEqual({ now: [], next: [] });
  });
});

function room(id: number, slug: string): RoomView {
  return { id, guid: slug, slug, name: slug, description: '', capacity: null, position: id };
}

describe('roomNowAndNext and hallwayNowAndNext', () => {
  const hall = room(1, 'hall');
  const annex = room(2, 'annex');
  const slots = [
    slot('H1', '10:00', '11:00', hall),
    slot('A1', '10:30', '11:30', annex),
    slot('Lunch', '12:00', '13:00'),
    slot('H2', '13:00', '14:00', hall),
  ];
  const titles = (live: ReturnType<typeof roomNowAndNext>) => [live.room.slug, live.current?.title, live.next?.title];

  it('gives each room its own slot now and its own next, and a break spanning every room in each', () => {
    expect(hallwayNowAndNext({ slots, rooms: [hall, annex] }, at('10:45')).map(titles)).toEqual([
      ['hall', 'H1', 'Lunch'],
      ['annex', 'A1', 'Lunch'],
    ]);
    expect(hallwayNowAndNext({ slots, rooms: [hall, annex] }, at('12:30')).map(titles)).toEqual([
      ['hall', 'Lunch', 'H2'],
      ['annex', 'Lunch', undefined],
    ]);
  });

  it("gives nothing now between two slots, and nothing at all after the room's last", () => {
    expect(titles(roomNowAndNext({ slots }, hall, at('11:15')))).toEqual(['hall', undefined, 'Lunch']);
    expect(titles(roomNowAndNext({ slots }, annex, at('13:30')))).toEqual(['annex', undefined, undefined]);
  });
});

describe('filterSlots', () => {
  const hall = room(1, 'hall');
  const annex = room(2, 'annex');
  const slots = [
    slot('H1', '10:00', '11:00', hall),
    slot('A1', '10:30', '11:30', annex),
    slot('Lunch', '12:00', '13:00'),
  ];
  const titles = (kept: SlotView[]) => kept.map((s) => s.title);

  it("keeps a room's slots and the breaks spanning every room", () => {
    expect(titles(filterSlots({ slots }, { day: undefined, track: undefined, room: annex }))).toEqual(['A1', 'Lunch']);
    expect(titles(filterSlots({ slots }, { day: undefined, track: undefined, room: undefined }))).toEqual([
      'H1',
      'A1',
      'Lunch',
    ]);
  });
});
