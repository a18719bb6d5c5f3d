import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { eventMembers, rooms, scheduleReleases, scheduleSlots, sessionTypes, tracks } from '../../db/schema.js';
import type { Actor } from '../accounts/index.js';
import { requireProgramOrganiser } from './policy.js';

/** One step of setting up an event, as the dashboard lists it. */
export interface SetupStep {
  key: 'dates' | 'tracks' | 'sessionTypes' | 'cfp' | 'team' | 'rooms' | 'schedule' | 'release';
  done: boolean;
}

/**
 * What a new event still needs, in the order an organiser usually goes: its dates, tracks,
 * session types, a call for proposals (a closing time set), a team beyond its creator, rooms, a schedule with
 * something placed, and a release. One query; the organisers' alone.
 */
export async function loadSetupChecklist(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string; startsOn: string | null; endsOn: string | null; cfpClosesAt: Date | null },
): Promise<SetupStep[]> {
  requireProgramOrganiser(actor, event);
  const count = (
    table: typeof tracks | typeof sessionTypes | typeof rooms | typeof scheduleSlots | typeof scheduleReleases,
  ) => sql<number>`(select count(*)::int from ${table} where ${table.eventId} = ${event.id})`;
  const [row] = await db
    .select({
      tracks: count(tracks),
      sessionTypes: count(sessionTypes),
      rooms: count(rooms),
      slots: count(scheduleSlots),
      releases: count(scheduleReleases),
      members: sql<number>`(select count(*)::int from ${eventMembers} where ${eventMembers.eventId} = ${event.id})`,
    })
    .from(sql`(select 1) as one`);
  const n = row!;
  return [
    { key: 'dates', done: event.startsOn !== null && event.endsOn !== null },
    { key: 'tracks', done: n.tracks > 0 },
    { key: 'sessionTypes', done: n.sessionTypes > 0 },
    { key: 'cfp', done: event.cfpClosesAt !== null },
    { key: 'team', done: n.members > 1 },
    { key: 'rooms', done: n.rooms > 0 },
    { key: 'schedule', done: n.slots > 0 },
    { key: 'release', done: n.releases > 0 },
  ];
}
