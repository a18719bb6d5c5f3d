import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../shared/errors.js';
import { createProposal } from '../../../test/helpers/proposals.js';
import { createUser } from '../../../test/helpers/site.js';
import { loadActor } from '../accounts/index.js';
import {
  addOwnAvailability,
  listOwnAvailability,
  listSpeakerAvailability,
  removeOwnAvailability,
} from './availability.js';
import { placeTalk } from './placements.js';
import { scheduleWorld } from '../../../test/helpers/schedule-world.js';

async function withSpeaker() {
  const w = await scheduleWorld();
  const user = await createUser(w.db, { email: 'sam@example.com', name: 'Sam Speaker' });
  const talk = await createProposal(w.db, {
    eventSlug: 'conf',
    title: 'Sam’s talk',
    state: 'confirmed',
    speakers: [{ name: 'Sam Speaker', userId: user.id }],
  });
  const sam = (await loadActor(w.db, user.id))!;
  return { ...w, sam, samTalk: talk.code, samSpeakerId: sam.roles.get(w.event.id)!.speakerId! };
}

describe('speaker availability', () => {
  it('lets a speaker state windows in the event’s zone, lists them in order, and removes one', async () => {
    const w = await withSpeaker();
    const afternoon = await addOwnAvailability(w.db, w.sam, w.event, {
      start: '2026-10-31T13:00',
      end: '2026-10-31T18:00',
    });
    await addOwnAvailability(w.db, w.sam, w.event, { start: '2026-10-31T09:00', end: '2026-10-31T11:00' });
    expect(
      (await listOwnAvailability(w.db, w.sam, w.event)).map((window) => [window.label, window.startsAt.toISOString()]),
    ).toEqual([
      ['Sat 31 Oct 2026 09:00–11:00', '2026-10-31T16:00:00.000Z'],
      ['Sat 31 Oct 2026 13:00–18:00', '2026-10-31T20:00:00.000Z'],
    ]);
    expect((await removeOwnAvailability(w.db, w.sam, w.event, afternoon.id)).label).toBe('Sat 31 Oct 2026 13:00–18:00');
    expect((await listSpeakerAvailability(w.db, w.organiser, w.event, w.samSpeakerId)).map((x) => x.label)).toEqual([
      'Sat 31 Oct 2026 09:00–11:00',
    ]);
  });

  it.each([
    [{ end: '2026-10-31T12:00' }, 'availableUntil: must be after the start'],
    [{ start: 'tomorrow' }, 'availableFrom: "tomorrow" is not a date and time (expected YYYY-MM-DDTHH:MM)'],
    [{ end: '' }, 'availableUntil: give a date and time'],
    [
      { start: '2026-10-31T17:00', end: '2026-10-31T19:00' },
      'availableFrom: overlaps your window Sat 31 Oct 2026 13:00–18:00: remove that one first and state the whole time at once',
    ],
    [{ end: '2026-12-31T12:00' }, 'availableUntil: a window lasts at most 31 days'],
  ])('refuses the window %j', async (change, message) => {
    const w = await withSpeaker();
    await addOwnAvailability(w.db, w.sam, w.event, { start: '2026-10-31T13:00', end: '2026-10-31T18:00' });
    await expect(
      addOwnAvailability(w.db, w.sam, w.event, { start: '2026-10-31T12:00', end: '2026-10-31T12:30', ...change }),
    ).rejects.toThrow(message);
    expect(await listOwnAvailability(w.db, w.sam, w.event)).toHaveLength(1);
  });

  it('is the speaker’s own: others cannot remove it, people without a profile cannot state any', async () => {
    const w = await withSpeaker();
    const window = await addOwnAvailability(w.db, w.sam, w.event, {
      start: '2026-10-31T13:00',
      end: '2026-10-31T18:00',
    });
    await expect(removeOwnAvailability(w.db, w.organiser, w.event, window.id)).rejects.toThrow(NotFoundError);
    await expect(
      addOwnAvailability(w.db, w.organiser, w.event, { start: '2026-10-31T13:00', end: '2026-10-31T18:00' }),
    ).rejects.toThrow('You have no speaker profile at Conf 2026 yet: it is made with your first proposal there.');
    expect(await listOwnAvailability(w.db, w.organiser, w.event)).toEqual([]);
    await expect(listSpeakerAvailability(w.db, w.stranger, w.event, w.samSpeakerId)).rejects.toThrow(ForbiddenError);
    await expect(listSpeakerAvailability(w.db, w.reviewer, w.event, w.samSpeakerId)).rejects.toThrow(ForbiddenError);
    expect(await listOwnAvailability(w.db, w.sam, w.event)).toHaveLength(1);
  });

  it('makes the editor warn once stated, and stop warning once the talk fits', async () => {
    const w = await withSpeaker();
    const place = (start: string) =>
      placeTalk(w.db, w.organiser, w.event, { talk: w.samTalk, room: 'main-hall', start });
    expect((await place('2026-10-31T10:00')).warnings).toEqual([]);
    await addOwnAvailability(w.db, w.sam, w.event, { start: '2026-10-31T13:00', end: '2026-10-31T18:00' });
    expect((await place('2026-10-31T10:00')).warnings.map((x) => x.message)).toEqual([
      'Sam Speaker is not available for "Sam’s talk" (Main Hall, Sat 31 Oct 2026 10:00–10:30): they are available Sat 31 Oct 2026 13:00–18:00',
    ]);
    expect((await place('2026-10-31T14:00')).warnings).toEqual([]);
  });
});
