import { randomInt } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { accessCodes, sessionTypes, tracks } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { absolute } from '../../shared/links.js';
import { formatInZone, parseLocalDateTime, toLocalInputValue } from '../../shared/time.js';
import { normaliseEmail, requireOrganiser, type Actor } from '../accounts/index.js';
import { enqueueMail } from '../mail/index.js';
import type { EventRecord } from '../program/index.js';

/**
 * Access codes (pretalx's): secrets organisers hand to chosen speakers. A speaker brings one to
 * the CFP (`/{event}/cfp?access_code=CODE`, or typed on the CFP page); with it they may submit
 * after the CFP's deadline and a session type's own, and the proposal form also offers the
 * code's hidden session type and hidden track. A code may be valid until a time and for a
 * number of proposals; each proposal made with it is one use, counted in the proposal's own
 * transaction (the code's row locked), so two speakers cannot both take a code's last use.
 */

/** Letters and digits nobody confuses when reading a code aloud (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 16 of 31 symbols: about 79 bits, not to be guessed. */
const DRAWN_CODE_LENGTH = 16;
const TYPED_CODE = /^[A-Za-z0-9_-]{6,64}$/;
export const MAX_ACCESS_CODE_USES = 10_000;
export const ACCESS_CODE_FIELD = 'accessCode';

export function drawAccessCode(): string {
  let code = '';
  for (let i = 0; i < DRAWN_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

export interface AccessCodeItem {
  id: number;
  code: string;
  validUntil: Date | null;
  maxUses: number | null;
  uses: number;
  sessionType: { id: number; name: string } | undefined;
  track: { id: number; name: string } | undefined;
  createdAt: Date;
}

/** An access code's form as typed: empty strings for "no limit" and "nothing unlocked". */
export interface AccessCodeInput {
  /** Empty: Lectern draws one. */
  code: string;
  /** datetime-local, in the event's zone. */
  validUntil: string;
  maxUses: string;
  /** A session type's id, or empty. */
  sessionTypeId: string;
  /** A track's id, or empty. */
  trackId: string;
}

/** What a valid code grants a speaker on the proposal form. */
export interface AccessCodeGrant {
  id: number;
  code: string;
  /** A session type offered even when hidden; null: none. */
  sessionTypeId: number | null;
  /** A track offered even when hidden; null: none. */
  trackId: number | null;
}

type AccessCodeEvent = Pick<EventRecord, 'id' | 'name' | 'timezone'>;

function optionalId(value: string, field: string): number | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (!/^\d{1,9}$/.test(trimmed)) throw new InvalidInputError('choose one from the list', field);
  return Number(trimmed);
}

async function selectCodes(db: Database, eventId: number, id?: number): Promise<AccessCodeItem[]> {
  const rows = await db
    .select({
      id: accessCodes.id,
      code: accessCodes.code,
      validUntil: accessCodes.validUntil,
      maxUses: accessCodes.maxUses,
      uses: accessCodes.uses,
      createdAt: accessCodes.createdAt,
      sessionTypeId: sessionTypes.id,
      sessionTypeName: sessionTypes.name,
      trackId: tracks.id,
      trackName: tracks.name,
    })
    .from(accessCodes)
    .leftJoin(sessionTypes, eq(sessionTypes.id, accessCodes.sessionTypeId))
    .leftJoin(tracks, eq(tracks.id, accessCodes.trackId))
    .where(and(eq(accessCodes.eventId, eventId), id === undefined ? undefined : eq(accessCodes.id, id)))
    .orderBy(desc(accessCodes.createdAt), desc(accessCodes.id));
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    validUntil: row.validUntil,
    maxUses: row.maxUses,
    uses: row.uses,
    createdAt: row.createdAt,
    sessionType: row.sessionTypeId === null ? undefined : { id: row.sessionTypeId, name: row.sessionTypeName ?? '' },
    track: row.trackId === null ? undefined : { id: row.trackId, name: row.trackName ?? '' },
  }));
}

/** The event's access codes, newest first, for its organisers. */
export async function listAccessCodes(
  db: Database,
  actor: Actor | undefined,
  event: AccessCodeEvent,
): Promise<AccessCodeItem[]> {
  requireOrganiser(actor, event);
  return selectCodes(db, event.id);
}

export async function getAccessCode(
  db: Database,
  actor: Actor | undefined,
  event: AccessCodeEvent,
  id: number,
): Promise<AccessCodeItem> {
  requireOrganiser(actor, event);
  const [found] = await selectCodes(db, event.id, id);
  if (!found) throw new NotFoundError(`${event.name} has no such access code.`);
  return found;
}

