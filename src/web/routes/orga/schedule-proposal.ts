import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../db/client.js';
import { requireActor } from '../../../modules/accounts/index.js';
import { findEventBySlug, type EventRecord } from '../../../modules/program/index.js';
import {
  applyScheduleProposal,
  discardScheduleProposal,
  latestScheduleProposal,
  loadProposalOverview,
  ScheduleProposalRunner,
  startScheduleProposal,
  stopScheduleProposal,
  type AppliedProposal,
} from '../../../modules/schedule-proposals/index.js';
import { ConflictError, InvalidInputError } from '../../../shared/errors.js';
import type { FormErrors } from '../../views/forms.js';
import { redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import { ProposalPage, type ProposalFormValues } from '../../views/orga/schedule-proposal.js';

// Not index.ts's EventParams and OrgaRoutesOptions: index.ts registers these routes, and an
// import back, even of a type, would close a cycle.
interface ProposalRoutesOptions {
  db: Database;
  publicUrl: string;
}
const EventParams = Type.Object({ event: Type.String({ minLength: 1, maxLength: 120 }) });
const ProposalParams = Type.Object({
  event: EventParams.properties.event,
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});
const StartBody = Type.Object({
  seconds: Type.Optional(Type.String({ maxLength: 10 })),
  seed: Type.Optional(Type.String({ maxLength: 20 })),
  keepPlaced: Type.Optional(Type.String({ maxLength: 10 })),
});
const ApplyBody = Type.Object({
  action: Type.Union([Type.Literal('all'), Type.Literal('selected')]),
  talk: Type.Optional(
    Type.Union([Type.String({ maxLength: 20 }), Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10_000 })]),
  ),
});
const NoBody = Type.Object({});

