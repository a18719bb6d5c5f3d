import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireOrganiser } from '../../../modules/accounts/index.js';
import {
  accessCodeMail,
  accessCodeUrl,
  createAccessCode,
  deleteAccessCode,
  getAccessCode,
  listAccessCodes,
  sendAccessCode,
} from '../../../modules/cfp/index.js';
import { findEventBySlug, loadSessionTypes, listTracks, type EventRecord } from '../../../modules/program/index.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import type { FormErrors } from '../../views/forms.js';
import {
  AccessCodePage,
  AccessCodesPage,
  type AccessCodeFormValues,
  type AccessCodeMailValues,
} from '../../views/orga/access-codes.js';
import { EventParams, type OrgaRoutesOptions } from './index.js';

const CodeParams = Type.Object({
  event: EventParams.properties.event,
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});
const Csrf = Type.Optional(Type.String());
const CreateBody = Type.Object({
  _csrf: Csrf,
  // Longer than the module's limits, so that its message (naming the field) refuses what is too long.
  code: Type.Optional(Type.String({ maxLength: 200 })),
  validUntil: Type.Optional(Type.String({ maxLength: 100 })),
  maxUses: Type.Optional(Type.String({ maxLength: 20 })),
  sessionTypeId: Type.Optional(Type.String({ maxLength: 20 })),
  trackId: Type.Optional(Type.String({ maxLength: 20 })),
});
const SendBody = Type.Object({
  _csrf: Csrf,
  to: Type.String({ maxLength: 1_000 }),
  subject: Type.String({ maxLength: 1_000 }),
  body: Type.String({ maxLength: 100_000 }),
});
const ActionBody = Type.Object({ _csrf: Csrf });

function codeInput(body: Static<typeof CreateBody>): AccessCodeFormValues {
  return {
    code: body.code ?? '',
    validUntil: body.validUntil ?? '',
    maxUses: body.maxUses ?? '',
    sessionTypeId: body.sessionTypeId ?? '',
    trackId: body.trackId ?? '',
  };
}

/**
 * /orga/{event}/cfp/access-codes: the event's access codes (list, create, delete), and each
 * code's page, which mails it to an address.
 */
const accessCodeRoutes: FastifyPluginAsyncTypebox<OrgaRoutesOptions> = async (app, { db, publicUrl }) => {
  const base = (event: EventRecord) => `/orga/${event.slug}/cfp/access-codes`;

  async function showList(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    problem?: { errors: FormErrors; values: AccessCodeFormValues },
  ) {
    const codes = await listAccessCodes(db, request.actor, event);
    const actor = requireOrganiser(request.actor, event);
    const [sessionTypes, tracks] = await Promise.all([loadSessionTypes(db, event.id), listTracks(db, actor, event)]);
    sendPage(
      reply,
      AccessCodesPage({
        actor,
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        codes,
        sessionTypes,
        tracks,
        linkOf: (code) => accessCodeUrl(publicUrl, event, code),
        errors: problem?.errors,
        values: problem?.values,
      }),
      problem ? 400 : 200,
    );
  }

  async function showCode(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    id: number,
    problem?: { errors: FormErrors; values: AccessCodeMailValues },
  ) {
    const item = await getAccessCode(db, request.actor, event, id);
    sendPage(
      reply,
      AccessCodePage({
        actor: requireOrganiser(request.actor, event),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        item,
        link: accessCodeUrl(publicUrl, event, item.code),
        mail: problem?.values ?? { to: '', ...accessCodeMail(event, item, publicUrl) },
        errors: problem?.errors,
      }),
      problem ? 400 : 200,
    );
  }

  app.get('/orga/:event/cfp/access-codes', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showList(request, reply, event);
  });

  app.post(
    '/orga/:event/cfp/access-codes',
    { schema: { params: EventParams, body: CreateBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const values = codeInput(request.body);
      const result = await formAction(() => createAccessCode(db, request.actor, event, values));
      if (!result.ok) {
        await showList(request, reply, event, { errors: result.errors, values });
        return;
      }
      redirectWithFlash(reply, `${base(event)}/${result.value.id}`, `The access code ${result.value.code} is made.`);
    },
  );

  app.get('/orga/:event/cfp/access-codes/:id', { schema: { params: CodeParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showCode(request, reply, event, request.params.id);
  });

  app.post(
    '/orga/:event/cfp/access-codes/:id/send',
    { schema: { params: CodeParams, body: SendBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const { to, subject, body } = request.body;
      const result = await formAction(() =>
        sendAccessCode(db, request.actor, event, request.params.id, { to, subject, body }),
      );
      if (!result.ok) {
        await showCode(request, reply, event, request.params.id, {
          errors: result.errors,
          values: { to, subject, body },
        });
        return;
      }
      redirectWithFlash(
        reply,
        `${base(event)}/${request.params.id}`,
        `The access code is on its way to ${result.value.to} (see the outbox).`,
      );
    },
  );

  app.post(
    '/orga/:event/cfp/access-codes/:id/delete',
    { schema: { params: CodeParams, body: ActionBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const deleted = await deleteAccessCode(db, request.actor, event, request.params.id);
      redirectWithFlash(reply, base(event), `The access code ${deleted.code} is deleted; its link no longer works.`);
    },
  );
};

export default accessCodeRoutes;
