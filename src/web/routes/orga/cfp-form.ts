import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../db/client.js';
import { requireOrganiser } from '../../../modules/accounts/index.js';
import {
  addQuestion,
  deleteQuestion,
  loadProposalFormSettings,
  loadQuestionForEditing,
  moveQuestion,
  updateProposalForm,
  updateQuestion,
  type QuestionInput,
} from '../../../modules/cfp/index.js';
import { findEventBySlug, type EventRecord } from '../../../modules/program/index.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import type { FormErrors } from '../../views/forms.js';
import { CfpFormPage, QuestionPage, type QuestionFormValues } from '../../views/orga/cfp-form.js';

export interface SiteRouteOptions {
  db: Database;
  publicUrl: string;
}

const Slug = Type.String({ minLength: 1, maxLength: 120 });
const EventParams = Type.Object({ event: Slug });
const QuestionParams = Type.Object({ event: Slug, question: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const Csrf = Type.Optional(Type.String());
const Setting = Type.Optional(Type.String({ maxLength: 20 }));
const SettingsBody = Type.Object({
  _csrf: Csrf,
  abstract: Setting,
  track: Setting,
  level: Setting,
  duration: Setting,
  notes: Setting,
  durations: Type.String({ maxLength: 500 }),
  // Longer than MAX_CFP_INTRO, so that the module's message (naming the field) refuses a long one.
  intro: Type.Optional(Type.String({ maxLength: 100_000 })),
});
const QuestionBody = Type.Object({
  _csrf: Csrf,
  label: Type.String({ maxLength: 2_000 }),
  helpText: Type.Optional(Type.String({ maxLength: 5_000 })),
  kind: Type.String({ maxLength: 20 }),
  choices: Type.Optional(Type.String({ maxLength: 20_000 })),
  required: Type.Optional(Type.String({ maxLength: 10 })),
  isPublic: Type.Optional(Type.String({ maxLength: 10 })),
  sessionTypeId: Type.Optional(Type.String({ maxLength: 20 })),
  hiddenFromReviewers: Type.Optional(Type.String({ maxLength: 10 })),
});
const MoveBody = Type.Object({ _csrf: Csrf, direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) });
const ActionBody = Type.Object({ _csrf: Csrf });

function questionInput(body: Static<typeof QuestionBody>): QuestionInput {
  return {
    label: body.label,
    helpText: body.helpText ?? '',
    kind: body.kind,
    choices: body.choices ?? '',
    required: body.required !== undefined,
    isPublic: body.isPublic !== undefined,
    sessionTypeId:
      body.sessionTypeId === undefined || body.sessionTypeId.trim() === ''
        ? null
        : /^\d{1,9}$/.test(body.sessionTypeId.trim())
          ? Number(body.sessionTypeId.trim())
          : Number.NaN,
    visibleToReviewers: body.hiddenFromReviewers === undefined,
  };
}

function questionValues(body: Static<typeof QuestionBody>): QuestionFormValues {
  const input = questionInput(body);
  return { ...input, sessionTypeId: body.sessionTypeId ?? '' };
}

/** Organiser pages for the proposal form: built-in fields, talk lengths and custom questions. */
const cfpFormRoutes: FastifyPluginAsyncTypebox<SiteRouteOptions> = async (app, { db }) => {
  const showForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    status: number,
    extra: {
      settingsValues?: { fields: Record<string, string | undefined>; durations: string; intro?: string | undefined };
      settingsErrors?: FormErrors;
      questionValues?: QuestionFormValues;
      questionErrors?: FormErrors;
    } = {},
  ) => {
    const form = await loadProposalFormSettings(db, request.actor, event);
    const actor = requireOrganiser(request.actor, event);
    sendPage(
      reply,
      CfpFormPage({ actor, csrf: reply.generateCsrf(), flash: takeFlash(request, reply), event, form, ...extra }),
      status,
    );
  };

  const showQuestion = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    questionId: number,
    status: number,
    extra: { values?: QuestionFormValues; errors?: FormErrors } = {},
  ) => {
    const { question, answerCount } = await loadQuestionForEditing(db, request.actor, event, questionId);
    const actor = requireOrganiser(request.actor, event);
    const { sessionTypes } = await loadProposalFormSettings(db, actor, event);
    sendPage(
      reply,
      QuestionPage({
        actor,
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        question,
        answerCount,
        sessionTypes,
        ...extra,
      }),
      status,
    );
  };

  app.get('/orga/:event/cfp', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showForm(request, reply, event, 200);
  });

  app.post('/orga/:event/cfp', { schema: { params: EventParams, body: SettingsBody } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const { durations, intro, _csrf, ...fields } = request.body;
    const result = await formAction(() => updateProposalForm(db, request.actor, event, { fields, durations, intro }));
    if (!result.ok) {
      await showForm(request, reply, event, 400, {
        settingsValues: { fields, durations, intro },
        settingsErrors: result.errors,
      });
      return;
    }
    redirectWithFlash(reply, `/orga/${event.slug}/cfp`, 'The proposal form’s fields are saved.');
  });

  app.post(
    '/orga/:event/cfp/questions',
    { schema: { params: EventParams, body: QuestionBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await formAction(() => addQuestion(db, request.actor, event, questionInput(request.body)));
      if (!result.ok) {
        await showForm(request, reply, event, 400, {
          questionValues: questionValues(request.body),
          questionErrors: result.errors,
        });
        return;
      }
      redirectWithFlash(reply, `/orga/${event.slug}/cfp#questions`, `The question “${result.value.label}” is added.`);
    },
  );

  app.get('/orga/:event/cfp/questions/:question', { schema: { params: QuestionParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showQuestion(request, reply, event, request.params.question, 200);
  });

  app.post(
    '/orga/:event/cfp/questions/:question',
    { schema: { params: QuestionParams, body: QuestionBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await formAction(() =>
        updateQuestion(db, request.actor, event, request.params.question, questionInput(request.body)),
      );
      if (!result.ok) {
        await showQuestion(request, reply, event, request.params.question, 400, {
          values: questionValues(request.body),
          errors: result.errors,
        });
        return;
      }
      redirectWithFlash(reply, `/orga/${event.slug}/cfp#questions`, `The question “${result.value.label}” is saved.`);
    },
  );

  app.post(
    '/orga/:event/cfp/questions/:question/delete',
    { schema: { params: QuestionParams, body: ActionBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const deleted = await deleteQuestion(db, request.actor, event, request.params.question);
      redirectWithFlash(
        reply,
        `/orga/${event.slug}/cfp#questions`,
        `The question “${deleted.label}” is deleted, with its answers.`,
      );
    },
  );

  app.post(
    '/orga/:event/cfp/questions/:question/move',
    { schema: { params: QuestionParams, body: MoveBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      await moveQuestion(db, request.actor, event, request.params.question, request.body.direction);
      redirectWithFlash(reply, `/orga/${event.slug}/cfp#questions`, 'The order of the questions is saved.');
    },
  );
};

export default cfpFormRoutes;
