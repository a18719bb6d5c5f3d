import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../modules/accounts/index.js';
import { loadEventProgram } from '../../../modules/agenda/index.js';
import {
  closeInterestBallot,
  importInterestBallots,
  interestBallotOverview,
  openInterestBallot,
  setExpectedAttendance,
  type BallotImportReport,
} from '../../../modules/interest-ballots/index.js';
import { findEventBySlug, type EventRecord } from '../../../modules/program/index.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { parseLocalDateTime } from '../../../shared/time.js';
import type { FormErrors } from '../../views/forms.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import { InterestPage, type InterestPageProps } from '../../views/orga/interest.js';
import { EventParams, type OrgaRoutesOptions } from './index.js';

const OpenBody = Type.Object({ closesAt: Type.Optional(Type.String({ maxLength: 40 })) });
const AttendanceBody = Type.Object({ expectedAttendance: Type.Optional(Type.String({ maxLength: 20 })) });
const ImportBody = Type.Object({ csv: Type.String({ maxLength: 250_000 }) });
const NoBody = Type.Object({});

/**
 * /orga/{event}/interest: the interest ballot for organisers. Open and close it, enter the
 * expected attendance, see the counts per talk (never who), import ballots from CSV.
 */
const interestRoutes: FastifyPluginAsyncTypebox<OrgaRoutesOptions> = async (app, { db }) => {
  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    extra: Pick<InterestPageProps, 'report' | 'errors' | 'values'> = {},
    statusCode = 200,
  ) {
    const program = event.published ? await loadEventProgram(db, event.slug) : undefined;
    const { state, counts } = await interestBallotOverview(db, request.actor, event, program, new Date());
    sendPage(
      reply,
      InterestPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: extra.errors || extra.report ? undefined : takeFlash(request, reply),
        event,
        state,
        counts,
        ...extra,
      }),
      statusCode,
    );
  }

  async function showErrors(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    errors: FormErrors,
    values: InterestPageProps['values'],
  ) {
    await show(request, reply, event, { errors, values }, 400);
  }

  const base = (event: EventRecord) => `/orga/${event.slug}/interest`;

  app.get('/orga/:event/interest', { schema: { params: EventParams } }, async (request, reply) => {
    await show(request, reply, await findEventBySlug(db, request.params.event));
  });

  app.post(
    '/orga/:event/interest/open',
    { schema: { params: EventParams, body: OpenBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const closesAt = request.body.closesAt ?? '';
      const result = await formAction(() =>
        openInterestBallot(
          db,
          request.actor,
          event,
          parseLocalDateTime(closesAt, event.timezone, 'closesAt'),
          new Date(),
        ),
      );
      if (!result.ok) return showErrors(request, reply, event, result.errors, { closesAt });
      redirectWithFlash(reply, base(event), 'The interest ballot is open.');
    },
  );

  app.post('/orga/:event/interest/close', { schema: { params: EventParams, body: NoBody } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await closeInterestBallot(db, request.actor, event);
    redirectWithFlash(reply, base(event), 'The interest ballot is closed.');
  });

  app.post(
    '/orga/:event/interest/attendance',
    { schema: { params: EventParams, body: AttendanceBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const text = (request.body.expectedAttendance ?? '').trim();
      const result = await formAction(async () => {
        if (text !== '' && !/^\d{1,9}$/.test(text)) {
          throw new InvalidInputError('give a whole number of people, or nothing', 'expectedAttendance');
        }
        await setExpectedAttendance(db, request.actor, event, text === '' ? null : Number(text));
      });
      if (!result.ok) return showErrors(request, reply, event, result.errors, { expectedAttendance: text });
      redirectWithFlash(reply, base(event), 'The expected attendance is saved.');
    },
  );

  app.post(
    '/orga/:event/interest/import',
    { schema: { params: EventParams, body: ImportBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const program = event.published ? await loadEventProgram(db, event.slug) : undefined;
      const { csv } = request.body;
      const result = await formAction(async (): Promise<BallotImportReport> => {
        if (!program) throw new InvalidInputError('publish the event first: ballots name talks of its program', 'csv');
        return importInterestBallots(db, request.actor, program, csv, new Date());
      });
      if (!result.ok) return showErrors(request, reply, event, result.errors, { csv });
      const failed = result.value.unknown.length > 0;
      await show(
        request,
        reply,
        event,
        { report: result.value, values: failed ? { csv } : undefined },
        failed ? 400 : 200,
      );
    },
  );
};

export default interestRoutes;
