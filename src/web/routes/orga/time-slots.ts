import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../modules/accounts/index.js';
import { findEventBySlug, type EventRecord } from '../../../modules/program/index.js';
import {
  copyDayTimeSlots,
  formatSlotTemplate,
  generateSlotTemplate,
  getDay,
  getRoom,
  listSlotTemplates,
  parseSlotTemplate,
  setDayTimeSlots,
  setRoomClosures,
  type SlotGeneratorInput,
} from '../../../modules/schedule/index.js';
import type { FormErrors } from '../../views/forms.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import { dayFieldId, RoomClosuresPage, TimeSlotsPage, type DayDraft } from '../../views/orga/time-slots.js';
import { EventParams, type OrgaRoutesOptions } from './index.js';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const ItemParams = Type.Object({ event: EventParams.properties.event, id: Id });
const Text = (max: number) => Type.String({ maxLength: max });
/** Ids ticked in a form: checkboxes, so one value or many. */
const Ids = Type.Optional(Type.Array(Text(20), { maxItems: 2000 }));
const TemplateBody = Type.Object({ slots: Text(20_000) });
const GeneratorBody = Type.Object({ from: Text(20), to: Text(20), minutes: Text(20), gap: Text(20) });
/** The generator's answer, as the page's address: the day whose text it fills in, and what was asked. */
const PageQuery = Type.Object({
  day: Type.Optional(Id),
  from: Type.Optional(Text(20)),
  to: Type.Optional(Text(20)),
  minutes: Type.Optional(Text(20)),
  gap: Type.Optional(Text(20)),
});

/** Ids typed in a form: anything but digits is NaN, for the module to refuse by name. */
function formIds(values: string[] | undefined): number[] {
  return (values ?? []).map((value) => (/^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN));
}

/** A module's field ("slots", "to", "from"…) as the page's field id for the day's form. */
function dayErrors(errors: FormErrors, dayId: number, rename: Record<string, string> = {}): FormErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) =>
      field === '_form' ? [field, message] : [dayFieldId(rename[field] ?? field, dayId), message],
    ),
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * /orga/{event}/schedule/time-slots: each day's slot template (time slots and named breaks) as
 * text, a generator that fills one in, and copying a day's to others; and
 * /orga/{event}/schedule/rooms/{id}/closures: the time slots a room cannot be used in.
 */
