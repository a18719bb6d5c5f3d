import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../../db/client.js';
import {
  countDrafts,
  deleteDraft,
  getOutboxMessage,
  getTemplate,
  listOutbox,
  listTemplates,
  previewTemplate,
  resetTemplate,
  retryMail,
  saveTemplate,
  sendDrafts,
  validateTemplate,
} from '../../../modules/mail/index.js';
import { findEventBySlug, type EventRecord } from '../../../modules/program/index.js';
import {
  draftGroupMail,
  GROUP_AUDIENCES,
  loadGroupMailChoices,
  MAX_PICKED_SPEAKERS,
  previewGroupMail,
} from '../../../modules/review/index.js';
import { ConflictError } from '../../../shared/errors.js';
import { absolute, links } from '../../../shared/links.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import {
  GroupMailPage,
  MailTemplatePage,
  MailTemplatesPage,
  OutboxMessagePage,
  OutboxPageView,
  type GroupMailValues,
} from '../../views/orga/mail.js';
import { EventParams } from './index.js';

export interface SiteRouteOptions {
  db: Database;
  publicUrl: string;
}

const StatusFilter = Type.Union([
  Type.Literal(''),
  Type.Literal('draft'),
  Type.Literal('pending'),
  Type.Literal('sending'),
  Type.Literal('sent'),
  Type.Literal('failed'),
]);
const MessageParams = Type.Object({
  event: EventParams.properties.event,
  id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }),
});
const TemplateParams = Type.Object({
  event: EventParams.properties.event,
  key: Type.String({ minLength: 1, maxLength: 60 }),
});
const TemplateBody = Type.Object({
  subject: Type.String({ maxLength: 1000 }),
  body: Type.String({ maxLength: 40_000 }),
  intent: Type.Optional(Type.Union([Type.Literal('save'), Type.Literal('preview')])),
});

const SpeakerId = Type.String({ pattern: '^[0-9]{1,9}$', maxLength: 9 });
const GroupMailBody = Type.Object({
  audience: Type.Optional(Type.Union(GROUP_AUDIENCES.map((a) => Type.Literal(a)))),
  track: Type.Optional(Type.String({ maxLength: 200 })),
  speakers: Type.Optional(Type.Union([SpeakerId, Type.Array(SpeakerId, { maxItems: MAX_PICKED_SPEAKERS })])),
  subject: Type.String({ maxLength: 1000 }),
  body: Type.String({ maxLength: 40_000 }),
  intent: Type.Optional(Type.Union([Type.Literal('preview'), Type.Literal('draft')])),
});

function groupValues(body: {
  audience?: string | undefined;
  track?: string | undefined;
  speakers?: string | string[] | undefined;
  subject: string;
  body: string;
}): GroupMailValues {
  const picked = body.speakers === undefined ? [] : Array.isArray(body.speakers) ? body.speakers : [body.speakers];
  return {
    audience: body.audience ?? '',
    track: body.track ?? '',
    speakers: picked.map(Number),
    subject: body.subject,
    body: body.body,
  };
}

