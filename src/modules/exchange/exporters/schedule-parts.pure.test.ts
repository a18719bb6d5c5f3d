import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localMinutes } from './schedule-parts.js';

describe('localMinutes', () => {
  it('gives luxon’s minute of the hour in zones with half-hour, quarter-hour and second offsets, across their changes', () => {
    const zones = [
      'UTC',
      'Europe/Berlin',
      'America/Los_Angeles',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Europe/Amsterdam',
      'Africa/Monrovia',
    ];
    // Every 7 minutes over days holding offset changes, and over years when offsets had seconds (Amsterdam +0:19:32 until 1937, Monrovia −0:44:30 until 1972).
    const ranges = [
      [Date.UTC(2026, 2, 27), Date.UTC(2026, 3, 6)],
      [Date.UTC(2026, 9, 23), Date.UTC(2026, 10, 3)],
      [Date.UTC(1937, 5, 28), Date.UTC(1937, 6, 3)],
      [Date.UTC(1972, 0, 5), Date.UTC(1972, 0, 9)],
    ] as const;
    for (const zone of zones) {
      const minuteOf = localMinutes(zone);
      for (const [from, to] of ranges) {
        for (let at = from; at < to; at += 7 * 60_000 + 13_000) {
          expect([zone, at, minuteOf(new Date(at))]).toEqual([zone, at, DateTime.fromMillis(at, { zone }).minute]);
        }
      }
    }
  });
});
