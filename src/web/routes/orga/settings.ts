import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../../modules/accounts/index.js';
import { findEventBySlug, getEventSettings, updateEventSettings } from '../../../modules/program/index.js';
import { listReviewCategories } from '../../../modules/review/index.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import { EventSettingsPage, type SettingsFormValues } from '../../views/orga/settings.js';
import { EventParams, type OrgaRoutesOptions } from './index.js';

const Text = (max: number) => Type.String({ maxLength: max });
const SettingsBody = Type.Object({
  name: Text(200),
  slug: Text(200),
  timezone: Text(100),
  startsOn: Text(40),
  endsOn: Text(40),
  cfpOpensAt: Text(40),
  cfpClosesAt: Text(40),
  published: Type.Optional(Text(10)),
  anonymisedReview: Type.Optional(Text(10)),
  // Worded so that an unticked box (sent as nothing) means the default: open, hidden until reviewed.
  reviewClosed: Type.Optional(Text(10)),
  reviewsShownBeforeReviewing: Type.Optional(Text(10)),
  reviewScoreMin: Text(20),
  reviewScoreMax: Text(20),
  // The landing's fields; a form without them (an older page still open) clears them.
  venueName: Type.Optional(Text(400)),
  venueAddress: Type.Optional(Text(400)),
  venueMapUrl: Type.Optional(Text(2000)),
  description: Type.Optional(Text(6000)),
  logoUrl: Type.Optional(Text(2000)),
  brandColor: Type.Optional(Text(40)),
});

/** A whole number as typed in a form; anything else is NaN, for the module to refuse by name. */
function formInteger(value: string): number {
  const trimmed = value.trim();
  return /^-?\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** /orga/{event}/settings: name, slug, time zone, dates, venue and look, the CFP's window, publication and review. */
const settingsRoutes: FastifyPluginAsyncTypebox<OrgaRoutesOptions> = async (app, { db }) => {
  app.get('/orga/:event/settings', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const settings = getEventSettings(request.actor, event);
    const values: SettingsFormValues = {
      ...settings,
      reviewScoreMin: String(settings.reviewScoreMin),
      reviewScoreMax: String(settings.reviewScoreMax),
    };
    sendPage(
      reply,
      EventSettingsPage({
        actor: requireActor(request.actor),
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        values,
        scaleFromCategories: (await listReviewCategories(db, event.id)).length > 0,
      }),
    );
  });

  app.post('/orga/:event/settings', { schema: { params: EventParams, body: SettingsBody } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const { body } = request;
    const values: SettingsFormValues = {
      ...body,
      venueName: body.venueName ?? '',
      venueAddress: body.venueAddress ?? '',
      venueMapUrl: body.venueMapUrl ?? '',
      description: body.description ?? '',
      logoUrl: body.logoUrl ?? '',
      brandColor: body.brandColor ?? '',
      published: body.published !== undefined,
      anonymisedReview: body.anonymisedReview !== undefined,
      reviewOpen: body.reviewClosed === undefined,
      reviewsHiddenUntilReviewed: body.reviewsShownBeforeReviewing === undefined,
    };
    const scaleFromCategories = (await listReviewCategories(db, event.id)).length > 0;
    const result = await formAction(async () => {
      const reviewScoreMin = formInteger(body.reviewScoreMin);
      const reviewScoreMax = formInteger(body.reviewScoreMax);
      // With score categories, the scale is theirs: the lowest and highest weighted sums.
      if (scaleFromCategories && (reviewScoreMin !== event.reviewScoreMin || reviewScoreMax !== event.reviewScoreMax)) {
        throw new InvalidInputError(
          `is set by the score categories (${event.reviewScoreMin} to ${event.reviewScoreMax}): change them on the review dashboard`,
          reviewScoreMin !== event.reviewScoreMin ? 'reviewScoreMin' : 'reviewScoreMax',
        );
      }
      return updateEventSettings(db, request.actor, event, { ...values, reviewScoreMin, reviewScoreMax });
    });
    if (!result.ok) {
      sendPage(
        reply,
        EventSettingsPage({
          actor: requireActor(request.actor),
          csrf: reply.generateCsrf(),
          event,
          values,
          errors: result.errors,
          scaleFromCategories,
        }),
        400,
      );
      return;
    }
    const saved = result.value;
    const moved =
      saved.slug !== event.slug
        ? ` The event's public address is now /${saved.slug}, and links to /${event.slug} no longer work.`
        : '';
    redirectWithFlash(reply, `/orga/${saved.slug}/settings`, `The settings of ${saved.name} are saved.${moved}`);
  });
};

export default settingsRoutes;
