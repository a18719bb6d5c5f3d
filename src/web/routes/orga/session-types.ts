import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../modules/accounts/index.js';
import {
  createSessionType,
  deleteSessionType,
  findEventBySlug,
  getSessionType,
  listSessionTypes,
  moveSessionType,
  sessionTypeFormValues,
  updateSessionType,
  type EventRecord,
  type SessionTypeInput,
} from '../../../modules/program/index.js';
import type { FormErrors } from '../../views/forms.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import { SessionTypePage, SessionTypesPage, type SessionTypeFormValues } from '../../views/orga/session-types.js';
import { EventParams, type OrgaRoutesOptions } from './index.js';

const ItemParams = Type.Object({
  event: EventParams.properties.event,
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});
const SessionTypeBody = Type.Object({
  name: Type.String({ maxLength: 200 }),
  durationMinutes: Type.String({ maxLength: 20 }),
  deadline: Type.Optional(Type.String({ maxLength: 40 })),
  maxSpeakers: Type.Optional(Type.String({ maxLength: 20 })),
  /** A checkbox: present when ticked. */
  isPublic: Type.Optional(Type.String({ maxLength: 10 })),
});
const MoveBody = Type.Object({ direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) });
const DeleteBody = Type.Object({ moveTo: Type.Optional(Type.String({ maxLength: 20 })) });

type SessionTypeBodyValues = Static<typeof SessionTypeBody>;

function toInput(body: SessionTypeBodyValues): SessionTypeInput {
  return {
    name: body.name,
    durationMinutes: body.durationMinutes,
    deadline: body.deadline ?? '',
    maxSpeakers: body.maxSpeakers ?? '',
    isPublic: body.isPublic !== undefined,
  };
}

function optionalId(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}

/**
 * /orga/{event}/session-types: the kinds of session the event takes proposals for (Talk 30 min,
 * Workshop 90 min), each with its own page (/session-types/{id}) to change or delete it. Up and
 * down buttons order them as the proposal form lists them.
 */
const sessionTypeRoutes: FastifyPluginAsyncTypebox<OrgaRoutesOptions> = async (app, { db }) => {
  async function showList(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    problem?: { errors: FormErrors; values: SessionTypeFormValues },
  ) {
    const items = await listSessionTypes(db, request.actor, event);
    sendPage(
      reply,
      SessionTypesPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        items,
        errors: problem?.errors,
        values: problem?.values,
      }),
      problem ? 400 : 200,
    );
  }

  async function showItem(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    id: number,
    problem?: { errors: FormErrors; values: SessionTypeFormValues & { moveTo?: string } },
  ) {
    const item = await getSessionType(db, request.actor, event, id);
    const others = (await listSessionTypes(db, request.actor, event)).filter((other) => other.id !== id);
    sendPage(
      reply,
      SessionTypePage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        item,
        others,
        errors: problem?.errors,
        values: problem?.values ?? sessionTypeFormValues(item, event.timezone),
      }),
      problem ? 400 : 200,
    );
  }

  app.get('/orga/:event/session-types', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showList(request, reply, event);
  });

  app.post(
    '/orga/:event/session-types',
    { schema: { params: EventParams, body: SessionTypeBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const input = toInput(request.body);
      const result = await formAction(() => createSessionType(db, request.actor, event, input));
      if (!result.ok) {
        await showList(request, reply, event, { errors: result.errors, values: input });
        return;
      }
      redirectWithFlash(
        reply,
        `/orga/${event.slug}/session-types`,
        `The session type "${result.value.name}" is added.`,
      );
    },
  );

  app.get('/orga/:event/session-types/:id', { schema: { params: ItemParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showItem(request, reply, event, request.params.id);
  });

  app.post(
    '/orga/:event/session-types/:id',
    { schema: { params: ItemParams, body: SessionTypeBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const input = toInput(request.body);
      const result = await formAction(() => updateSessionType(db, request.actor, event, request.params.id, input));
      if (!result.ok) {
        await showItem(request, reply, event, request.params.id, { errors: result.errors, values: input });
        return;
      }
      redirectWithFlash(
        reply,
        `/orga/${event.slug}/session-types`,
        `The session type "${result.value.name}" is saved.`,
      );
    },
  );

  app.post(
    '/orga/:event/session-types/:id/move',
    { schema: { params: ItemParams, body: MoveBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      await moveSessionType(db, request.actor, event, request.params.id, request.body.direction);
      redirectWithFlash(
        reply,
        `/orga/${event.slug}/session-types`,
        `The session type moved ${request.body.direction}.`,
      );
    },
  );

  app.post(
    '/orga/:event/session-types/:id/delete',
    { schema: { params: ItemParams, body: DeleteBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const moveTo = optionalId(request.body.moveTo);
      const result = await formAction(() => deleteSessionType(db, request.actor, event, request.params.id, { moveTo }));
      if (!result.ok) {
        const item = await getSessionType(db, request.actor, event, request.params.id);
        await showItem(request, reply, event, request.params.id, {
          errors: result.errors,
          values: { ...sessionTypeFormValues(item, event.timezone), moveTo: request.body.moveTo ?? '' },
        });
        return;
      }
      const { deleted, movedTo } = result.value;
      const moved =
        movedTo && deleted.talkCount > 0
          ? ` ${deleted.talkCount === 1 ? 'Its talk or proposal is' : `Its ${deleted.talkCount} talks and proposals are`} now of the type "${movedTo.name}".`
          : '';
      redirectWithFlash(
        reply,
        `/orga/${event.slug}/session-types`,
        `The session type "${deleted.name}" is deleted.${moved}`,
      );
    },
  );
};

export default sessionTypeRoutes;