/** A new access code; every problem names its field. */
export async function createAccessCode(
  db: Database,
  actor: Actor | undefined,
  event: AccessCodeEvent,
  input: AccessCodeInput,
): Promise<AccessCodeItem> {
  requireOrganiser(actor, event);
  const typed = input.code.trim();
  if (typed !== '' && !TYPED_CODE.test(typed)) {
    throw new InvalidInputError('use 6 to 64 letters, digits, - or _ (or leave it empty for a random code)', 'code');
  }
  const validUntil = parseLocalDateTime(input.validUntil, event.timezone, 'validUntil');
  const maxUsesText = input.maxUses.trim();
  let maxUses: number | null = null;
  if (maxUsesText !== '') {
    if (!/^\d{1,6}$/.test(maxUsesText) || Number(maxUsesText) < 1 || Number(maxUsesText) > MAX_ACCESS_CODE_USES)
      throw new InvalidInputError(`must be a whole number from 1 to ${MAX_ACCESS_CODE_USES}, or empty`, 'maxUses');
    maxUses = Number(maxUsesText);
  }
  const sessionTypeId = optionalId(input.sessionTypeId, 'sessionTypeId');
  const trackId = optionalId(input.trackId, 'trackId');
  const id = await db.transaction(async (tx) => {
    if (sessionTypeId !== null) {
      const [type] = await tx
        .select({ id: sessionTypes.id })
        .from(sessionTypes)
        .where(and(eq(sessionTypes.id, sessionTypeId), eq(sessionTypes.eventId, event.id)));
      if (!type) throw new InvalidInputError(`${event.name} has no such session type`, 'sessionTypeId');
    }
    if (trackId !== null) {
      const [track] = await tx
        .select({ id: tracks.id })
        .from(tracks)
        .where(and(eq(tracks.id, trackId), eq(tracks.eventId, event.id)));
      if (!track) throw new InvalidInputError(`${event.name} has no such track`, 'trackId');
    }
    const code = typed === '' ? drawAccessCode() : typed;
    const [clash] = await tx
      .select({ id: accessCodes.id })
      .from(accessCodes)
      .where(and(eq(accessCodes.eventId, event.id), sql`lower(${accessCodes.code}) = lower(${code})`));
    if (clash) throw new InvalidInputError(`${event.name} already has the access code ${code}`, 'code');
    const [created] = await tx
      .insert(accessCodes)
      .values({ eventId: event.id, code, validUntil, maxUses, sessionTypeId, trackId })
      .returning({ id: accessCodes.id });
    return created!.id;
  });
  const [item] = await selectCodes(db, event.id, id);
  return item!;
}

/** Deletes a code; proposals made with it keep what it gave them, and its link stops working. */
export async function deleteAccessCode(
  db: Database,
  actor: Actor | undefined,
  event: AccessCodeEvent,
  id: number,
): Promise<AccessCodeItem> {
  const item = await getAccessCode(db, actor, event, id);
  await db.delete(accessCodes).where(and(eq(accessCodes.id, id), eq(accessCodes.eventId, event.id)));
  return item;
}

/** The CFP page's address that brings the code along. */
export function accessCodeUrl(publicUrl: string, event: Pick<EventRecord, 'slug'>, code: string): string {
  return absolute(publicUrl, `/${event.slug}/cfp?access_code=${encodeURIComponent(code)}`);
}

/** The invitation's subject and text as the send form first shows them. */
export function accessCodeMail(
  event: Pick<EventRecord, 'slug' | 'name' | 'timezone'>,
  item: Pick<AccessCodeItem, 'code' | 'validUntil'>,
  publicUrl: string,
): { subject: string; body: string } {
  const until = item.validUntil ? ` It is valid until ${formatInZone(item.validUntil, event.timezone)}.` : '';
  return {
    subject: `[${event.name}] Your access code for the call for proposals`,
    body: `Hello,

We would like to invite you to propose a session to ${event.name}. With this access code you can
submit a proposal even where the call for proposals would not let you:

${accessCodeUrl(publicUrl, event, item.code)}

(or type the code ${item.code} on the call for proposals page).${until}

The ${event.name} organisers`,
  };
}

