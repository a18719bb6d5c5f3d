import type { Actor } from '../../../modules/accounts/index.js';
import type { EventRecord } from '../../../modules/program/index.js';
import { formatInZone, TIME_ZONES } from '../../../shared/time.js';
import { Checkbox, CsrfField, ErrorSummary, TextArea, TextField, TimeZoneField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';

/** The settings form's values as typed (numbers as text), so that a refused form comes back as it was sent. */
export interface SettingsFormValues {
  name: string;
  slug: string;
  timezone: string;
  startsOn: string;
  endsOn: string;
  cfpOpensAt: string;
  cfpClosesAt: string;
  published: boolean;
  anonymisedReview: boolean;
  reviewOpen: boolean;
  reviewsHiddenUntilReviewed: boolean;
  reviewScoreMin: string;
  reviewScoreMax: string;
  venueName: string;
  venueAddress: string;
  venueMapUrl: string;
  description: string;
  logoUrl: string;
  brandColor: string;
}

export const SETTINGS_LABELS: Record<keyof SettingsFormValues, string> = {
  name: 'Name',
  slug: 'Slug',
  timezone: 'Time zone',
  startsOn: 'First day',
  endsOn: 'Last day',
  cfpOpensAt: 'Call for proposals opens',
  cfpClosesAt: 'Call for proposals closes',
  published: 'Published',
  anonymisedReview: 'Anonymised review',
  reviewOpen: 'Reviewing is closed',
  reviewsHiddenUntilReviewed: 'Reviews shown before reviewing',
  reviewScoreMin: 'Lowest score',
  reviewScoreMax: 'Highest score',
  venueName: 'Venue',
  venueAddress: 'Venue address',
  venueMapUrl: 'Map link',
  description: 'Description',
  logoUrl: 'Logo address',
  brandColor: 'Brand colour',
};

export function EventSettingsPage(props: {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  values: SettingsFormValues;
  errors?: FormErrors | undefined;
  /** The event has score categories: the scale is their weighted sums. */
  scaleFromCategories?: boolean | undefined;
}): JSX.Element {
  const scaleHint = props.scaleFromCategories
    ? 'Set by the score categories (the lowest and highest weighted sums): change them on the review dashboard.'
    : undefined;
  const { event, values, errors } = props;
  const zone = event.timezone;
  const when = (date: Date | null) => (date ? `Now: ${formatInZone(date, zone)}.` : 'Not set.');
  return (
    <SiteLayout
      title="Event settings"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'settings', organiser: true }}
    >
      <h1>Event settings</h1>
      <ErrorSummary errors={errors} labels={SETTINGS_LABELS} />
      <form class="form" method="post" action={`/orga/${event.slug}/settings`} novalidate>
        <CsrfField token={props.csrf} />
        <TextField
          name="name"
          label={SETTINGS_LABELS.name}
          value={values.name}
          required
          maxlength={120}
          errors={errors}
        />
        <TextField
          name="slug"
          label={SETTINGS_LABELS.slug}
          value={values.slug}
          required
          maxlength={60}
          hint={`Part of every address of the event: /${event.slug}. Changing it moves the public pages and the API to the new address, and links to the old one stop working.`}
          errors={errors}
        />
        <TimeZoneField
          name="timezone"
          label={SETTINGS_LABELS.timezone}
          value={values.timezone}
          zones={TIME_ZONES}
          required
          hint="Type to search the list, e.g. America/Los_Angeles or Europe/Berlin. The times below are read in this zone."
          errors={errors}
        />
        <TextField
          name="startsOn"
          type="date"
          label={SETTINGS_LABELS.startsOn}
          value={values.startsOn}
          hint="YYYY-MM-DD"
          errors={errors}
        />
        <TextField
          name="endsOn"
          type="date"
          label={SETTINGS_LABELS.endsOn}
          value={values.endsOn}
          hint="YYYY-MM-DD"
          errors={errors}
        />
        <fieldset class="field">
          <legend>On the event's page</legend>
          <TextField
            name="venueName"
            label={SETTINGS_LABELS.venueName}
            value={values.venueName}
            maxlength={300}
            hint="Where the event happens, e.g. UCSF Mission Bay Conference Center."
            errors={errors}
          />
          <TextArea
            name="venueAddress"
            label={SETTINGS_LABELS.venueAddress}
            value={values.venueAddress}
            rows={3}
            errors={errors}
          />
          <TextField
            name="venueMapUrl"
            type="url"
            label={SETTINGS_LABELS.venueMapUrl}
            value={values.venueMapUrl}
            hint="A link to a map of the venue, starting with https://."
            errors={errors}
          />
          <TextArea
            name="description"
            label={SETTINGS_LABELS.description}
            value={values.description}
            rows={5}
            hint="A few sentences about the event, shown on its page and on the list of events. Markdown."
            errors={errors}
          />
          <TextField
            name="logoUrl"
            type="url"
            label={SETTINGS_LABELS.logoUrl}
            value={values.logoUrl}
            hint="The address of the event's logo (https://…), shown on its page."
            errors={errors}
          />
          <TextField
            name="brandColor"
            label={SETTINGS_LABELS.brandColor}
            value={values.brandColor}
            maxlength={7}
            hint="The colour of the event's header behind white text, as #rrggbb (e.g. #14213d). It must be dark enough for white text to read on it (contrast 4.5:1 or more). Empty: Lectern's own."
            errors={errors}
          />
        </fieldset>
        <fieldset class="field">
          <legend>Call for proposals</legend>
          <TextField
            name="cfpOpensAt"
            type="datetime-local"
            label={SETTINGS_LABELS.cfpOpensAt}
            value={values.cfpOpensAt}
            hint={`In the event's time zone (${zone}). Empty: open until it closes. ${when(event.cfpOpensAt)}`}
            errors={errors}
          />
          <TextField
            name="cfpClosesAt"
            type="datetime-local"
            label={SETTINGS_LABELS.cfpClosesAt}
            value={values.cfpClosesAt}
            hint={`In the event's time zone (${zone}). Empty: the call for proposals is not open. ${when(event.cfpClosesAt)}`}
            errors={errors}
          />
        </fieldset>
        <Checkbox
          name="published"
          label="Published: the program is on the public pages and the API"
          checked={values.published}
          hint="Unpublished, the event's public pages answer 404; the team still works on it here."
          errors={errors}
        />
        <fieldset class="field">
          <legend>Review</legend>
          <Checkbox
            name="anonymisedReview"
            label="Anonymised review: reviewers never see who proposed a talk"
            checked={values.anonymisedReview}
            errors={errors}
          />
          <Checkbox
            name="reviewClosed"
            label="Reviewing is closed: reviews can no longer be written, changed or deleted"
            checked={!values.reviewOpen}
            hint="Close it when the decisions begin. Proposals with a decision take no reviews either way."
            errors={errors}
          />
          <Checkbox
            name="reviewsShownBeforeReviewing"
            label="Reviewers see the other reviews of a proposal before reviewing it"
            checked={!values.reviewsHiddenUntilReviewed}
            hint="Unticked (the default), a reviewer sees others' scores and comments only once their own review is saved. Organisers always see them."
            errors={errors}
          />
          <TextField
            name="reviewScoreMin"
            type="number"
            label={SETTINGS_LABELS.reviewScoreMin}
            value={values.reviewScoreMin}
            required
            min={-10}
            max={10}
            hint={scaleHint}
            errors={errors}
          />
          <TextField
            name="reviewScoreMax"
            type="number"
            label={SETTINGS_LABELS.reviewScoreMax}
            value={values.reviewScoreMax}
            required
            min={-9}
            max={100}
            hint={scaleHint}
            errors={errors}
          />
        </fieldset>
        <div class="actions">
          <button type="submit">Save settings</button>
        </div>
      </form>
      <p>
        The proposal form's fields and the talk lengths speakers may choose are on the{' '}
        <a href={`/orga/${event.slug}/cfp`}>proposal form</a> page.
      </p>
    </SiteLayout>
  );
}
