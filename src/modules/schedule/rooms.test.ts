import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../shared/errors.js';
import { addBlock, listBlocks, placeTalk } from './placements.js';
import { createRoom, deleteRoom, getRoom, listRooms, moveRoom, updateRoom } from './rooms.js';
import { scheduleWorld } from '../../../test/helpers/schedule-world.js';

async function roomLines(w: Awaited<ReturnType<typeof scheduleWorld>>): Promise<string[]> {
  return (await listRooms(w.db, w.organiser, w.event)).map(
    (room) => `${room.position} ${room.slug} ${room.name} ${room.capacity ?? '?'} ${room.talkCount}/${room.blockCount}`,
  );
}

describe('rooms', () => {
  it('adds a room after the others with a slug from its name, and keeps the slug through a rename', async () => {
    const w = await scheduleWorld();
    const added = await createRoom(w.db, w.organiser, w.event, {
      name: '  Saal   Zuse ',
      capacity: ' 250 ',
      description: 'Upstairs.',
    });
    expect([added.slug, added.name, added.capacity, added.position, added.description]).toEqual([
      'saal-zuse',
      'Saal Zuse',
      250,
      3,
      'Upstairs.',
    ]);
    await updateRoom(w.db, w.organiser, w.event, added.id, { name: 'Saal Hopper', capacity: '', description: '' });
    expect(await roomLines(w)).toEqual([
      '1 main-hall Main Hall 400 0/0',
      '2 room-2 Room 2 80 0/0',
      '3 saal-zuse Saal Hopper ? 0/0',
    ]);
  });

  it.each([
    [{ name: ' ' }, 'name: give the room a name'],
    [{ name: 'main HALL' }, 'name: there is already a room named "Main Hall"'],
    [{ name: 'x'.repeat(81) }, 'name: must be at most 80 characters'],
    [{ capacity: 'many' }, 'capacity: must be a whole number of seats, or empty when unknown'],
    [{ capacity: '-5' }, 'capacity: must be a whole number of seats, or empty when unknown'],
    [{ description: 'x'.repeat(2001) }, 'description: must be at most 2000 characters (it has 2001)'],
  ])('refuses the room %j, adding nothing', async (change, message) => {
    const w = await scheduleWorld();
    await expect(
      createRoom(w.db, w.organiser, w.event, { name: 'Workshop', capacity: '', description: '', ...change }),
    ).rejects.toThrow(message);
    expect(await roomLines(w)).toHaveLength(2);
  });

  it('moves a room up and down the grid', async () => {
    const w = await scheduleWorld();
    await moveRoom(w.db, w.organiser, w.event, w.rooms.small, 'up');
    expect((await listRooms(w.db, w.organiser, w.event)).map((r) => r.name)).toEqual(['Room 2', 'Main Hall']);
    await moveRoom(w.db, w.organiser, w.event, w.rooms.small, 'up');
    await moveRoom(w.db, w.organiser, w.event, w.rooms.small, 'down');
    expect((await listRooms(w.db, w.organiser, w.event)).map((r) => r.name)).toEqual(['Main Hall', 'Room 2']);
  });

  it('refuses to delete a room while talks are placed in it, naming them; its own blocks go with it', async () => {
    const w = await scheduleWorld();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.compilers,
      room: 'main-hall',
      start: '2026-10-31T11:00',
    });
    await addBlock(w.db, w.organiser, w.event, {
      title: 'Keynote',
      kind: 'block',
      room: 'room-2',
      start: '2026-10-31T09:00',
      end: '10:00',
    });
    await addBlock(w.db, w.organiser, w.event, {
      title: 'Lunch',
      kind: 'break',
      room: '',
      start: '2026-10-31T12:00',
      end: '13:00',
    });
    await expect(deleteRoom(w.db, w.organiser, w.event, w.rooms.hall)).rejects.toThrow(
      '2 talks are placed in Main Hall ("Engines", "Compilers"): move or unschedule them first',
    );
    expect(await roomLines(w)).toEqual(['1 main-hall Main Hall 400 2/0', '2 room-2 Room 2 80 0/1']);
    const deleted = await deleteRoom(w.db, w.organiser, w.event, w.rooms.small);
    expect([deleted.name, deleted.blockCount]).toEqual(['Room 2', 1]);
    expect((await listBlocks(w.db, w.organiser, w.event)).map((b) => b.title)).toEqual(['Lunch']);
    expect(await roomLines(w)).toEqual(['1 main-hall Main Hall 400 2/0']);
  });

  it('renumbers the rooms after a deletion', async () => {
    const w = await scheduleWorld();
    await createRoom(w.db, w.organiser, w.event, { name: 'Room 3', capacity: '', description: '' });
    await deleteRoom(w.db, w.organiser, w.event, w.rooms.hall);
    expect(await roomLines(w)).toEqual(['1 room-2 Room 2 80 0/0', '2 room-3 Room 3 ? 0/0']);
  });

  it('keeps rooms to the event’s organisers', async () => {
    const w = await scheduleWorld();
    await expect(createRoom(w.db, w.reviewer, w.event, { name: 'X', capacity: '', description: '' })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(getRoom(w.db, w.stranger, w.event, w.rooms.hall)).rejects.toThrow(ForbiddenError);
    await expect(getRoom(w.db, w.organiser, w.event, 999_999)).rejects.toThrow('Conf 2026 has no such room.');
    expect(await roomLines(w)).toHaveLength(2);
  });
});
