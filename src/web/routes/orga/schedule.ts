import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../modules/accounts/index.js';
import { findEventBySlug, type EventRecord } from '../../../modules/program/index.js';
import { whyHere } from '../../../modules/schedule-proposals/index.js';
import {
  addBlock,
  addDay,
  countSlotsByDay,
  createDaysFromEventDates,
  createRoom,
  deleteRoom,
  EDITOR_STEPS,
  formatRange,
  getBlock,
  getDay,
  getRoom,
  listBlocks,
  listDays,
  listRooms,
  loadReleasePreview,
  loadScheduleEditor,
  loadTalkPlacement,
  localValue,
  moveRoom,
  placeTalk,
  releaseSchedule,
  swapTalks,
  removeBlock,
  removeDay,
  unscheduleTalk,
  updateBlock,
  updateDay,
  updateRoom,
  type EditorStep,
  type Placement,
  type ScheduleWarning,
  type SpeakerNotices,
  type Swap,
} from '../../../modules/schedule/index.js';
import type { FormErrors } from '../../views/forms.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import {
  cardId,
  EditorLive,
  editorUrl,
  SchedulePage,
  ScheduleTalkPage,
  type EditorNotice,
  type EditorView,
  type PlaceProblem,
} from '../../views/orga/schedule.js';
import { ReleasePage, type ReleaseFormValues } from '../../views/orga/schedule-release.js';
import {
  BlockPage,
  BlocksPage,
  DayPage,
  DaysPage,
  RoomPage,
  RoomsPage,
  type BlockFormValues,
  type DayFormValues,
  type RoomFormValues,
} from '../../views/orga/schedule-setup.js';
import { EventParams, type OrgaRoutesOptions } from './index.js';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const ItemParams = Type.Object({ event: EventParams.properties.event, id: Id });
const TalkParams = Type.Object({
  event: EventParams.properties.event,
  code: Type.String({ pattern: '^[A-Za-z0-9]{1,20}$' }),
});
const Text = (max: number) => Type.String({ maxLength: max });
/**
 * The editor's view (day or every day, page of rooms, page of talks to place, title filter,
 * minutes per row), kept across its forms. `fragment=editor` asks for the editor's live part
 * alone (what schedule-editor.js swaps in after sending a form with fetch), not a whole page
 * and never a redirect.
 */
const EditorQuery = Type.Object({
  day: Type.Optional(Text(10)),
  days: Type.Optional(Type.Literal('all')),
  rooms: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  q: Type.Optional(Text(200)),
  step: Type.Optional(Type.Integer({ enum: [...EDITOR_STEPS] })),
  fragment: Type.Optional(Type.Literal('editor')),
});
type EditorQueryValue = Static<typeof EditorQuery>;
const PlaceBody = Type.Object({
  talk: Text(20),
  room: Text(120),
  start: Text(40),
  durationMinutes: Type.Optional(Text(20)),
  /** "talk" when sent from the talk's own page: a refusal shows that page again. */
  from: Type.Optional(Type.Union([Type.Literal('talk'), Type.Literal('editor')])),
});
const SwapBody = Type.Object({
  first: Type.String({ pattern: '^[A-Za-z0-9]{1,20}$' }),
  second: Type.String({ pattern: '^[A-Za-z0-9]{1,20}$' }),
  from: Type.Optional(Type.Union([Type.Literal('talk'), Type.Literal('editor')])),
});
const UnscheduleBody = Type.Object({
  talk: Text(20),
  from: Type.Optional(Type.Union([Type.Literal('talk'), Type.Literal('editor')])),
});
const RoomBody = Type.Object({ name: Text(1000), capacity: Text(40), description: Text(20_000) });
const MoveBody = Type.Object({ direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) });
const DayBody = Type.Object({ date: Text(40), start: Text(40), end: Text(40) });
const BlockBody = Type.Object({ title: Text(1000), kind: Text(20), room: Text(120), start: Text(40), end: Text(40) });
// notifySpeakers: a checkbox, so present ("on") when ticked and absent when not.
const ReleaseBody = Type.Object({
  version: Text(1000),
  comment: Text(20_000),
  notifySpeakers: Type.Optional(Type.String({ maxLength: 10 })),
});