const Terms = Type.Object({
  missed: Type.Number(),
  overflow: Type.Number(),
  parallel: Type.Number(),
  moved: Type.Number(),
});
/** What the page's script polls: the latest proposal's status and progress. */
const ProgressResponse = Type.Object({
  id: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.Union([
    Type.Literal('running'),
    Type.Literal('done'),
    Type.Literal('stopped'),
    Type.Literal('failed'),
    Type.Literal('interrupted'),
    Type.Null(),
  ]),
  stopRequested: Type.Boolean(),
  progress: Type.Union([
    Type.Object({
      phase: Type.String(),
      elapsedMs: Type.Number(),
      budgetMs: Type.Number(),
      iterations: Type.Number(),
      best: Terms,
      unplaced: Type.Number(),
      lowerBound: Type.Union([Type.Number(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});

/** A whole number typed in a form; anything else is NaN, for the module to refuse by name. */
function formInteger(value: string | undefined, fallback: number): number {
  const text = (value ?? '').trim();
  if (text === '') return fallback;
  return /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
}

function talkIds(value: string | string[] | undefined): number[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.map((id) => {
    if (!/^\d{1,9}$/.test(id)) throw new InvalidInputError(`"${id.slice(0, 20)}" names no talk`, 'talk');
    return Number(id);
  });
}

function appliedMessage(applied: AppliedProposal): string {
  const parts = [`${applied.placed} placed`, `${applied.moved} moved`];
  const changed =
    applied.changedSince > 0
      ? ` The schedule had changed since the proposal started (${applied.changedSince} ${applied.changedSince === 1 ? 'talk' : 'talks'}): check the grid.`
      : '';
  return `The proposal is accepted: ${parts.join(', ')}. Nothing is released yet.${changed}`;
}

/**
 * /orga/{event}/schedule/proposal: "Propose a schedule". This instance runs the proposals it
 * starts (one worker thread each) and stops them when the app closes; any instance shows them,
 * stops them and applies them, from the database row.
 */
const scheduleProposalRoutes: FastifyPluginAsyncTypebox<ProposalRoutesOptions> = async (app, { db }) => {
  const runner = new ScheduleProposalRunner(db, {
    onError: (error) => app.log.error({ err: error }, 'schedule proposal'),
  });
  app.addHook('onClose', async () => runner.close());

  const base = (event: EventRecord) => `/orga/${event.slug}/schedule/proposal`;

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    extra: { errors?: FormErrors; values?: ProposalFormValues } = {},
    statusCode = 200,
  ) {
    const overview = await loadProposalOverview(db, request.actor, event);
    sendPage(
      reply,
      ProposalPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: extra.errors ? undefined : takeFlash(request, reply),
        event,
        overview,
        ...extra,
      }),
      statusCode,
    );
  }

  /** Runs a change; a refusal shows the page again with it: 400 for bad input, 409 for a conflict. */
  async function attempt<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    action: () => Promise<T>,
    values?: ProposalFormValues,
  ): Promise<{ ok: true; value: T } | { ok: false }> {
    try {
      return { ok: true, value: await action() };
    } catch (error) {
      if (error instanceof InvalidInputError) {
        const { field, message } = error.toFieldError();
        await show(request, reply, event, { errors: { [field]: message }, ...(values ? { values } : {}) }, 400);
        return { ok: false };
      }
      if (error instanceof ConflictError) {
        await show(request, reply, event, { errors: { _form: error.message }, ...(values ? { values } : {}) }, 409);
        return { ok: false };
      }
      throw error;
    }
  }

  app.get('/orga/:event/schedule/proposal', { schema: { params: EventParams } }, async (request, reply) => {
    await show(request, reply, await findEventBySlug(db, request.params.event));
  });

  app.get(
    '/orga/:event/schedule/proposal/progress',
    { schema: { params: EventParams, response: { 200: ProgressResponse } } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const proposal = await latestScheduleProposal(db, request.actor, event);
      reply.header('cache-control', 'no-store');
      return {
        id: proposal?.id ?? null,
        status: proposal?.status ?? null,
        stopRequested: proposal?.stopRequested ?? false,
        progress: proposal?.progress ?? null,
      };
    },
  );

  app.post(
    '/orga/:event/schedule/proposal',
    { schema: { params: EventParams, body: StartBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const body = request.body;
      const values: ProposalFormValues = {
        seconds: body.seconds,
        seed: body.seed,
        keepPlaced: body.keepPlaced !== undefined,
      };
      const result = await attempt(
        request,
        reply,
        event,
        () =>
          startScheduleProposal(db, runner, request.actor, event, {
            seconds: formInteger(body.seconds, 10),
            seed: formInteger(body.seed, 1),
            keepPlaced: body.keepPlaced !== undefined,
          }),
        values,
      );
      if (!result.ok) return;
      redirectWithFlash(reply, base(event), 'The solver is running.');
    },
  );

  app.post(
    '/orga/:event/schedule/proposal/:id/stop',
    { schema: { params: ProposalParams, body: NoBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await attempt(request, reply, event, () =>
        stopScheduleProposal(db, request.actor, event, request.params.id),
      );
      if (!result.ok) return;
      redirectWithFlash(reply, base(event), 'Stopping: the best schedule found so far is kept.');
    },
  );

  app.post(
    '/orga/:event/schedule/proposal/:id/apply',
    { schema: { params: ProposalParams, body: ApplyBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const { action, talk } = request.body;
      const result = await attempt(request, reply, event, () =>
        applyScheduleProposal(db, request.actor, event, request.params.id, action === 'all' ? 'all' : talkIds(talk)),
      );
      if (!result.ok) return;
      redirectWithFlash(reply, `/orga/${event.slug}/schedule`, appliedMessage(result.value));
    },
  );

  app.post(
    '/orga/:event/schedule/proposal/:id/discard',
    { schema: { params: ProposalParams, body: NoBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await attempt(request, reply, event, () =>
        discardScheduleProposal(db, request.actor, event, request.params.id),
      );
      if (!result.ok) return;
      redirectWithFlash(reply, base(event), 'The proposal is discarded: the schedule is as it was.');
    },
  );
};

export default scheduleProposalRoutes;