/** Mails a code to an address: queued for delivery at once, like a co-speaker invitation. */
export async function sendAccessCode(
  db: Database,
  actor: Actor | undefined,
  event: AccessCodeEvent & Pick<EventRecord, 'slug'>,
  id: number,
  input: { to: string; subject: string; body: string },
): Promise<{ to: string }> {
  const item = await getAccessCode(db, actor, event, id);
  const to = normaliseEmail(input.to, 'to');
  const subject = input.subject.trim().replace(/\s+/g, ' ');
  if (subject === '') throw new InvalidInputError('must not be empty', 'subject');
  if (subject.length > 200) throw new InvalidInputError('must be at most 200 characters', 'subject');
  const body = input.body.replace(/\r\n?/g, '\n').trimEnd();
  if (body.trim() === '') throw new InvalidInputError('must not be empty', 'body');
  if (body.length > 20_000) throw new InvalidInputError('must be at most 20000 characters', 'body');
  if (!body.includes(item.code))
    throw new InvalidInputError(`must contain the code ${item.code}: without it the mail gives nothing`, 'body');
  await db.transaction(async (tx) => {
    await enqueueMail(tx, { eventId: event.id, to, subject, body });
  });
  return { to };
}

/** Why a code cannot be used now, in words for the speaker; undefined when it can. */
function codeProblem(row: typeof accessCodes.$inferSelect, event: AccessCodeEvent, now: Date, counted: boolean) {
  if (row.validUntil && now >= row.validUntil) {
    return `the access code ${row.code} expired on ${formatInZone(row.validUntil, event.timezone)}`;
  }
  if (counted && row.maxUses !== null && row.uses >= row.maxUses) {
    return `the access code ${row.code} has been used ${row.uses} time${row.uses === 1 ? '' : 's'}, as often as it may`;
  }
  return undefined;
}

async function findCodeRow(db: Database, event: AccessCodeEvent, raw: string, lock: boolean) {
  const code = raw.trim();
  if (code === '' || code.length > 64) return undefined;
  const query = db
    .select()
    .from(accessCodes)
    .where(and(eq(accessCodes.eventId, event.id), sql`lower(${accessCodes.code}) = lower(${code})`));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

function unknownCode(event: AccessCodeEvent): InvalidInputError {
  return new InvalidInputError(
    `${event.name} has no such access code: check it against the mail you got`,
    ACCESS_CODE_FIELD,
  );
}

function grantOf(row: typeof accessCodes.$inferSelect): AccessCodeGrant {
  return { id: row.id, code: row.code, sessionTypeId: row.sessionTypeId, trackId: row.trackId };
}

/**
 * What a code would grant, without using it (the CFP page and the empty proposal form); an
 * unknown, expired or used-up code is refused under the field `accessCode`.
 */
export async function peekAccessCode(
  db: Database,
  event: AccessCodeEvent,
  raw: string,
  now = new Date(),
): Promise<AccessCodeGrant> {
  const row = await findCodeRow(db, event, raw, false);
  if (!row) throw unknownCode(event);
  const problem = codeProblem(row, event, now, true);
  if (problem) throw new InvalidInputError(problem, ACCESS_CODE_FIELD);
  return grantOf(row);
}

/**
 * Uses a code for a proposal, inside the proposal's transaction: the code's row is locked, and
 * its uses go up by one unless the proposal already counted (`alreadyCountedBy`: the code the
 * proposal was made with). Refused like peekAccessCode.
 */
export async function redeemAccessCode(
  tx: Database,
  event: AccessCodeEvent,
  raw: string,
  now: Date,
  alreadyCountedBy: number | null = null,
): Promise<AccessCodeGrant> {
  const row = await findCodeRow(tx, event, raw, true);
  if (!row) throw unknownCode(event);
  const counted = row.id !== alreadyCountedBy;
  const problem = codeProblem(row, event, now, counted);
  if (problem) throw new InvalidInputError(problem, ACCESS_CODE_FIELD);
  if (counted) {
    await tx
      .update(accessCodes)
      .set({ uses: sql`${accessCodes.uses} + 1` })
      .where(eq(accessCodes.id, row.id));
  }
  return grantOf(row);
}

/** The grant of the code a proposal was made with, while the code lasts; undefined otherwise. */
export async function grantOfProposal(
  db: Database,
  event: AccessCodeEvent,
  accessCodeId: number | null,
  now: Date,
): Promise<AccessCodeGrant | undefined> {
  if (accessCodeId === null) return undefined;
  const [row] = await db
    .select()
    .from(accessCodes)
    .where(and(eq(accessCodes.id, accessCodeId), eq(accessCodes.eventId, event.id)));
  if (!row || codeProblem(row, event, now, false)) return undefined;
  return grantOf(row);
}

/** The form's values for an existing code (for showing it again). */
export function accessCodeFormValues(item: AccessCodeItem, timezone: string): AccessCodeInput {
  return {
    code: item.code,
    validUntil: toLocalInputValue(item.validUntil, timezone),
    maxUses: item.maxUses === null ? '' : String(item.maxUses),
    sessionTypeId: item.sessionType ? String(item.sessionType.id) : '',
    trackId: item.track ? String(item.track.id) : '',
  };
}
