import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../modules/accounts/index.js';
import {
  createLevel,
  createTrack,
  deleteLevel,
  deleteTrack,
  findEventBySlug,
  getLevel,
  getTrack,
  listLevels,
  listTracks,
  moveLevel,
  moveTrack,
  renameLevel,
  renameTrack,
  updateTrack,
  type EventRecord,
  type TrackInput,
} from '../../../modules/program/index.js';
import type { FormErrors } from '../../views/forms.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import { CategoryPage, TracksPage, type CategoryFormValues } from '../../views/orga/tracks.js';
import { EventParams, type OrgaRoutesOptions } from './index.js';

const ItemParams = Type.Object({
  event: EventParams.properties.event,
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});
const NameBody = Type.Object({ name: Type.String({ maxLength: 200 }) });
/**
 * A track's form: its name, and (sent by the track's own form, whose text area always sends
 * it) its description, colour and visibility. Without `description`, only the name changes.
 */
const TrackBody = Type.Object({
  name: Type.String({ maxLength: 200 }),
  // Longer than MAX_TRACK_DESCRIPTION, so that the module's message (naming the field) refuses a long one.
  description: Type.Optional(Type.String({ maxLength: 100_000 })),
  color: Type.Optional(Type.String({ maxLength: 100 })),
  /** A checkbox: unticked, the track has no colour of its own (an <input type=color> always sends one). */
  ownColor: Type.Optional(Type.String({ maxLength: 10 })),
  isPublic: Type.Optional(Type.String({ maxLength: 10 })),
});
const MoveBody = Type.Object({ direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) });
const CreateBody = Type.Object({
  trackName: Type.Optional(Type.String({ maxLength: 200 })),
  levelName: Type.Optional(Type.String({ maxLength: 200 })),
});
const DeleteBody = Type.Object({ moveTo: Type.Optional(Type.String({ maxLength: 20 })) });

function optionalId(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}

/**
 * /orga/{event}/tracks: the event's tracks and levels on one page; each has its own page
 * (/tracks/{id}, /levels/{id}) to rename or delete it. Up and down buttons reorder them.
 */
