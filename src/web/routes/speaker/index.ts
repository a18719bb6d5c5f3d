import {
  Type,
  type FastifyPluginAsyncTypebox,
  type Static,
  type TypeBoxTypeProvider,
} from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../db/client.js';
import { requireActor } from '../../../modules/accounts/index.js';
import {
  acceptInvitation,
  answersFromFields,
  asksForProfile,
  cancelInvitation,
  candidateNames,
  declineInvitation,
  confirmProposal,
  copySpeakerProfile,
  createProposal,
  inviteCoSpeaker,
  listOwnOtherProfiles,
  listOwnProposals,
  loadCallForProposals,
  visitCallForProposals,
  ACCESS_CODE_FIELD,
  type AccessCodeGrant,
  loadProposal,
  loadSpeakerProfile,
  loadWithdrawal,
  nameWarningsFor,
  answersReviewersSee,
  peekInvitation,
  prepareSubmission,
  removeSpeakerPhoto,
  saveSpeakerProfile,
  speakerLinkField,
  uploadSpeakerPhoto,
  MAX_SPEAKER_LINKS,
  updateProposal,
  withdrawProposal,
  ProposalProblems,
  type ProposalInput,
} from '../../../modules/cfp/index.js';
import { cfpState, findEventBySlug, MAX_PHOTO_UPLOAD_BYTES, type EventRecord } from '../../../modules/program/index.js';
import {
  addOwnAvailability,
  isTalkReleased,
  listOwnAvailability,
  removeOwnAvailability,
} from '../../../modules/schedule/index.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../../shared/errors.js';
import { formatInZone } from '../../../shared/time.js';
import multipartForm from '../../plugins/multipart-form.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import type { FormErrors } from '../../views/forms.js';
import {
  InvitationPage,
  ProfilePage,
  type AvailabilityFormValues,
  type ProfileFormValues,
} from '../../views/speaker/account.js';
import { CfpPage } from '../../views/speaker/cfp.js';
import type { SpeakerPageProps } from '../../views/speaker/layout.js';
import type { ProposalFormValues } from '../../views/speaker/proposal-form.js';
import { SubmitPage } from '../../views/speaker/proposal-form.js';
import { ProposalListPage, ProposalPage, proposalUrl, WithdrawPage } from '../../views/speaker/proposals.js';

export interface SiteRouteOptions {
  db: Database;
  publicUrl: string;
}

