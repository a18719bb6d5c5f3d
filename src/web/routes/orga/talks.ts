import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../modules/accounts/index.js';
import {
  addTalkSpeaker,
  cancelProgramTalk,
  clearTalkAttention,
  createProgramTalk,
  deleteProgramTalk,
  findEventBySlug,
  getProgramTalk,
  getSpeakerProfile,
  listLevels,
  listSessionTypes,
  listProgramTalks,
  listSpeakerProfiles,
  listTracks,
  moveTalkSpeaker,
  removeTalkSpeaker,
  updateProgramTalk,
  updateSpeakerProfile,
  type EventRecord,
  type ProgramTalk,
  type TalkFields,
} from '../../../modules/program/index.js';
import { listSpeakerAvailability } from '../../../modules/schedule/index.js';
import type { FormErrors } from '../../views/forms.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import {
  DeleteTalkPage,
  EditTalkPage,
  NewTalkPage,
  SpeakerPage,
  SpeakersListPage,
  TalksListPage,
  type TalkFormValues,
} from '../../views/orga/talks.js';
import { EventParams, type OrgaRoutesOptions } from './index.js';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const TalkParams = Type.Object({
  event: EventParams.properties.event,
  code: Type.String({ pattern: '^[A-Za-z0-9]{1,20}$' }),
});
const TalkSpeakerParams = Type.Object({ ...TalkParams.properties, speakerId: Id });
const SpeakerParams = Type.Object({ event: EventParams.properties.event, id: Id });
const Text = (max: number) => Type.String({ maxLength: max });
/**
 * The recording select: "" not asked, "false" may be recorded, "true" do not record. An enum
 * rather than a union of literals, so that a refusal lists the choices in one sentence.
 */
const RecordingChoice = Type.Unsafe<'' | 'false' | 'true'>(Type.String({ enum: ['', 'false', 'true'] }));
const TalkBody = Type.Object({
  title: Text(1000),
  description: Text(20_000),
  abstract: Text(80_000),
  trackId: Text(20),
  levelId: Text(20),
  durationMinutes: Text(20),
  expectedAudience: Type.Optional(Text(20)),
  language: Type.Optional(Text(50)),
  sessionType: Type.Optional(Text(1000)),
  sessionTypeId: Type.Optional(Text(20)),
  doNotRecord: Type.Optional(RecordingChoice),
});
const NewTalkBody = Type.Object({
  ...TalkBody.properties,
  speakerIds: Type.Optional(Type.Array(Text(20), { maxItems: 50 })),
  newSpeakerName: Type.Optional(Text(1000)),
  newSpeakerBiography: Type.Optional(Text(40_000)),
});
const AddSpeakerBody = Type.Object({
  speakerId: Type.Optional(Text(20)),
  newSpeakerName: Type.Optional(Text(1000)),
  newSpeakerBiography: Type.Optional(Text(40_000)),
});
const ListQuery = Type.Object({ attention: Type.Optional(Text(5)), track: Type.Optional(Text(20)) });
const MoveBody = Type.Object({ direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) });
const SpeakerBody = Type.Object({ name: Text(1000), biography: Text(40_000) });

/** An id chosen in a form: empty is none; anything but digits is NaN, for the module to refuse by name. */
function formId(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  return /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}

function talkFields(body: TalkFormValues): TalkFields {
  return {
    title: body.title,
    description: body.description,
    abstract: body.abstract,
    trackId: formId(body.trackId),
    levelId: formId(body.levelId),
    durationMinutes: formId(body.durationMinutes),
    expectedAudience: body.expectedAudience === undefined ? undefined : formId(body.expectedAudience),
    language: body.language,
    sessionType: body.sessionType,
    sessionTypeId: body.sessionTypeId === undefined ? undefined : formId(body.sessionTypeId),
    doNotRecord:
      body.doNotRecord === undefined ? undefined : body.doNotRecord === '' ? null : body.doNotRecord === 'true',
  };
}

function formValues(talk: ProgramTalk): TalkFormValues {
  return {
    title: talk.title,
    description: talk.description,
    abstract: talk.abstract,
    trackId: talk.trackId === null ? '' : String(talk.trackId),
    levelId: talk.levelId === null ? '' : String(talk.levelId),
    durationMinutes: talk.durationMinutes === null ? '' : String(talk.durationMinutes),
    expectedAudience: talk.expectedAudience === null ? '' : String(talk.expectedAudience),
    language: talk.language ?? '',
    sessionType: talk.sessionType ?? '',
    sessionTypeId: talk.sessionTypeId === null ? '' : String(talk.sessionTypeId),
    doNotRecord: talk.doNotRecord === null ? '' : String(talk.doNotRecord),
  };
}