const timeSlotRoutes: FastifyPluginAsyncTypebox<OrgaRoutesOptions> = async (app, { db }) => {
  async function showPage(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    draft?: DayDraft,
    errors?: FormErrors,
  ) {
    const days = await listSlotTemplates(db, request.actor, event);
    sendPage(
      reply,
      TimeSlotsPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: errors ? undefined : takeFlash(request, reply),
        event,
        days,
        draft,
        errors,
      }),
      errors ? 400 : 200,
    );
  }

  app.get(
    '/orga/:event/schedule/time-slots',
    { schema: { params: EventParams, querystring: PageQuery } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const { day, ...asked } = request.query;
      if (day === undefined || asked.from === undefined) {
        await showPage(request, reply, event);
        return;
      }
      const generator: SlotGeneratorInput = {
        from: asked.from,
        to: asked.to ?? '',
        minutes: asked.minutes ?? '',
        gap: asked.gap ?? '0',
      };
      const result = await formAction(async () => formatSlotTemplate(generateSlotTemplate(generator)));
      if (!result.ok) {
        await showPage(request, reply, event, { dayId: day, generator }, dayErrors(result.errors, day));
        return;
      }
      await showPage(request, reply, event, { dayId: day, generator, slots: result.value });
    },
  );

  app.post(
    '/orga/:event/schedule/time-slots/:id',
    { schema: { params: ItemParams, body: TemplateBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const dayId = request.params.id;
      const result = await formAction(async () => {
        const day = await getDay(db, request.actor, event, dayId);
        const lines = parseSlotTemplate(request.body.slots);
        const slots = await setDayTimeSlots(db, request.actor, event, dayId, lines);
        return { day, slots: slots.length, breaks: lines.length - slots.length };
      });
      if (!result.ok) {
        await showPage(request, reply, event, { dayId, slots: request.body.slots }, dayErrors(result.errors, dayId));
        return;
      }
      const { day, slots, breaks } = result.value;
      const named = breaks === 0 ? '' : ` and ${plural(breaks, 'named break', 'named breaks')}`;
      redirectWithFlash(
        reply,
        `/orga/${event.slug}/schedule/time-slots#day-${dayId}`,
        `${day.label} has ${plural(slots, 'time slot', 'time slots')}${named}.`,
      );
    },
  );

  app.post(
    '/orga/:event/schedule/time-slots/:id/generate',
    { schema: { params: ItemParams, body: GeneratorBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const dayId = request.params.id;
      // The organiser check and the day's existence, before anything is worked out for them.
      await getDay(db, request.actor, event, dayId);
      const { from, to, minutes, gap } = request.body;
      const generator = { from, to, minutes, gap };
      const result = await formAction(async () => generateSlotTemplate(generator));
      if (!result.ok) {
        await showPage(request, reply, event, { dayId, generator }, dayErrors(result.errors, dayId));
        return;
      }
      const query = new URLSearchParams({ day: String(dayId), ...generator });
      reply.redirect(`/orga/${event.slug}/schedule/time-slots?${query.toString()}#${dayFieldId('slots', dayId)}`, 303);
    },
  );

  app.post(
    '/orga/:event/schedule/time-slots/:id/copy',
    { schema: { params: ItemParams, body: Type.Object({ to: Ids }) } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const dayId = request.params.id;
      const to = formIds(request.body.to);
      const result = await formAction(async () => {
        const day = await getDay(db, request.actor, event, dayId);
        await copyDayTimeSlots(db, request.actor, event, dayId, to);
        return day;
      });
      if (!result.ok) {
        const errors = dayErrors(result.errors, dayId, { to: 'copy', from: 'copy' });
        await showPage(request, reply, event, { dayId, copyTo: to }, errors);
        return;
      }
      const copied = new Set(to.filter((id) => id !== dayId)).size;
      redirectWithFlash(
        reply,
        `/orga/${event.slug}/schedule/time-slots`,
        `${result.value.label}'s time slots are copied to ${plural(copied, 'day', 'days')}.`,
      );
    },
  );

  // --- a room's closures

  async function showClosures(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    roomId: number,
    problem?: { closed: number[]; errors: FormErrors },
  ) {
    const room = await getRoom(db, request.actor, event, roomId);
    const days = await listSlotTemplates(db, request.actor, event);
    sendPage(
      reply,
      RoomClosuresPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        room,
        days,
        closed: problem?.closed,
        errors: problem?.errors,
      }),
      problem ? 400 : 200,
    );
  }

  app.get('/orga/:event/schedule/rooms/:id/closures', { schema: { params: ItemParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showClosures(request, reply, event, request.params.id);
  });

  app.post(
    '/orga/:event/schedule/rooms/:id/closures',
    { schema: { params: ItemParams, body: Type.Object({ closed: Ids }) } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const roomId = request.params.id;
      const closed = formIds(request.body.closed);
      const result = await formAction(() => setRoomClosures(db, request.actor, event, roomId, closed));
      if (!result.ok) {
        await showClosures(request, reply, event, roomId, { closed, errors: result.errors });
        return;
      }
      const room = await getRoom(db, request.actor, event, roomId);
      redirectWithFlash(
        reply,
        `/orga/${event.slug}/schedule/rooms/${roomId}/closures`,
        `${room.name} is closed in ${plural(new Set(closed).size, 'time slot', 'time slots')}.`,
      );
    },
  );
};

export default timeSlotRoutes;