const Slug = Type.String({ minLength: 1, maxLength: 120 });
const EventParams = Type.Object({ event: Slug });
/** pretalx's link form: /{event}/cfp?access_code=CODE. */
const AccessCodeQuery = Type.Object({ access_code: Type.Optional(Type.String({ maxLength: 200 })) });
const ProposalParams = Type.Object({ event: Slug, code: Type.String({ minLength: 1, maxLength: 40 }) });
const InvitationParams = Type.Object({ event: Slug, token: Type.String({ minLength: 1, maxLength: 200 }) });
const CancelParams = Type.Object({
  event: Slug,
  code: ProposalParams.properties.code,
  invitation: Type.Integer({ minimum: 1 }),
});
// Limits above the module's own, so that too long a text gets the module's message under its field.
const Text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const ProposalBody = Type.Object(
  {
    _csrf: Type.Optional(Type.String()),
    intent: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('submit')])),
    title: Text(2_000),
    description: Text(60_000),
    abstract: Text(60_000),
    track: Text(200),
    level: Text(200),
    duration: Text(20),
    sessionType: Text(200),
    notes: Text(60_000),
    speakerName: Text(2_000),
    biography: Text(60_000),
    accessCode: Text(200),
  },
  // The event's own questions arrive as question-{id}.
  { additionalProperties: Type.String({ maxLength: 60_000 }) },
);
type ProposalBodyType = Static<typeof ProposalBody>;
const EmailBody = Type.Object({ _csrf: Type.Optional(Type.String()), email: Type.String({ maxLength: 500 }) });
const LINK_FIELDS = Object.fromEntries(
  Array.from({ length: MAX_SPEAKER_LINKS }, (_, index) => [
    [speakerLinkField('title', index), Text(1_000)],
    [speakerLinkField('url', index), Text(10_000)],
  ]).flat(),
) as Record<string, ReturnType<typeof Text>>;
const ProfileBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  name: Type.String({ maxLength: 2_000 }),
  biography: Type.String({ maxLength: 60_000 }),
  // Optional: a form from before the field existed leaves the photo as it is. Longer than
  // MAX_PHOTO_URL, so that the module's check (naming the field) refuses a long one.
  photoUrl: Type.Optional(Type.String({ maxLength: 10_000 })),
  // linkTitle1 … linkUrl5; a form without any leaves the links as they are.
  ...LINK_FIELDS,
});
type ProfileBodyType = Static<typeof ProfileBody>;
/** A multipart form: the file arrives as a Buffer (the multipart-form plugin), which the handler checks. */
const PhotoBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  photo: Type.Optional(Type.Unsafe<unknown>({ description: 'The image file (JPEG, PNG or WebP)' })),
});
const CopyProfileBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  from: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});
const ActionBody = Type.Object({ _csrf: Type.Optional(Type.String()) });
// Above the module's limit, so that too long a reason gets its message under its field.
const WithdrawBody = Type.Object({ _csrf: Type.Optional(Type.String()), reason: Text(20_000) });
const AvailabilityBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  availableFrom: Type.String({ maxLength: 100 }),
  availableUntil: Type.String({ maxLength: 100 }),
});
const WindowParams = Type.Object({ event: Slug, window: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
/** Invitations send mail: a few an hour per person's address is plenty. */
const INVITE_LIMIT = { rateLimit: { max: 20, timeWindow: 60 * 60_000 } };

function proposalInput(body: ProposalBodyType): ProposalInput {
  return {
    intent: body.intent ?? 'submit',
    title: body.title ?? '',
    description: body.description ?? '',
    abstract: body.abstract,
    track: body.track,
    level: body.level,
    duration: body.duration,
    sessionType: body.sessionType,
    notes: body.notes,
    answers: answersFromFields(body),
    speakerName: body.speakerName,
    biography: body.biography,
    accessCode: body.accessCode,
  };
}

/** The links of a profile form, in its rows; undefined when the form has no link fields at all. */
function linkRows(body: ProfileBodyType): { title: string; url: string }[] | undefined {
  const fields = body as Record<string, string | undefined>;
  const rows = Array.from({ length: MAX_SPEAKER_LINKS }, (_, index) => ({
    title: fields[speakerLinkField('title', index)],
    url: fields[speakerLinkField('url', index)],
  }));
  if (rows.every((row) => row.title === undefined && row.url === undefined)) return undefined;
  return rows.map((row) => ({ title: row.title ?? '', url: row.url ?? '' }));
}

function typedValues(body: ProposalBodyType): ProposalFormValues {
  return { ...body, answers: answersFromFields(body) };
}

type Outcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 409; errors: FormErrors };

/** Runs a speaker action: every field problem at once (400), or why the state forbids it (409). */
async function attempt<T>(action: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof ProposalProblems) return { ok: false, status: 400, errors: error.problems };
    if (error instanceof ConflictError) return { ok: false, status: 409, errors: { _form: error.message } };
    if (error instanceof InvalidInputError) {
      const { field, message } = error.toFieldError();
      return { ok: false, status: 400, errors: { [field]: message } };
    }
    throw error;
  }
}

