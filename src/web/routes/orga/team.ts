import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addTeamMember, listTeam, removeTeamMember, requireActor } from '../../../modules/accounts/index.js';
import { findEventBySlug, listTracks, setReviewerTracks, type EventRecord } from '../../../modules/program/index.js';
import type { FormErrors } from '../../views/forms.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import { TeamPage } from '../../views/orga/team.js';
import { EventParams, type OrgaRoutesOptions } from './index.js';

const MemberParams = Type.Object({
  event: EventParams.properties.event,
  member: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});
const TrackIds = Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 200 }));
const AddBody = Type.Object({
  email: Type.String({ maxLength: 254 }),
  role: Type.Optional(Type.String({ maxLength: 20 })),
  trackIds: TrackIds,
});

function formIds(values: string[] | undefined): number[] {
  return (values ?? []).map((value) => (/^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN));
}

/** /orga/{event}/team: organisers and reviewers, reviewers' tracks, adding by email, removing. */
const teamRoutes: FastifyPluginAsyncTypebox<OrgaRoutesOptions> = async (app, { db, publicUrl }) => {
  async function showTeam(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    problem?: { errors: FormErrors; values?: { email?: string; role?: string; trackIds?: number[] } },
  ) {
    const members = await listTeam(db, request.actor, event);
    const tracks = await listTracks(db, request.actor, event);
    sendPage(
      reply,
      TeamPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        members,
        tracks,
        errors: problem?.errors,
        values: problem?.values,
      }),
      problem ? 400 : 200,
    );
  }

  app.get('/orga/:event/team', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showTeam(request, reply, event);
  });

  app.post('/orga/:event/team', { schema: { params: EventParams, body: AddBody } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const { email } = request.body;
    const role = request.body.role ?? '';
    const trackIds = formIds(request.body.trackIds);
    const result = await formAction(() =>
      addTeamMember(
        db,
        request.actor,
        event,
        { email, role: role as 'organiser' | 'reviewer', trackIds: role === 'reviewer' ? trackIds : [] },
        publicUrl,
      ),
    );
    if (!result.ok) {
      await showTeam(request, reply, event, { errors: result.errors, values: { email, role, trackIds } });
      return;
    }
    redirectWithFlash(
      reply,
      `/orga/${event.slug}/team`,
      `${email.trim().toLowerCase()} is on the team as ${role}, and has been sent a mail.`,
    );
  });

  app.post(
    '/orga/:event/team/:member/tracks',
    { schema: { params: MemberParams, body: Type.Object({ trackIds: TrackIds }) } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await formAction(() =>
        setReviewerTracks(db, request.actor, event, request.params.member, formIds(request.body.trackIds)),
      );
      if (!result.ok) {
        await showTeam(request, reply, event, { errors: result.errors });
        return;
      }
      redirectWithFlash(reply, `/orga/${event.slug}/team`, "The reviewer's tracks are saved.");
    },
  );

  app.post('/orga/:event/team/:member/remove', { schema: { params: MemberParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const removing = (await listTeam(db, request.actor, event)).find((member) => member.id === request.params.member);
    const result = await formAction(() => removeTeamMember(db, request.actor, event, request.params.member));
    if (!result.ok) {
      await showTeam(request, reply, event, { errors: result.errors });
      return;
    }
    // An organiser who removed themselves may no longer see this page.
    const leftTheOrganisers = removing?.role === 'organiser' && removing.userId === request.actor?.user.id;
    redirectWithFlash(
      reply,
      leftTheOrganisers ? '/orga' : `/orga/${event.slug}/team`,
      `${removing?.email ?? 'The team member'} is no longer ${removing?.role === 'organiser' ? 'an organiser' : 'a reviewer'} of ${event.name}.`,
    );
  });
};

export default teamRoutes;