/** Minutes typed in a form: empty is none; anything but digits is NaN, for the module to refuse by name. */
function formMinutes(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  return /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}

function viewOf(query: EditorQueryValue): EditorView {
  return {
    day: query.days === 'all' ? undefined : query.day,
    days: query.days,
    rooms: query.rooms,
    page: query.page,
    q: query.q,
    step: query.step,
  };
}

/**
 * What a change says: done, or done "with 1 warning: …" (a warning, not a success), kept short
 * enough for the flash cookie.
 */
function changeNotice(done: string, warnings: ScheduleWarning[]): EditorNotice {
  if (warnings.length === 0) return { kind: 'success', message: `${done}.` };
  const count = warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`;
  const message = `${done}, with ${count}: ${warnings.map((warning) => warning.message).join('; ')}.`;
  return { kind: 'warning', message: message.length > 1500 ? `${message.slice(0, 1490)}…` : message };
}

function placedNotice(placement: Placement, zone: string): EditorNotice {
  const where = `${placement.room.name}, ${formatRange(placement.start, placement.end, zone)}`;
  return changeNotice(
    `“${placement.talk.title}” is ${placement.moved ? 'moved to' : 'placed in'} ${where}`,
    placement.warnings,
  );
}

function swappedNotice(swap: Swap, zone: string): EditorNotice {
  const [a, b] = swap.placements;
  const where = (p: Placement) => `${p.room.name}, ${formatRange(p.start, p.end, zone)}`;
  return changeNotice(
    `“${a.talk.title}” and “${b.talk.title}” are swapped: “${a.talk.title}” is in ${where(a)}, “${b.talk.title}” in ${where(b)}`,
    swap.warnings,
  );
}

/** What the release told speakers, for its flash: nothing when it was not asked to. */
function noticesSentence(notices: SpeakerNotices | undefined): string {
  if (!notices) return '';
  const { mailed, withoutAddress } = notices;
  const noAddress =
    withoutAddress === 1
      ? '1 speaker has no address to write to'
      : `${withoutAddress} speakers have no address to write to`;
  if (mailed === 0) {
    return withoutAddress === 0 ? ' No speaker is mailed: no talk changed.' : ` No speaker is mailed: ${noAddress}.`;
  }
  return ` ${mailed} ${mailed === 1 ? 'speaker is' : 'speakers are'} mailed about their talks${withoutAddress === 0 ? '' : `; ${noAddress}`}.`;
}

/**
 * /orga/{event}/schedule: the schedule editor and what frames it (rooms, days, breaks and
 * blocks), one talk's placement page, and the release page. Every change is a form post.
 */
const scheduleRoutes: FastifyPluginAsyncTypebox<OrgaRoutesOptions> = async (app, { db, publicUrl }) => {
  async function loadEditor(request: FastifyRequest, event: EventRecord, view: EditorView) {
    return loadScheduleEditor(db, request.actor, event, {
      day: view.day,
      allDays: view.days === 'all',
      roomPage: view.rooms,
      unplacedPage: view.page,
      filter: view.q,
      step: view.step as EditorStep | undefined,
    });
  }

  /** The editor's live part alone, for schedule-editor.js: after a change (its notice), or a refusal. */
  async function sendFragment(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    view: EditorView,
    outcome: { notice?: EditorNotice; problem?: PlaceProblem; statusCode?: number } = {},
  ) {
    const editor = await loadEditor(request, event, view);
    reply
      .code(outcome.statusCode ?? 200)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(
        EditorLive({
          event,
          editor,
          view,
          csrf: reply.generateCsrf(),
          problem: outcome.problem,
          notice: outcome.notice,
          live: true,
        }),
      );
  }

  async function showEditor(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    view: EditorView,
    problem?: PlaceProblem,
  ) {
    const editor = await loadEditor(request, event, view);
    sendPage(
      reply,
      SchedulePage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        editor,
        view,
        problem,
      }),
      problem ? 400 : 200,
    );
  }

  async function showTalk(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    code: string,
    problem?: {
      values?: { room: string; start: string; durationMinutes: string };
      errors: FormErrors;
      swapWith?: string;
      statusCode?: number;
    },
  ) {
    const placement = await loadTalkPlacement(db, request.actor, event, code);
    const why = placement.slot ? (await whyHere(db, request.actor, event)).get(placement.talk.id) : undefined;
    sendPage(
      reply,
      ScheduleTalkPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        placement,
        values: problem?.values,
        errors: problem?.errors,
        swapWith: problem?.swapWith,
        why,
      }),
      problem ? (problem.statusCode ?? 400) : 200,
    );
  }

  app.get(
    '/orga/:event/schedule',
    { schema: { params: EventParams, querystring: EditorQuery } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      if (request.query.fragment === 'editor') await sendFragment(request, reply, event, viewOf(request.query));
      else await showEditor(request, reply, event, viewOf(request.query));
    },
  );

  app.post(
    '/orga/:event/schedule/place',
    { schema: { params: EventParams, querystring: EditorQuery, body: PlaceBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const { body } = request;
      const view = viewOf(request.query);
      const result = await formAction(() =>
        placeTalk(db, request.actor, event, {
          talk: body.talk,
          room: body.room,
          start: body.start,
          durationMinutes: formMinutes(body.durationMinutes),
        }),
      );
      if (!result.ok) {
        if (body.from === 'talk') {
          await showTalk(request, reply, event, body.talk, {
            values: { room: body.room, start: body.start, durationMinutes: body.durationMinutes ?? '' },
            errors: result.errors,
          });
          return;
        }
        const placement = await loadTalkPlacement(db, request.actor, event, body.talk).catch(() => undefined);
        const problem: PlaceProblem = {
          code: body.talk.toUpperCase(),
          title: placement?.talk.title ?? body.talk,
          errors: result.errors,
          values: { room: body.room, start: body.start },
        };
        if (request.query.fragment === 'editor')
          await sendFragment(request, reply, event, view, { problem, statusCode: 400 });
        else await showEditor(request, reply, event, view, problem);
        return;
      }
      const notice = placedNotice(result.value, event.timezone);
      if (request.query.fragment === 'editor') {
        // The view stays as it is (the day, the scroll): the talk is placed on a day the page shows.
        await sendFragment(request, reply, event, view, { notice });
        return;
      }
      redirectWithFlash(
        reply,
        editorUrl(
          event.slug,
          { ...view, day: view.days === 'all' ? undefined : result.value.day },
          '',
          cardId(result.value.talk.code),
        ),
        notice.message,
        notice.kind,
      );
    },
  );

  app.post(
    '/orga/:event/schedule/unschedule',
    { schema: { params: EventParams, querystring: EditorQuery, body: UnscheduleBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const view = viewOf(request.query);
      const result = await formAction(() => unscheduleTalk(db, request.actor, event, request.body.talk));
      if (!result.ok) {
        const problem: PlaceProblem = {
          code: request.body.talk.toUpperCase(),
          title: request.body.talk,
          errors: result.errors,
          values: { room: '', start: '' },
        };
        if (request.query.fragment === 'editor')
          await sendFragment(request, reply, event, view, { problem, statusCode: 400 });
        else await showEditor(request, reply, event, view, problem);
        return;
      }
      const message = `“${result.value.title}” is unscheduled: it is among the talks to place again.`;
      if (request.query.fragment === 'editor') {
        await sendFragment(request, reply, event, view, { notice: { kind: 'success', message } });
        return;
      }
      const location =
        request.body.from === 'talk'
          ? `/orga/${event.slug}/schedule/talks/${result.value.code}`
          : editorUrl(event.slug, view);
      redirectWithFlash(reply, location, message);
    },
  );

  app.post(
    '/orga/:event/schedule/swap',
    { schema: { params: EventParams, querystring: EditorQuery, body: SwapBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const { body } = request;
      const view = viewOf(request.query);
      const result = await formAction(() => swapTalks(db, request.actor, event, body));
      if (!result.ok) {
        const statusCode = result.errors._form ? 409 : 400;
        if (request.query.fragment === 'editor') {
          const placement = await loadTalkPlacement(db, request.actor, event, body.first).catch(() => undefined);
          const problem: PlaceProblem = {
            code: body.first.toUpperCase(),
            title: placement?.talk.title ?? body.first,
            errors: result.errors,
            values: { room: '', start: '' },
          };
          await sendFragment(request, reply, event, view, { problem, statusCode });
          return;
        }
        await showTalk(request, reply, event, body.first, {
          errors: result.errors,
          swapWith: body.second,
          statusCode,
        });
        return;
      }
      const notice = swappedNotice(result.value, event.timezone);
      if (request.query.fragment === 'editor') {
        await sendFragment(request, reply, event, view, { notice });
        return;
      }
      const [first] = result.value.placements;
      redirectWithFlash(
        reply,
        editorUrl(
          event.slug,
          { ...view, day: view.days === 'all' ? undefined : first.day },
          '',
          cardId(first.talk.code),
        ),
        notice.message,
        notice.kind,
      );
    },
  );

  app.get('/orga/:event/schedule/talks/:code', { schema: { params: TalkParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showTalk(request, reply, event, request.params.code);
  });

  // --- rooms

  async function showRooms(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    problem?: { values: RoomFormValues; errors: FormErrors },
  ) {
    const rooms = await listRooms(db, request.actor, event);
    sendPage(
      reply,
      RoomsPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        rooms,
        values: problem?.values,
        errors: problem?.errors,
      }),
      problem ? 400 : 200,
    );
  }

  async function showRoom(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    id: number,
    problem?: { values?: RoomFormValues; errors: FormErrors },
  ) {
    const room = await getRoom(db, request.actor, event, id);
    sendPage(
      reply,
      RoomPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        room,
        values: problem?.values,
        errors: problem?.errors,
      }),
      problem ? 400 : 200,
    );
  }

  app.get('/orga/:event/schedule/rooms', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showRooms(request, reply, event);
  });

  app.post(
    '/orga/:event/schedule/rooms',
    { schema: { params: EventParams, body: RoomBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await formAction(() => createRoom(db, request.actor, event, request.body));
      if (!result.ok) {
        await showRooms(request, reply, event, { values: request.body, errors: result.errors });
        return;
      }
      redirectWithFlash(reply, `/orga/${event.slug}/schedule/rooms`, `The room “${result.value.name}” is added.`);
    },
  );

  app.get('/orga/:event/schedule/rooms/:id', { schema: { params: ItemParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showRoom(request, reply, event, request.params.id);
  });

  app.post(
    '/orga/:event/schedule/rooms/:id',
    { schema: { params: ItemParams, body: RoomBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await formAction(() => updateRoom(db, request.actor, event, request.params.id, request.body));
      if (!result.ok) {
        await showRoom(request, reply, event, request.params.id, { values: request.body, errors: result.errors });
        return;
      }
      redirectWithFlash(reply, `/orga/${event.slug}/schedule/rooms`, `The room “${result.value.name}” is saved.`);
    },
  );

  app.post(
    '/orga/:event/schedule/rooms/:id/move',
    { schema: { params: ItemParams, body: MoveBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      await moveRoom(db, request.actor, event, request.params.id, request.body.direction);
      redirectWithFlash(reply, `/orga/${event.slug}/schedule/rooms`, `The room moved ${request.body.direction}.`);
    },
  );

  app.post('/orga/:event/schedule/rooms/:id/delete', { schema: { params: ItemParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const result = await formAction(() => deleteRoom(db, request.actor, event, request.params.id));
    if (!result.ok) {
      await showRoom(request, reply, event, request.params.id, { errors: result.errors });
      return;
    }
    const { name, blockCount } = result.value;
    const blocks =
      blockCount === 0
        ? ''
        : ` Its ${blockCount === 1 ? 'break or block went' : `${blockCount} breaks and blocks went`} with it.`;
    redirectWithFlash(reply, `/orga/${event.slug}/schedule/rooms`, `The room “${name}” is deleted.${blocks}`);
  });

  // --- days

  async function showDays(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    problem?: { values?: DayFormValues; errors: FormErrors },
  ) {
    const days = await listDays(db, request.actor, event);
    sendPage(
      reply,
      DaysPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        days,
        slotCounts: await countSlotsByDay(db, event),
        values: problem?.values,
        errors: problem?.errors,
      }),
      problem ? 400 : 200,
    );
  }

  async function showDay(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    id: number,
    problem?: { values?: DayFormValues; errors: FormErrors },
  ) {
    const day = await getDay(db, request.actor, event, id);
    sendPage(
      reply,
      DayPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        day,
        values: problem?.values,
        errors: problem?.errors,
      }),
      problem ? 400 : 200,
    );
  }

  app.get('/orga/:event/schedule/days', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showDays(request, reply, event);
  });

  app.post('/orga/:event/schedule/days', { schema: { params: EventParams, body: DayBody } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const result = await formAction(() => addDay(db, request.actor, event, request.body));
    if (!result.ok) {
      await showDays(request, reply, event, { values: request.body, errors: result.errors });
      return;
    }
    redirectWithFlash(reply, `/orga/${event.slug}/schedule/days`, `${result.value.label} is added.`);
  });

  app.post('/orga/:event/schedule/days/from-dates', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const result = await formAction(() => createDaysFromEventDates(db, request.actor, event));
    if (!result.ok) {
      await showDays(request, reply, event, { errors: result.errors });
      return;
    }
    const made = result.value;
    redirectWithFlash(
      reply,
      `/orga/${event.slug}/schedule/days`,
      `${made.length === 1 ? 'One day is' : `${made.length} days are`} added: ${made.map((day) => day.label).join(', ')}, 09:00–18:00.`,
    );
  });

  app.get('/orga/:event/schedule/days/:id', { schema: { params: ItemParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showDay(request, reply, event, request.params.id);
  });

  app.post(
    '/orga/:event/schedule/days/:id',
    { schema: { params: ItemParams, body: DayBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await formAction(() => updateDay(db, request.actor, event, request.params.id, request.body));
      if (!result.ok) {
        await showDay(request, reply, event, request.params.id, { values: request.body, errors: result.errors });
        return;
      }
      redirectWithFlash(reply, `/orga/${event.slug}/schedule/days`, `${result.value.label} is saved.`);
    },
  );

  app.post('/orga/:event/schedule/days/:id/delete', { schema: { params: ItemParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const result = await formAction(() => removeDay(db, request.actor, event, request.params.id));
    if (!result.ok) {
      await showDay(request, reply, event, request.params.id, { errors: result.errors });
      return;
    }
    redirectWithFlash(reply, `/orga/${event.slug}/schedule/days`, `${result.value.label} is removed.`);
  });

  // --- breaks and blocks

  async function showBlocks(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    problem?: { values: BlockFormValues; errors: FormErrors },
  ) {
    const blocks = await listBlocks(db, request.actor, event);
    sendPage(
      reply,
      BlocksPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        blocks,
        rooms: await listRooms(db, request.actor, event),
        values: problem?.values,
        errors: problem?.errors,
      }),
      problem ? 400 : 200,
    );
  }

  async function showBlock(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    id: number,
    problem?: { values: BlockFormValues; errors: FormErrors },
  ) {
    const block = await getBlock(db, request.actor, event, id);
    sendPage(
      reply,
      BlockPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        block,
        rooms: await listRooms(db, request.actor, event),
        values: problem?.values ?? {
          title: block.title,
          kind: block.kind,
          room: block.room ? String(block.room.id) : '',
          start: localValue(block.startsAt, event.timezone),
          end: localValue(block.endsAt, event.timezone),
        },
        errors: problem?.errors,
      }),
      problem ? 400 : 200,
    );
  }

  app.get('/orga/:event/schedule/blocks', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showBlocks(request, reply, event);
  });

  app.post(
    '/orga/:event/schedule/blocks',
    { schema: { params: EventParams, body: BlockBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await formAction(() => addBlock(db, request.actor, event, request.body));
      if (!result.ok) {
        await showBlocks(request, reply, event, { values: request.body, errors: result.errors });
        return;
      }
      const block = result.value;
      redirectWithFlash(
        reply,
        `/orga/${event.slug}/schedule/blocks`,
        `The ${block.kind} “${block.title}” is added: ${block.room?.name ?? 'every room'}, ${formatRange(block.startsAt, block.endsAt, event.timezone)}.`,
      );
    },
  );

  app.get('/orga/:event/schedule/blocks/:id', { schema: { params: ItemParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showBlock(request, reply, event, request.params.id);
  });

  app.post(
    '/orga/:event/schedule/blocks/:id',
    { schema: { params: ItemParams, body: BlockBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await formAction(() => updateBlock(db, request.actor, event, request.params.id, request.body));
      if (!result.ok) {
        await showBlock(request, reply, event, request.params.id, { values: request.body, errors: result.errors });
        return;
      }
      redirectWithFlash(
        reply,
        `/orga/${event.slug}/schedule/blocks`,
        `The ${result.value.kind} “${result.value.title}” is saved.`,
      );
    },
  );

  app.post('/orga/:event/schedule/blocks/:id/delete', { schema: { params: ItemParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const removed = await removeBlock(db, request.actor, event, request.params.id);
    redirectWithFlash(
      reply,
      `/orga/${event.slug}/schedule/blocks`,
      `The ${removed.kind} “${removed.title}” is removed.`,
    );
  });

  // --- releases

  async function showRelease(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    problem?: { values: ReleaseFormValues; errors: FormErrors },
  ) {
    const preview = await loadReleasePreview(db, request.actor, event);
    sendPage(
      reply,
      ReleasePage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        preview,
        values: problem?.values,
        errors: problem?.errors,
      }),
      problem ? 400 : 200,
    );
  }

  app.get('/orga/:event/schedule/release', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showRelease(request, reply, event);
  });

  app.post(
    '/orga/:event/schedule/release',
    { schema: { params: EventParams, body: ReleaseBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const notifySpeakers = request.body.notifySpeakers !== undefined;
      const result = await formAction(() =>
        releaseSchedule(db, request.actor, event, {
          version: request.body.version,
          comment: request.body.comment,
          notifySpeakers,
          publicUrl,
        }),
      );
      if (!result.ok) {
        const values = { version: request.body.version, comment: request.body.comment, notifySpeakers };
        await showRelease(request, reply, event, { values, errors: result.errors });
        return;
      }
      const { version, changes, notices } = result.value;
      redirectWithFlash(
        reply,
        `/orga/${event.slug}/schedule/release`,
        `Version ${version} is released, with ${changes.length} ${changes.length === 1 ? 'change' : 'changes'}: public pages and exports show it now.${noticesSentence(notices)}`,
      );
    },
  );
};

export default scheduleRoutes;
