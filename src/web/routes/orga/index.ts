import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../../db/client.js';
import { isOrganiser, needsFirstOrganiser, requireActor, requireTeamMember } from '../../../modules/accounts/index.js';
import {
  cfpState,
  createEvent,
  findEventBySlug,
  listTeamEvents,
  loadSetupChecklist,
} from '../../../modules/program/index.js';
import { countProposals } from '../../../modules/review/index.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import { OrgaDashboardPage, OrgaHomePage } from '../../views/orga/home.js';
import { AwaitingSetupPage } from '../../views/account/setup.js';
import scheduleProposalRoutes from './schedule-proposal.js';

export interface OrgaRoutesOptions {
  db: Database;
  publicUrl: string;
}

export const EventParams = Type.Object({ event: Type.String({ minLength: 1, maxLength: 120 }) });

/** The back office's start: the events one works on, and each event's dashboard. */
const orgaRoutes: FastifyPluginAsyncTypebox<OrgaRoutesOptions> = async (app, { db, publicUrl }) => {
  // "Propose a schedule": its own file; it runs the solver's worker threads of this instance.
  await app.register(scheduleProposalRoutes, { db, publicUrl });

  app.get('/orga', { schema: {} }, async (request, reply) => {
    // First run: nobody can log in to organise yet; the way in is the link in the server's log.
    if (!request.actor && (await needsFirstOrganiser(db))) {
      sendPage(reply, AwaitingSetupPage({ csrf: reply.generateCsrf() }));
      return;
    }
    const actor = requireActor(request.actor);
    const events = await listTeamEvents(db, actor);
    const canCreate = [...actor.roles.values()].some((r) => r.organiser);
    sendPage(
      reply,
      OrgaHomePage({ actor, csrf: reply.generateCsrf(), flash: takeFlash(request, reply), events, canCreate }),
    );
  });

  app.post(
    '/orga/events',
    {
      schema: {
        body: Type.Object({
          slug: Type.String({ maxLength: 200 }),
          name: Type.String({ maxLength: 200 }),
          timezone: Type.String({ maxLength: 100 }),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const result = await formAction(() => createEvent(db, actor, request.body));
      if (!result.ok) {
        const events = await listTeamEvents(db, actor);
        sendPage(
          reply,
          OrgaHomePage({
            actor,
            csrf: reply.generateCsrf(),
            events,
            canCreate: true,
            errors: result.errors,
            values: request.body,
          }),
          400,
        );
        return;
      }
      redirectWithFlash(
        reply,
        `/orga/${result.value.slug}/settings`,
        `${result.value.name} is created. Set its dates and call for proposals next.`,
      );
    },
  );

  app.get('/orga/:event', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const actor = requireTeamMember(request.actor, event);
    // What this person may see: no drafts, and a track-limited reviewer's tracks only.
    const counts = await countProposals(db, actor, event);
    const organiser = isOrganiser(actor, event.id);
    const checklist = organiser ? await loadSetupChecklist(db, actor, event) : undefined;
    sendPage(
      reply,
      OrgaDashboardPage({
        actor,
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        organiser,
        cfp: cfpState(event),
        counts,
        checklist,
      }),
    );
  });
};

export default orgaRoutes;