/** The speaker area: the call for proposals, one's proposals, co-speaker invitations, one's speaker profile. */
const speakerRoutes: FastifyPluginAsyncTypebox<SiteRouteOptions> = async (app, { db, publicUrl }) => {
  const common = (request: FastifyRequest, reply: FastifyReply, event: EventRecord): SpeakerPageProps => ({
    actor: request.actor,
    csrf: reply.generateCsrf(),
    flash: takeFlash(request, reply),
    event: { slug: event.slug, name: event.name, published: event.published },
    // After a POST, the form's page is not this address: the header links then use their default.
    here: request.method === 'GET' ? request.url : undefined,
  });

  const showProposal = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    code: string,
    status: number,
    extra: {
      values?: ProposalFormValues;
      errors?: FormErrors;
      inviteErrors?: FormErrors;
      inviteEmail?: string;
      typedName?: string | undefined;
    } = {},
  ) => {
    const detail = await loadProposal(db, request.actor, event, code);
    const nameWarnings = extra.values
      ? nameWarningsFor(
          event,
          {
            title: extra.values.title ?? '',
            description: extra.values.description ?? '',
            abstract: extra.values.abstract,
            answers: answersReviewersSee(detail.form, extra.values.answers),
          },
          candidateNames(request.actor!, detail, extra.typedName),
        )
      : undefined;
    sendPage(
      reply,
      ProposalPage({
        ...common(request, reply, event),
        detail,
        timezone: event.timezone,
        askProfile: detail.isSpeaker && asksForProfile(detail.profile),
        nameWarnings,
        ...extra,
      }),
      status,
    );
  };

  app.get('/:event/cfp', { schema: { params: EventParams, querystring: AccessCodeQuery } }, async (request, reply) => {
    const typed = request.query.access_code;
    const { event, grant, codeProblem } = await visitCallForProposals(db, request.actor, request.params.event, typed);
    const cfp = await loadCallForProposals(db, event, grant);
    sendPage(
      reply,
      CfpPage({
        ...common(request, reply, event),
        cfp,
        timezone: event.timezone,
        accessCode: typed?.trim() ?? '',
        errors: codeProblem ? { [ACCESS_CODE_FIELD]: codeProblem } : undefined,
      }),
      codeProblem ? 400 : 200,
    );
  });

  const showSubmitForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    status: number,
    extra: {
      values?: ProposalFormValues;
      errors?: FormErrors;
      closed?: string;
      grant?: AccessCodeGrant | undefined;
      /** The access code the speaker brought, carried in the form. */
      accessCode?: string;
    } = {},
  ) => {
    const actor = requireActor(request.actor);
    const { form, profile, closed } = await prepareSubmission(db, actor, event, extra.grant);
    const askProfile = asksForProfile(profile);
    // A first proposal at this event starts with the biography of one's latest profile elsewhere.
    const biography =
      profile?.biography ??
      (await listOwnOtherProfiles(db, actor, event)).find((other) => other.biography !== '')?.biography;
    const values = extra.values ?? { speakerName: profile?.name ?? actor.user.name, biography };
    const nameWarnings = extra.values
      ? nameWarningsFor(
          event,
          {
            title: values.title ?? '',
            description: values.description ?? '',
            abstract: values.abstract,
            answers: answersReviewersSee(form, values.answers),
          },
          candidateNames(
            actor,
            profile ? { speakers: [profile] } : undefined,
            askProfile ? values.speakerName : undefined,
          ),
        )
      : [];
    const closedNow = extra.closed ?? closed;
    sendPage(
      reply,
      SubmitPage({
        ...common(request, reply, event),
        form,
        profile,
        askProfile,
        closed: closedNow,
        timezone: event.timezone,
        values,
        errors: extra.errors,
        nameWarnings,
        accessCode: extra.accessCode ?? '',
      }),
      // A code that cannot be used is the speaker's to fix (400), before the window's 409.
      extra.errors?.[ACCESS_CODE_FIELD] ? 400 : closedNow ? 409 : status,
    );
  };

  app.get(
    '/:event/cfp/submit',
    { schema: { params: EventParams, querystring: AccessCodeQuery } },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const typed = request.query.access_code;
      const { event, grant, codeProblem } = await visitCallForProposals(db, actor, request.params.event, typed);
      await showSubmitForm(request, reply, event, codeProblem ? 400 : 200, {
        accessCode: typed?.trim() ?? '',
        ...(codeProblem ? { errors: { [ACCESS_CODE_FIELD]: codeProblem } } : {}),
        grant,
      });
    },
  );

  app.post('/:event/cfp/submit', { schema: { params: EventParams, body: ProposalBody } }, async (request, reply) => {
    const actor = requireActor(request.actor);
    const typed = request.body.accessCode;
    const { event, grant } = await visitCallForProposals(db, actor, request.params.event, typed);
    const result = await attempt(() => createProposal(db, actor, event, proposalInput(request.body), { publicUrl }));
    if (!result.ok) {
      await showSubmitForm(request, reply, event, result.status, {
        values: typedValues(request.body),
        errors: result.errors,
        grant,
        accessCode: typed?.trim() ?? '',
        ...(result.status === 409 ? { closed: result.errors._form } : {}),
      });
      return;
    }
    const { code, state } = result.value;
    const closing = event.cfpClosesAt ? formatInZone(event.cfpClosesAt, event.timezone) : '';
    redirectWithFlash(
      reply,
      proposalUrl(event.slug, code),
      state === 'draft'
        ? `Your draft is saved. Submit it before the call for proposals closes (${closing}).`
        : 'Thank you! Your proposal is submitted; a confirmation is on its way to your mailbox.',
    );
  });

  app.get('/:event/me', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    requireActor(request.actor);
    return reply.redirect(`/${event.slug}/me/proposals`, 303);
  });

  app.get('/:event/me/proposals', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const proposals = await listOwnProposals(db, request.actor, event);
    sendPage(
      reply,
      ProposalListPage({
        ...common(request, reply, event),
        proposals,
        timezone: event.timezone,
        cfpOpen: cfpState(event) === 'open',
      }),
    );
  });

  app.get('/:event/me/proposals/:code', { schema: { params: ProposalParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    requireActor(request.actor);
    await showProposal(request, reply, event, request.params.code, 200);
  });

  app.post(
    '/:event/me/proposals/:code',
    { schema: { params: ProposalParams, body: ProposalBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const actor = requireActor(request.actor);
      const { code } = request.params;
      const result = await attempt(() =>
        updateProposal(db, actor, event, code, proposalInput(request.body), { publicUrl }),
      );
      if (!result.ok) {
        await showProposal(request, reply, event, code, result.status, {
          values: typedValues(request.body),
          errors: result.errors,
          typedName: request.body.speakerName,
        });
        return;
      }
      const { state, submittedNow } = result.value;
      redirectWithFlash(
        reply,
        proposalUrl(event.slug, result.value.code),
        submittedNow
          ? 'Thank you! Your proposal is submitted; a confirmation is on its way to your mailbox.'
          : state === 'draft'
            ? 'Your draft is saved.'
            : 'Your changes are saved.',
      );
    },
  );

  const showWithdrawal = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    code: string,
    problem?: { reason: string | undefined; errors: FormErrors },
  ) => {
    const withdrawal = await loadWithdrawal(db, request.actor, event, code);
    const released = withdrawal.state === 'confirmed' && (await isTalkReleased(db, event.id, withdrawal.talkId));
    sendPage(
      reply,
      WithdrawPage({
        ...common(request, reply, event),
        withdrawal,
        released,
        reason: problem?.reason,
        errors: problem?.errors,
      }),
      problem ? 400 : 200,
    );
  };

  // The step before withdrawing: what it takes away, and a reason. A proposal that can no longer
  // be withdrawn answers 409 on its own page.
  app.get('/:event/me/proposals/:code/withdraw', { schema: { params: ProposalParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    requireActor(request.actor);
    const result = await attempt(() => showWithdrawal(request, reply, event, request.params.code));
    if (!result.ok) {
      await showProposal(request, reply, event, request.params.code, result.status, { errors: result.errors });
    }
  });

  app.post(
    '/:event/me/proposals/:code/withdraw',
    { schema: { params: ProposalParams, body: WithdrawBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const actor = requireActor(request.actor);
      const { code } = request.params;
      const result = await attempt(() =>
        withdrawProposal(db, actor, event, code, { reason: request.body.reason, publicUrl }),
      );
      if (!result.ok) {
        if (result.errors.reason) {
          await showWithdrawal(request, reply, event, code, { reason: request.body.reason, errors: result.errors });
        } else {
          await showProposal(request, reply, event, code, result.status, { errors: result.errors });
        }
        return;
      }
      redirectWithFlash(
        reply,
        proposalUrl(event.slug, result.value.code),
        result.value.wasConfirmed
          ? `“${result.value.title}” is withdrawn and no longer on the program; the organisers are told.`
          : `“${result.value.title}” is withdrawn.`,
      );
    },
  );

  app.post(
    '/:event/me/proposals/:code/confirm',
    { schema: { params: ProposalParams, body: ActionBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const actor = requireActor(request.actor);
      const result = await attempt(() => confirmProposal(db, actor, event, request.params.code));
      if (!result.ok) {
        await showProposal(request, reply, event, request.params.code, result.status, { errors: result.errors });
        return;
      }
      redirectWithFlash(
        reply,
        proposalUrl(event.slug, result.value.code),
        `Thank you! “${result.value.title}” is confirmed and joins the program.`,
      );
    },
  );

  app.post(
    '/:event/me/proposals/:code/invitations',
    { schema: { params: ProposalParams, body: EmailBody }, config: INVITE_LIMIT },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const actor = requireActor(request.actor);
      const result = await attempt(() =>
        inviteCoSpeaker(db, actor, event, request.params.code, request.body.email, { publicUrl }),
      );
      if (!result.ok) {
        await showProposal(request, reply, event, request.params.code, result.status, {
          ...(result.status === 409 ? { errors: result.errors } : { inviteErrors: result.errors }),
          inviteEmail: request.body.email,
        });
        return;
      }
      redirectWithFlash(
        reply,
        proposalUrl(event.slug, request.params.code),
        `We have sent an invitation to ${result.value.email}.`,
      );
    },
  );

  app.post(
    '/:event/me/proposals/:code/invitations/:invitation/delete',
    { schema: { params: CancelParams, body: ActionBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const actor = requireActor(request.actor);
      const removed = await cancelInvitation(db, actor, event, request.params.code, request.params.invitation);
      redirectWithFlash(
        reply,
        proposalUrl(event.slug, request.params.code),
        `The invitation of ${removed.email} is removed; its link no longer works.`,
      );
    },
  );

  const showInvitation = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    token: string,
    problem?: { message: string; status: 403 | 409 },
  ) => {
    // The token is in the path: keep it out of Referer headers sent anywhere else.
    reply.header('referrer-policy', 'no-referrer');
    try {
      const invitation = await peekInvitation(db, request.actor, event, token);
      const status = problem
        ? problem.status
        : invitation.status === 'valid'
          ? 200
          : invitation.status === 'closed'
            ? 409
            : 410;
      sendPage(
        reply,
        InvitationPage({
          ...common(request, reply, event),
          token,
          invitation,
          problem: problem?.message,
          notYours: problem?.status === 403,
        }),
        status,
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      sendPage(
        reply,
        InvitationPage({
          ...common(request, reply, event),
          token,
          invitation: undefined,
          problem: error.message,
          notYours: false,
        }),
        404,
      );
    }
  };

  // Signed out too: the page says what the invitation is and offers to log in, sign up or decline.
  app.get('/:event/me/invitations/:token', { schema: { params: InvitationParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showInvitation(request, reply, event, request.params.token);
  });

  app.post(
    '/:event/me/invitations/:token',
    { schema: { params: InvitationParams, body: ActionBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const actor = requireActor(request.actor);
      let result;
      try {
        result = await attempt(() => acceptInvitation(db, actor, event, request.params.token));
      } catch (error) {
        // Someone else's invitation: the page says which address it is for.
        if (!(error instanceof ForbiddenError)) throw error;
        await showInvitation(request, reply, event, request.params.token, { message: error.message, status: 403 });
        return;
      }
      if (!result.ok) {
        await showInvitation(request, reply, event, request.params.token, {
          message: result.errors._form ?? 'This invitation cannot be accepted.',
          status: 409,
        });
        return;
      }
      const { code, title, needsBiography } = result.value;
      if (needsBiography) {
        redirectWithFlash(
          reply,
          `/${event.slug}/me/profile`,
          `You are now a speaker of “${title}”. Please check your name and write your biography.`,
        );
        return;
      }
      redirectWithFlash(reply, proposalUrl(event.slug, code), `You are now a speaker of “${title}”.`);
    },
  );

  // Declining needs no login: the link went to the invitee's address, and saying no gives nothing away.
  app.post(
    '/:event/me/invitations/:token/decline',
    { schema: { params: InvitationParams, body: ActionBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await attempt(() => declineInvitation(db, event, request.params.token, { publicUrl }));
      if (!result.ok) {
        await showInvitation(request, reply, event, request.params.token, {
          message: result.errors._form ?? 'This invitation cannot be declined.',
          status: 409,
        });
        return;
      }
      redirectWithFlash(
        reply,
        `/${event.slug}/me/invitations/${encodeURIComponent(request.params.token)}`,
        `You declined the invitation to speak on “${result.value.title}”. We have told the speaker who invited you.`,
      );
    },
  );

  const showProfile = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    problem?: {
      values?: ProfileFormValues;
      errors?: FormErrors;
      photoErrors?: FormErrors;
      copyErrors?: FormErrors;
      availabilityValues?: AvailabilityFormValues;
      availabilityErrors?: FormErrors;
    },
    status?: number,
  ) => {
    const profile = await loadSpeakerProfile(db, request.actor, event);
    const [availability, otherProfiles] = await Promise.all([
      listOwnAvailability(db, request.actor, event),
      profile ? listOwnOtherProfiles(db, request.actor, event) : [],
    ]);
    sendPage(
      reply,
      ProfilePage({
        ...common(request, reply, event),
        profile,
        otherProfiles,
        timezone: event.timezone,
        availability,
        ...problem,
      }),
      status ?? (problem ? 400 : 200),
    );
  };

  app.get('/:event/me/profile', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showProfile(request, reply, event);
  });

  app.post('/:event/me/profile', { schema: { params: EventParams, body: ProfileBody } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const actor = requireActor(request.actor);
    const { name, biography, photoUrl } = request.body;
    const links = linkRows(request.body);
    const result = await formAction(() => saveSpeakerProfile(db, actor, event, { name, biography, photoUrl, links }));
    if (!result.ok) {
      await showProfile(request, reply, event, { values: { name, biography, photoUrl, links }, errors: result.errors });
      return;
    }
    redirectWithFlash(reply, `/${event.slug}/me/profile`, 'Your speaker profile is saved.');
  });

  // Only this route takes multipart forms (a file): the plugin is registered for it alone.
  await app.register(async (scope) => {
    const photos = scope.withTypeProvider<TypeBoxTypeProvider>();
    await photos.register(multipartForm, { maxFileBytes: MAX_PHOTO_UPLOAD_BYTES });
    photos.post(
      '/:event/me/profile/photo',
      { schema: { params: EventParams, body: PhotoBody } },
      async (request, reply) => {
        const event = await findEventBySlug(db, request.params.event);
        const actor = requireActor(request.actor);
        const { photo } = request.body;
        // No file (or a form not sent as multipart/form-data) is an empty upload: "choose an image file".
        const upload = Buffer.isBuffer(photo) ? photo : Buffer.alloc(0);
        const result = await formAction(() => uploadSpeakerPhoto(db, actor, event, upload));
        if (!result.ok) {
          await showProfile(request, reply, event, { photoErrors: result.errors });
          return;
        }
        redirectWithFlash(reply, `/${event.slug}/me/profile`, 'Your photo is saved.');
      },
    );
  });

  app.post(
    '/:event/me/profile/photo/delete',
    { schema: { params: EventParams, body: ActionBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      await removeSpeakerPhoto(db, request.actor, event);
      redirectWithFlash(reply, `/${event.slug}/me/profile`, 'Your photo is removed: the program shows your initials.');
    },
  );

  app.post(
    '/:event/me/profile/copy',
    { schema: { params: EventParams, body: CopyProfileBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await formAction(() => copySpeakerProfile(db, request.actor, event, request.body.from));
      if (!result.ok) {
        await showProfile(request, reply, event, { copyErrors: result.errors });
        return;
      }
      redirectWithFlash(
        reply,
        `/${event.slug}/me/profile`,
        `Your biography, photo and links are now those of your profile at ${result.value.from.eventName}.`,
      );
    },
  );

  app.post(
    '/:event/me/profile/availability',
    { schema: { params: EventParams, body: AvailabilityBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const { availableFrom, availableUntil } = request.body;
      const result = await formAction(() =>
        addOwnAvailability(db, request.actor, event, { start: availableFrom, end: availableUntil }),
      );
      if (!result.ok) {
        await showProfile(request, reply, event, {
          availabilityValues: { availableFrom, availableUntil },
          availabilityErrors: result.errors,
        });
        return;
      }
      redirectWithFlash(reply, `/${event.slug}/me/profile`, `You are available ${result.value.label}.`);
    },
  );

  app.post(
    '/:event/me/profile/availability/:window/delete',
    { schema: { params: WindowParams, body: ActionBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const removed = await removeOwnAvailability(db, request.actor, event, request.params.window);
      redirectWithFlash(reply, `/${event.slug}/me/profile`, `${removed.label} is removed from your availability.`);
    },
  );
};

export default speakerRoutes;