/**
 * /orga/{event}/talks: the program's talks (imported or added here), each edited on its own
 * page; /orga/{event}/speakers: the speaker profiles behind them.
 */
const talkRoutes: FastifyPluginAsyncTypebox<OrgaRoutesOptions> = async (app, { db }) => {
  async function showNew(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    values: TalkFormValues,
    errors?: FormErrors,
  ) {
    const [tracks, levels, sessionTypes, speakers] = [
      await listTracks(db, request.actor, event),
      await listLevels(db, request.actor, event),
      await listSessionTypes(db, request.actor, event),
      await listSpeakerProfiles(db, request.actor, event),
    ];
    sendPage(
      reply,
      NewTalkPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        event,
        tracks,
        levels,
        sessionTypes,
        speakers,
        values,
        errors,
      }),
      errors ? 400 : 200,
    );
  }

  async function showEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    code: string,
    problem?: {
      values?: TalkFormValues;
      errors?: FormErrors;
      speakerValues?: Record<string, string>;
      speakerErrors?: FormErrors;
    },
  ) {
    const talk = await getProgramTalk(db, request.actor, event, code);
    const [tracks, levels, sessionTypes, speakers] = [
      await listTracks(db, request.actor, event),
      await listLevels(db, request.actor, event),
      await listSessionTypes(db, request.actor, event),
      await listSpeakerProfiles(db, request.actor, event),
    ];
    sendPage(
      reply,
      EditTalkPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: problem ? undefined : takeFlash(request, reply),
        event,
        talk,
        tracks,
        levels,
        sessionTypes,
        speakers,
        values: problem?.values ?? formValues(talk),
        errors: problem?.errors,
        speakerValues: problem?.speakerValues,
        speakerErrors: problem?.speakerErrors,
      }),
      problem ? 400 : 200,
    );
  }

  app.get('/orga/:event/talks', { schema: { params: EventParams, querystring: ListQuery } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const attention = request.query.attention === '1';
    const track = request.query.track ?? '';
    const trackId = formId(track);
    const list = await listProgramTalks(db, request.actor, event, {
      needsAttention: attention,
      trackId: trackId ?? undefined,
    });
    const tracks = await listTracks(db, request.actor, event);
    sendPage(
      reply,
      TalksListPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        ...list,
        tracks,
        filter: { attention, track },
      }),
    );
  });

  app.get('/orga/:event/talks/new', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showNew(request, reply, event, {
      title: '',
      description: '',
      abstract: '',
      trackId: '',
      levelId: '',
      durationMinutes: '',
      expectedAudience: '',
      language: '',
      sessionType: '',
      doNotRecord: '',
    });
  });

  app.post('/orga/:event/talks', { schema: { params: EventParams, body: NewTalkBody } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const { body } = request;
    const speakerIds = (body.speakerIds ?? []).map((id) => formId(id) ?? Number.NaN);
    const result = await formAction(() =>
      createProgramTalk(db, request.actor, event, {
        ...talkFields(body),
        speakerIds,
        newSpeaker: { name: body.newSpeakerName ?? '', biography: body.newSpeakerBiography ?? '' },
      }),
    );
    if (!result.ok) {
      await showNew(request, reply, event, body, result.errors);
      return;
    }
    redirectWithFlash(
      reply,
      `/orga/${event.slug}/talks/${result.value.code}`,
      `"${body.title.trim()}" is on the program.`,
    );
  });

  app.get('/orga/:event/talks/:code', { schema: { params: TalkParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showEdit(request, reply, event, request.params.code);
  });

  app.post('/orga/:event/talks/:code', { schema: { params: TalkParams, body: TalkBody } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const { code } = request.params;
    const result = await formAction(() => updateProgramTalk(db, request.actor, event, code, talkFields(request.body)));
    if (!result.ok) {
      await showEdit(request, reply, event, code, { values: request.body, errors: result.errors });
      return;
    }
    redirectWithFlash(reply, `/orga/${event.slug}/talks/${code}`, 'The talk is saved.');
  });

  app.post(
    '/orga/:event/talks/:code/speakers',
    { schema: { params: TalkParams, body: AddSpeakerBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const { code } = request.params;
      const { body } = request;
      const result = await formAction(() =>
        addTalkSpeaker(db, request.actor, event, code, {
          speakerId: formId(body.speakerId) ?? undefined,
          newSpeaker: { name: body.newSpeakerName ?? '', biography: body.newSpeakerBiography ?? '' },
        }),
      );
      if (!result.ok) {
        await showEdit(request, reply, event, code, {
          speakerValues: {
            speakerId: body.speakerId ?? '',
            newSpeakerName: body.newSpeakerName ?? '',
            newSpeakerBiography: body.newSpeakerBiography ?? '',
          },
          speakerErrors: result.errors,
        });
        return;
      }
      redirectWithFlash(reply, `/orga/${event.slug}/talks/${code}`, 'The speaker is added.');
    },
  );

  app.post(
    '/orga/:event/talks/:code/speakers/:speakerId/move',
    { schema: { params: TalkSpeakerParams, body: MoveBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const { code, speakerId } = request.params;
      await moveTalkSpeaker(db, request.actor, event, code, speakerId, request.body.direction);
      redirectWithFlash(reply, `/orga/${event.slug}/talks/${code}`, `The speaker moved ${request.body.direction}.`);
    },
  );

  app.post(
    '/orga/:event/talks/:code/speakers/:speakerId/remove',
    { schema: { params: TalkSpeakerParams } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const { code, speakerId } = request.params;
      await removeTalkSpeaker(db, request.actor, event, code, speakerId);
      redirectWithFlash(
        reply,
        `/orga/${event.slug}/talks/${code}`,
        'The speaker is removed from this talk; their profile stays.',
      );
    },
  );

  app.post('/orga/:event/talks/:code/checked', { schema: { params: TalkParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await clearTalkAttention(db, request.actor, event, request.params.code);
    redirectWithFlash(reply, `/orga/${event.slug}/talks/${request.params.code}`, 'The talk no longer needs attention.');
  });

  app.post('/orga/:event/talks/:code/cancel', { schema: { params: TalkParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const { title } = await cancelProgramTalk(db, request.actor, event, request.params.code);
    redirectWithFlash(
      reply,
      `/orga/${event.slug}/talks`,
      `"${title}" is cancelled: it left the program and is kept among the proposals as withdrawn.`,
    );
  });

  app.get('/orga/:event/talks/:code/delete', { schema: { params: TalkParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const talk = await getProgramTalk(db, request.actor, event, request.params.code);
    sendPage(reply, DeleteTalkPage({ actor: requireActor(request.actor), csrf: reply.generateCsrf(), event, talk }));
  });

  app.post('/orga/:event/talks/:code/delete', { schema: { params: TalkParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const { title } = await deleteProgramTalk(db, request.actor, event, request.params.code);
    redirectWithFlash(reply, `/orga/${event.slug}/talks`, `"${title}" is deleted.`);
  });

  app.get('/orga/:event/speakers', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const speakers = await listSpeakerProfiles(db, request.actor, event);
    sendPage(
      reply,
      SpeakersListPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        speakers,
      }),
    );
  });

  app.get('/orga/:event/speakers/:id', { schema: { params: SpeakerParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const speaker = await getSpeakerProfile(db, request.actor, event, request.params.id);
    sendPage(
      reply,
      SpeakerPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        speaker,
        availability: await listSpeakerAvailability(db, request.actor, event, speaker.id),
        values: { name: speaker.name, biography: speaker.biography },
      }),
    );
  });

  app.post(
    '/orga/:event/speakers/:id',
    { schema: { params: SpeakerParams, body: SpeakerBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await formAction(() =>
        updateSpeakerProfile(db, request.actor, event, request.params.id, request.body),
      );
      if (!result.ok) {
        const speaker = await getSpeakerProfile(db, request.actor, event, request.params.id);
        sendPage(
          reply,
          SpeakerPage({
            actor: requireActor(request.actor),
            csrf: reply.generateCsrf(),
            event,
            speaker,
            availability: await listSpeakerAvailability(db, request.actor, event, speaker.id),
            values: request.body,
            errors: result.errors,
          }),
          400,
        );
        return;
      }
      redirectWithFlash(reply, `/orga/${event.slug}/speakers/${request.params.id}`, 'The speaker profile is saved.');
    },
  );
};

export default talkRoutes;
