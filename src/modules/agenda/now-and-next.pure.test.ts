import { describe, expect, it } from 'vitest';
import { whatIsOn } from './now-and-next.js';
import type { SlotView } from './program-views.js';

const at = (time: string) => new Date(`2026-06-01T${time}:00Z`);

function slot(title: string, start: string, end: string): SlotView {
  return {
    guid: title,
    kind: 'talk',
    talk: undefined,
    title,
    room: undefined,
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
