import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.js';
import { eventMembers, events, levels, users } from '../../src/db/schema.js';
import { setPasswordWithToken } from '../../src/modules/accounts/index.js';
import {
  freshCliDatabase,
  runLectern as lectern,
  sharedCliDatabase,
  spawnLectern,
  type CliDatabase,
} from '../helpers/cli.js';

/**
 * `lectern create-event` and `create-organiser`: the first test as on a new installation, the binary
 * run as a process on an empty database, which it migrates on first use; the others in this process
 * on the worker's test database (see test/helpers/cli.ts).
 */

const freshDatabase = () => sharedCliDatabase();

/** create-organiser on the new installation's database, then the printed link used, then run again. */
async function createOrganiserInProcess(migrated: CliDatabase & { handle: DatabaseHandle }): Promise<void> {
  const organiser = await lectern(migrated, ['create-organiser', '--email', 'Ada@Example.org', '--event', 'conf-2027']);
  expect(organiser.code).toBe(0);
  expect(organiser.stderr).toBe('');
  const match = /^ {2}https:\/\/cfp\.example\.org\/password\/set\/([A-Za-z0-9_-]+)$/m.exec(organiser.stdout);
  expect(match).not.toBeNull();
  expect(organiser.stdout).toBe(
    'ada@example.org is an organiser of conf-2027 (a new account).\n' +
      'Open this one-time link within 7 days to set the password (keep it private: whoever has it can take the account):\n' +
      `  https://cfp.example.org/password/set/${match![1]}\n` +
      'Then the back office is at https://cfp.example.org/orga/conf-2027\n',
  );

  {
    const { db } = migrated.handle;
    const [event] = await db.select().from(events).where(eq(events.slug, 'conf-2027'));
    expect(event).toMatchObject({ name: 'Conf 2027', timezone: 'Europe/Berlin', published: false });
    expect(
      (await db.select({ name: levels.name }).from(levels).where(eq(levels.eventId, event!.id)))
        .map((l) => l.name)
        .sort(),
    ).toEqual(['Advanced', 'Beginner', 'Intermediate']);
    const [member] = await db
      .select({ role: eventMembers.role, email: users.email })
      .from(eventMembers)
      .innerJoin(users, eq(users.id, eventMembers.userId))
      .where(eq(eventMembers.eventId, event!.id));
    expect(member).toEqual({ role: 'organiser', email: 'ada@example.org' });
    // The printed link really sets the password.
    await setPasswordWithToken(db, match![1]!, 'set-password', 'a perfectly long password');
  }

  const again = await lectern(migrated, ['create-organiser', '--email', 'ada@example.org', '--event', 'conf-2027']);
  expect(again).toEqual({
    code: 0,
    stdout:
      'ada@example.org is an organiser of conf-2027.\n' +
      'The account already has a password: log in at https://cfp.example.org/login\n' +
      'The back office is at https://cfp.example.org/orga/conf-2027\n',
    stderr: '',
  });
}

describe('lectern create-event and create-organiser', () => {
  it(
    'creates an unpublished event and its first organiser, who sets a password from the printed link',
    { timeout: 180_000 },
    async () => {
      const database = await freshCliDatabase('cli');
      const created = await spawnLectern(database, [
        'create-event',
        'conf-2027',
        '--name',
        'Conf  2027',
        '--timezone',
        'Europe/Berlin',
      ]);
      expect(created).toEqual({
        code: 0,
        stdout:
          'Created the event "Conf 2027" (conf-2027), time zone Europe/Berlin. It is not published yet.\n' +
          'Next, give it an organiser: npx lectern create-organiser --email YOU@EXAMPLE.ORG --event conf-2027\n',
        stderr: '',
      });

      // The rest in this process, on the database the binary created, opened once.
      const opened = await database.open();
      try {
        await createOrganiserInProcess({ ...database, handle: { ...opened, close: async () => {} } });
      } finally {
        await opened.close();
      }
    },
  );
  it(
    'refuses bad values with exit code 1 and a message naming the argument, writing nothing',
    { timeout: 180_000 },
    async () => {
      const database = await freshDatabase();
      expect(await lectern(database, ['create-event', 'conf-2027', '--name', 'Conf 2027'])).toMatchObject({ code: 0 });
      const cases: [string[], string][] = [
        [['create-event', 'conf-2027', '--name', 'Again'], 'lectern: SLUG: there is already an event "conf-2027"\n'],
        [
          ['create-event', 'orga', '--name', 'Orga'],
          'lectern: SLUG: "orga" is reserved by Lectern; choose another slug\n',
        ],
        [
          ['create-event', 'api', '--name', 'API'],
          'lectern: SLUG: "api" is reserved by Lectern; choose another slug\n',
        ],
        [
          ['create-event', 'Conf 2028', '--name', 'Conf 2028'],
          'lectern: SLUG: "Conf 2028" is not a valid slug: use 1 to 60 lowercase letters, digits and single hyphens, like "pybay-2016"\n',
        ],
        [
          ['create-event', 'conf-2028', '--name', 'Conf 2028', '--timezone', 'Berlin'],
          'lectern: --timezone: "Berlin" is not a time zone; use an IANA name such as "America/Los_Angeles" or "Europe/Berlin"\n',
        ],
        [['create-event', 'conf-2028', '--name', ' '], 'lectern: --name: the event name must not be empty\n'],
        [['create-organiser', '--email', 'ada@example.org', '--event', 'nope'], 'lectern: There is no event "nope".\n'],
        [
          ['create-organiser', '--email', 'ada', '--event', 'conf-2027'],
          'lectern: --email: "ada" is not an email address\n',
        ],
      ];
      for (const [args, stderr] of cases) {
        expect(await lectern(database, args), args.join(' ')).toEqual({ code: 1, stdout: '', stderr });
      }
      const handle = await database.open();
      try {
        expect((await handle.db.select({ slug: events.slug }).from(events)).map((e) => e.slug)).toEqual(['conf-2027']);
        expect(await handle.db.$count(users)).toBe(0);
      } finally {
        await handle.close();
      }
    },
  );

  it('answers usage mistakes with exit code 2 and the usage', { timeout: 120_000 }, async () => {
    const database = await freshDatabase();
    const cases: [string[], string][] = [
      [['create-event', '--name', 'X'], 'lectern: create-event needs exactly one SLUG\n'],
      [['create-event', 'x'], 'lectern: create-event needs --name NAME\n'],
      [['create-event', 'x', '--name', 'X', '--colour', 'red'], "lectern: Unknown option '--colour'"],
      [['create-organiser', '--event', 'x'], 'lectern: create-organiser needs --email EMAIL\n'],
      [['create-organiser', '--email', 'a@b.org'], 'lectern: create-organiser needs --event SLUG\n'],
      [
        ['create-organiser', 'a@b.org', '--email', 'a@b.org', '--event', 'x'],
        'lectern: create-organiser takes no arguments besides its options, got "a@b.org"\n',
      ],
    ];
    for (const [args, start] of cases) {
      const run = await lectern(database, args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.startsWith(start), run.stderr).toBe(true);
      expect(run.stderr).toContain('create-organiser --email EMAIL --event SLUG');
    }
  });
});