/** Organiser pages for mail: the outbox and the decision mail templates. */
const mailRoutes: FastifyPluginAsyncTypebox<SiteRouteOptions> = async (app, { db, publicUrl }) => {
  const sample = (event: EventRecord) => ({
    eventName: event.name,
    timezone: event.timezone,
    proposalUrl: absolute(publicUrl, links.speakerProposal(event.slug, 'EXAMPLE')),
    scheduleUrl: absolute(publicUrl, links.publicSchedule(event.slug)),
    talkUrl: absolute(publicUrl, links.publicTalk(event.slug, 'notes-on-the-analytical-engine')),
  });

  app.get(
    '/orga/:event/mail',
    {
      schema: {
        params: EventParams,
        querystring: Type.Object({
          status: Type.Optional(StatusFilter),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        }),
      },
    },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const status = request.query.status || undefined;
      const outbox = await listOutbox(db, request.actor, event, { status, page: request.query.page });
      sendPage(
        reply,
        OutboxPageView({
          actor: request.actor!,
          csrf: reply.generateCsrf(),
          flash: takeFlash(request, reply),
          event,
          outbox,
          status,
        }),
      );
    },
  );

  app.get('/orga/:event/mail/messages/:id', { schema: { params: MessageParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const message = await getOutboxMessage(db, request.actor, event, request.params.id);
    const drafts = message.status === 'draft' ? await countDrafts(db, request.actor, event) : 0;
    sendPage(
      reply,
      OutboxMessagePage({
        actor: request.actor!,
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        message,
        drafts,
      }),
    );
  });

  app.post('/orga/:event/mail/messages/:id/retry', { schema: { params: MessageParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const back = `/orga/${event.slug}/mail/messages/${request.params.id}`;
    try {
      await retryMail(db, request.actor, event, request.params.id);
    } catch (error) {
      if (error instanceof ConflictError) return redirectWithFlash(reply, back, error.message, 'error');
      throw error;
    }
    redirectWithFlash(reply, back, 'The mail is queued to be sent now.');
  });

  app.post(
    '/orga/:event/mail/drafts/send',
    {
      schema: {
        params: EventParams,
        body: Type.Object({ count: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }),
      },
    },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const back = `/orga/${event.slug}/mail`;
      let sent: number;
      try {
        sent = await sendDrafts(db, request.actor, event, request.body.count);
      } catch (error) {
        if (error instanceof ConflictError)
          return redirectWithFlash(reply, `${back}?status=draft`, error.message, 'error');
        throw error;
      }
      redirectWithFlash(reply, back, `${sent} ${sent === 1 ? 'mail is' : 'mails are'} queued to be sent now.`);
    },
  );

  app.post('/orga/:event/mail/messages/:id/delete', { schema: { params: MessageParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    try {
      await deleteDraft(db, request.actor, event, request.params.id);
    } catch (error) {
      if (error instanceof ConflictError) {
        return redirectWithFlash(
          reply,
          `/orga/${event.slug}/mail/messages/${request.params.id}`,
          error.message,
          'error',
        );
      }
      throw error;
    }
    redirectWithFlash(reply, `/orga/${event.slug}/mail?status=draft`, 'The draft is deleted; it will not be sent.');
  });

  app.get('/orga/:event/mail/group', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const choices = await loadGroupMailChoices(db, request.actor, event);
    sendPage(
      reply,
      GroupMailPage({
        actor: request.actor!,
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        choices,
        values: {
          audience: 'confirmed',
          track: '',
          speakers: [],
          subject: '[{event_name}] ',
          body: 'Hello {speaker_name},\n\n',
        },
      }),
    );
  });

  app.post(
    '/orga/:event/mail/group',
    { schema: { params: EventParams, body: GroupMailBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const choices = await loadGroupMailChoices(db, request.actor, event);
      const values = groupValues(request.body);
      const input = { ...values, publicUrl };
      const draft = request.body.intent === 'draft';
      const result = await formAction(() =>
        draft ? draftGroupMail(db, request.actor, event, input) : previewGroupMail(db, request.actor, event, input),
      );
      if (result.ok && draft) {
        const n = result.value.recipients.length;
        return redirectWithFlash(
          reply,
          `/orga/${event.slug}/mail?status=draft`,
          `${n === 1 ? '1 draft is' : `${n} drafts are`} written, one per speaker. Read them, then send the drafts.`,
        );
      }
      sendPage(
        reply,
        GroupMailPage({
          actor: request.actor!,
          csrf: reply.generateCsrf(),
          event,
          choices,
          values,
          plan: result.ok ? result.value : undefined,
          errors: result.ok ? undefined : result.errors,
        }),
        result.ok ? 200 : 400,
      );
    },
  );

  app.get('/orga/:event/mail/templates', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const templates = await listTemplates(db, request.actor, event);
    sendPage(
      reply,
      MailTemplatesPage({
        actor: request.actor!,
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        templates,
      }),
    );
  });

  app.get('/orga/:event/mail/templates/:key', { schema: { params: TemplateParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const template = await getTemplate(db, request.actor, event, request.params.key);
    sendPage(
      reply,
      MailTemplatePage({
        actor: request.actor!,
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        template,
        values: template.template,
        preview: previewTemplate(template.template, sample(event)),
      }),
    );
  });

  app.post(
    '/orga/:event/mail/templates/:key',
    { schema: { params: TemplateParams, body: TemplateBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const template = await getTemplate(db, request.actor, event, request.params.key);
      const values = { subject: request.body.subject, body: request.body.body };
      const preview = request.body.intent === 'preview';
      const result = await formAction(async () =>
        preview ? validateTemplate(template.key, values) : saveTemplate(db, request.actor, event, template.key, values),
      );
      if (result.ok && !preview) {
        return redirectWithFlash(
          reply,
          `/orga/${event.slug}/mail/templates/${template.key}`,
          `The mail "${template.definition.label}" is saved.`,
        );
      }
      sendPage(
        reply,
        MailTemplatePage({
          actor: request.actor!,
          csrf: reply.generateCsrf(),
          event,
          template,
          values,
          preview: result.ok ? previewTemplate(values, sample(event)) : undefined,
          errors: result.ok ? undefined : result.errors,
          unsaved: true,
        }),
        result.ok ? 200 : 400,
      );
    },
  );

  app.post('/orga/:event/mail/templates/:key/reset', { schema: { params: TemplateParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const template = await getTemplate(db, request.actor, event, request.params.key);
    await resetTemplate(db, request.actor, event, template.key);
    redirectWithFlash(
      reply,
      `/orga/${event.slug}/mail/templates/${template.key}`,
      `The mail "${template.definition.label}" has its built-in wording again.`,
    );
  });
};

export default mailRoutes;