const trackRoutes: FastifyPluginAsyncTypebox<OrgaRoutesOptions> = async (app, { db }) => {
  async function showList(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    problem?: { errors: FormErrors; values: { trackName?: string; levelName?: string } },
  ) {
    const tracks = await listTracks(db, request.actor, event);
    const levels = await listLevels(db, request.actor, event);
    sendPage(
      reply,
      TracksPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        tracks,
        levels,
        errors: problem?.errors,
        values: problem?.values,
      }),
      problem ? 400 : 200,
    );
  }

  app.get('/orga/:event/tracks', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showList(request, reply, event);
  });

  for (const kind of ['track', 'level'] as const) {
    const plural = kind === 'track' ? 'tracks' : 'levels';
    const field = kind === 'track' ? 'trackName' : 'levelName';
    const fns =
      kind === 'track'
        ? {
            create: createTrack,
            rename: renameTrack,
            move: moveTrack,
            remove: deleteTrack,
            get: getTrack,
            list: listTracks,
          }
        : {
            create: createLevel,
            rename: renameLevel,
            move: moveLevel,
            remove: deleteLevel,
            get: getLevel,
            list: listLevels,
          };

    async function showItem(
      request: FastifyRequest,
      reply: FastifyReply,
      event: EventRecord,
      id: number,
      problem?: { errors: FormErrors; values: CategoryFormValues },
    ) {
      const item = await fns.get(db, request.actor, event, id);
      const others = (await fns.list(db, request.actor, event)).filter((other) => other.id !== id);
      sendPage(
        reply,
        CategoryPage({
          actor: requireActor(request.actor),
          csrf: reply.generateCsrf(),
          flash: problem ? undefined : takeFlash(request, reply),
          event,
          kind,
          item,
          others,
          errors: problem?.errors,
          values: problem?.values,
        }),
        problem ? 400 : 200,
      );
    }

    app.post(
      `/orga/:event/${plural}`,
      { schema: { params: EventParams, body: CreateBody } },
      async (request, reply) => {
        const event = await findEventBySlug(db, request.params.event);
        const name = request.body[field] ?? '';
        const result = await formAction(() => fns.create(db, request.actor, event, { name }));
        if (!result.ok) {
          // The module names the field "name"; this page has two forms, told apart by their field's name.
          const errors = Object.fromEntries(
            Object.entries(result.errors).map(([key, message]) => [key === 'name' ? field : key, message]),
          );
          await showList(request, reply, event, { errors, values: { [field]: name } });
          return;
        }
        redirectWithFlash(reply, `/orga/${event.slug}/tracks`, `The ${kind} "${result.value.name}" is added.`);
      },
    );

    app.get(`/orga/:event/${plural}/:id`, { schema: { params: ItemParams } }, async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      await showItem(request, reply, event, request.params.id);
    });

    if (kind === 'level') {
      app.post(
        `/orga/:event/${plural}/:id`,
        { schema: { params: ItemParams, body: NameBody } },
        async (request, reply) => {
          const event = await findEventBySlug(db, request.params.event);
          const result = await formAction(() => fns.rename(db, request.actor, event, request.params.id, request.body));
          if (!result.ok) {
            await showItem(request, reply, event, request.params.id, {
              errors: result.errors,
              values: { name: request.body.name },
            });
            return;
          }
          redirectWithFlash(reply, `/orga/${event.slug}/tracks`, `The ${kind} is now named "${result.value.name}".`);
        },
      );
    } else {
      app.post(
        `/orga/:event/${plural}/:id`,
        { schema: { params: ItemParams, body: TrackBody } },
        async (request, reply) => {
          const event = await findEventBySlug(db, request.params.event);
          const { body } = request;
          const result = await formAction(async () => {
            if (body.description === undefined) return renameTrack(db, request.actor, event, request.params.id, body);
            const input: TrackInput = {
              name: body.name,
              description: body.description,
              color: body.ownColor === undefined ? '' : (body.color ?? ''),
              isPublic: body.isPublic !== undefined,
            };
            return updateTrack(db, request.actor, event, request.params.id, input);
          });
          if (!result.ok) {
            await showItem(request, reply, event, request.params.id, {
              errors: result.errors,
              values: {
                name: body.name,
                description: body.description,
                color: body.color,
                ownColor: body.ownColor !== undefined,
                isPublic: body.isPublic !== undefined,
              },
            });
            return;
          }
          redirectWithFlash(reply, `/orga/${event.slug}/tracks`, `The track "${result.value.name}" is saved.`);
        },
      );
    }

    app.post(
      `/orga/:event/${plural}/:id/move`,
      { schema: { params: ItemParams, body: MoveBody } },
      async (request, reply) => {
        const event = await findEventBySlug(db, request.params.event);
        await fns.move(db, request.actor, event, request.params.id, request.body.direction);
        redirectWithFlash(reply, `/orga/${event.slug}/tracks`, `The ${kind} moved ${request.body.direction}.`);
      },
    );

    app.post(
      `/orga/:event/${plural}/:id/delete`,
      { schema: { params: ItemParams, body: DeleteBody } },
      async (request, reply) => {
        const event = await findEventBySlug(db, request.params.event);
        const moveTo = optionalId(request.body.moveTo);
        const result = await formAction(() => fns.remove(db, request.actor, event, request.params.id, { moveTo }));
        if (!result.ok) {
          await showItem(request, reply, event, request.params.id, {
            errors: result.errors,
            values: { moveTo: request.body.moveTo ?? '' },
          });
          return;
        }
        const { deleted, movedTo } = result.value;
        const moved =
          movedTo && deleted.talkCount > 0
            ? ` ${deleted.talkCount === 1 ? 'Its talk or proposal is' : `Its ${deleted.talkCount} talks and proposals are`} now in "${movedTo.name}".`
            : '';
        redirectWithFlash(reply, `/orga/${event.slug}/tracks`, `The ${kind} "${deleted.name}" is deleted.${moved}`);
      },
    );
  }
};

export default trackRoutes;
