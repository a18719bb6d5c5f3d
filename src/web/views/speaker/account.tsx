import type { InvitationView, OtherSpeakerProfile, SpeakerProfile } from '../../../modules/cfp/index.js';
import type { AvailabilityWindow } from '../../../modules/schedule/index.js';
import {
  speakerLinkField,
  MAX_BIOGRAPHY,
  MAX_LINK_TITLE,
  MAX_LINK_URL,
  MAX_SPEAKER_LINKS,
  MAX_SPEAKER_NAME,
} from '../../../modules/cfp/index.js';
import { MAX_PHOTO_UPLOAD_BYTES, MAX_PHOTO_URL, parseSpeakerPhotoPath } from '../../../modules/program/index.js';
import { Avatar } from '../public/talk-parts.js';
import { CsrfField, ErrorSummary, FileField, SelectField, TextArea, TextField, type FormErrors } from '../forms.js';
import { escapeHtml } from '../../../shared/html.js';
import { links } from '../../../shared/links.js';
import { withNext } from '../site-layout.js';
import { SpeakerLayout, type SpeakerPageProps } from './layout.js';
import { proposalUrl } from './proposals.js';

/**
 * An invitation to be a co-speaker, as whoever opened its link sees it. Signed out: what it is,
 * and links to log in or sign up that come back here. Signed in with the address it was sent
 * to: the button to accept. Signed in with another: which address it is for, and a log-out that
 * comes back here. Whoever holds the link may decline it.
 */
export function InvitationPage(
  props: SpeakerPageProps & {
    token: string;
    invitation: InvitationView | undefined;
    problem: string | undefined;
    /** The problem is that the invitation is for another address (a 403). */
    notYours: boolean;
  },
): JSX.Element {
  const { invitation, event } = props;
  const problem = props.problem ?? invitation?.problem;
  const here = links.speakerInvitation(event.slug, props.token);
  const open = invitation && !problem && !invitation.alreadySpeaker;
  const logOut = (
    <form method="post" action="/logout" class="inline-form">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="next" value={escapeHtml(here)} />
      <button type="submit">Log out and log in with that address</button>
    </form>
  );
  const decline = (
    <form class="form" method="post" action={`${here}/decline`}>
      <CsrfField token={props.csrf} />
      <p>Not for you, or no time? Declining tells the speaker who invited you.</p>
      <div class="actions">
        <button type="submit" class="button--secondary">
          Decline the invitation
        </button>
      </div>
    </form>
  );
  return (
    <SpeakerLayout {...props} title="Invitation to speak" section={undefined}>
      <h1>Invitation to speak</h1>
      {invitation ? (
        <>
          <p
            safe
          >{`${invitation.invitedBy} invites you to be a co-speaker of “${invitation.proposal.title}” at ${event.name}.`}</p>
          <p
            safe
          >{`The invitation was sent to ${invitation.maskedEmail}: only the account with that address can accept it.`}</p>
        </>
      ) : (
        ''
      )}
      {problem ? (
        <>
          <p class="flash flash--error" role="alert" safe>
            {problem}
          </p>
          {props.notYours ? logOut : ''}
        </>
      ) : invitation?.alreadySpeaker ? (
        <p>
          You already speak on this proposal. <a href={proposalUrl(event.slug, invitation.proposal.code)}>Open it</a>.
        </p>
      ) : !invitation ? (
        ''
      ) : invitation.forViewer === undefined ? (
        <>
          <p>
            Accepting makes you a speaker of this proposal with your own speaker profile at this event. Log in, or sign
            up if you have no account yet, with the address the invitation was sent to; you come back here to accept.
          </p>
          <p class="actions">
            <a class="button" href={withNext('/login', here)}>
              Log in to accept
            </a>{' '}
            <a class="button button--secondary" href={withNext('/signup', here)}>
              Sign up to accept
            </a>
          </p>
        </>
      ) : invitation.forViewer ? (
        <>
          <p>
            Accepting makes you a speaker of this proposal with your own speaker profile at this event: you can edit the
            proposal with the other speakers, and you write your own biography.
          </p>
          <form class="form" method="post" action={here}>
            <CsrfField token={props.csrf} />
            <div class="actions">
              <button type="submit">Accept the invitation</button>
            </div>
          </form>
        </>
      ) : (
        <>
          <p class="flash flash--warning" role="status" safe>
            {`This invitation is for ${invitation.maskedEmail}, and you are logged in with another address. To accept it, log out, then log in or sign up with that address.`}
          </p>
          {logOut}
        </>
      )}
      {open || (invitation?.status === 'closed' && !props.notYours) ? decline : ''}
    </SpeakerLayout>
  );
}

export interface AvailabilityFormValues {
  availableFrom: string;
  availableUntil: string;
}

/**
 * When one can give one's talk, as windows of local time in the event's zone. Stating none means
 * any time; organisers see the windows, and the schedule editor warns them about a talk placed
 * outside them.
 */
function AvailabilitySection(props: {
  eventSlug: string;
  csrf: string;
  timezone: string;
  windows: AvailabilityWindow[];
  values: AvailabilityFormValues | undefined;
  errors: FormErrors | undefined;
}): JSX.Element {
  const base = `/${props.eventSlug}/me/profile/availability`;
  return (
    <section aria-labelledby="availability">
      <h2 id="availability">When you can speak</h2>
      <p safe>
        {`If you can only speak at some times, state them here, in the event's local time (${props.timezone}). ` +
          'State nothing if any time suits you. The organisers see these when they make the schedule.'}
      </p>
      {props.windows.length === 0 ? (
        <p>You have stated no times: any time suits you.</p>
      ) : (
        <ul class="availability">
          {props.windows.map((window) => (
            <li>
              <span safe>{window.label}</span>{' '}
              <form method="post" action={`${base}/${window.id}/delete`} class="inline-form">
                <CsrfField token={props.csrf} />
                <button type="submit" class="link-button">
                  Remove<span class="visually-hidden" safe>{`: ${window.label}`}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <ErrorSummary
        errors={props.errors}
        labels={{ availableFrom: 'Available from', availableUntil: 'Available until' }}
      />
      <form class="form form--inline" method="post" action={base} novalidate>
        <CsrfField token={props.csrf} />
        <TextField
          name="availableFrom"
          type="datetime-local"
          label="Available from"
          value={props.values?.availableFrom}
          required
          errors={props.errors}
        />
        <TextField
          name="availableUntil"
          type="datetime-local"
          label="Available until"
          value={props.values?.availableUntil}
          required
          errors={props.errors}
        />
        <div class="actions">
          <button type="submit">Add these times</button>
        </div>
      </form>
    </section>
  );
}

export interface ProfileFormValues {
  name: string;
  biography: string;
  photoUrl?: string | null | undefined;
  links?: { title: string; url: string }[] | undefined;
}

const LINK_LABELS = Object.fromEntries(
  Array.from({ length: MAX_SPEAKER_LINKS }, (_, index) => [
    [speakerLinkField('title', index), `Link ${index + 1}, title`],
    [speakerLinkField('url', index), `Link ${index + 1}, address`],
  ]).flat(),
) as Record<string, string>;

/** The profile's links as rows of the form: the ones kept, then empty rows up to MAX_SPEAKER_LINKS. */
function LinkFields(props: { links: { title: string; url: string }[]; errors: FormErrors | undefined }): JSX.Element {
  return (
    <fieldset class="field">
      <legend>Your links</legend>
      <p class="hint">
        {`Optional: up to ${MAX_SPEAKER_LINKS} links your page on the program shows, such as your website, Mastodon or GitHub (https:// addresses). Without a title, a link is named after its site.`}
      </p>
      {Array.from({ length: MAX_SPEAKER_LINKS }, (_, index) => {
        const link = props.links[index];
        return (
          <div class="form--inline">
            <TextField
              name={speakerLinkField('title', index)}
              label={`Link ${index + 1}: title`}
              value={link?.title}
              maxlength={MAX_LINK_TITLE}
              errors={props.errors}
            />
            <TextField
              name={speakerLinkField('url', index)}
              label={`Link ${index + 1}: address`}
              type="url"
              value={link?.url}
              maxlength={MAX_LINK_URL}
              errors={props.errors}
            />
          </div>
        );
      })}
    </fieldset>
  );
}

/** The photo: the one the program shows, an upload form (the server cuts it square and strips its metadata), and removing it. */
function PhotoSection(props: {
  eventSlug: string;
  csrf: string;
  profile: SpeakerProfile;
  errors: FormErrors | undefined;
}): JSX.Element {
  const base = `/${props.eventSlug}/me/profile/photo`;
  const megabytes = Math.round(MAX_PHOTO_UPLOAD_BYTES / (1024 * 1024));
  return (
    <section aria-labelledby="photo-heading">
      <h2 id="photo-heading">Your photo</h2>
      <div class="person">
        <Avatar name={props.profile.name} photoUrl={props.profile.photoUrl} large />
        <p>
          {props.profile.photoUrl
            ? parseSpeakerPhotoPath(props.profile.photoUrl)
              ? 'The program shows the photo you uploaded.'
              : 'The program shows the photo at the address you gave.'
            : 'You have no photo: the program shows your initials.'}
        </p>
      </div>
      <ErrorSummary errors={props.errors} labels={{ photo: 'Photo' }} />
      <form class="form" method="post" action={base} enctype="multipart/form-data" novalidate>
        <CsrfField token={props.csrf} />
        <FileField
          name="photo"
          label="Upload a photo"
          accept="image/jpeg,image/png,image/webp"
          required
          hint={`A JPEG, PNG or WebP image of at most ${megabytes} MB. It is cut to a square around its centre, made at most 512 pixels wide, and saved without its metadata (such as where it was taken).`}
          errors={props.errors}
        />
        <div class="actions">
          <button type="submit">Upload photo</button>
        </div>
      </form>
      {props.profile.photoUrl ? (
        <form class="form" method="post" action={`${base}/delete`}>
          <CsrfField token={props.csrf} />
          <div class="actions">
            <button type="submit" class="button--secondary">
              Remove photo
            </button>
          </div>
        </form>
      ) : (
        ''
      )}
    </section>
  );
}

/** "Use my profile from …": the biography, photo and links of one of one's profiles at another event. */
function CopyProfileSection(props: {
  eventSlug: string;
  csrf: string;
  others: OtherSpeakerProfile[];
  errors: FormErrors | undefined;
}): JSX.Element {
  if (props.others.length === 0) {
    // Only a form sent from elsewhere gets here with a problem: say it, with nothing to choose from.
    return props.errors?.from ? (
      <section aria-labelledby="reuse-heading">
        <h2 id="reuse-heading">Use a profile from another event</h2>
        <ErrorSummary errors={props.errors} labels={{ from: 'Your profile at' }} />
        <p class="error" id="from-error" safe>
          {props.errors.from}
        </p>
      </section>
    ) : (
      ''
    );
  }
  return (
    <section aria-labelledby="reuse-heading">
      <h2 id="reuse-heading">Use a profile from another event</h2>
      <p>
        You have spoken at other events. Take the biography, photo and links of your profile there into this one (your
        name here stays as it is); you can change them afterwards.
      </p>
      <ErrorSummary errors={props.errors} labels={{ from: 'Your profile at' }} />
      <form class="form form--inline" method="post" action={`/${props.eventSlug}/me/profile/copy`}>
        <CsrfField token={props.csrf} />
        <SelectField
          name="from"
          label="Your profile at"
          options={props.others.map((other) => ({ value: String(other.speakerId), label: other.eventName }))}
          errors={props.errors}
        />
        <div class="actions">
          <button type="submit">Use this profile</button>
        </div>
      </form>
    </section>
  );
}

export function ProfilePage(
  props: SpeakerPageProps & {
    profile: SpeakerProfile | undefined;
    otherProfiles: OtherSpeakerProfile[];
    values?: ProfileFormValues | undefined;
    errors?: FormErrors | undefined;
    photoErrors?: FormErrors | undefined;
    copyErrors?: FormErrors | undefined;
    timezone: string;
    availability: AvailabilityWindow[];
    availabilityValues?: AvailabilityFormValues | undefined;
    availabilityErrors?: FormErrors | undefined;
  },
): JSX.Element {
  const { event, profile } = props;
  const values = props.values ?? profile;
  return (
    <SpeakerLayout {...props} title="Your speaker profile" section="profile">
      <h1 safe>{`Your speaker profile at ${event.name}`}</h1>
      {profile ? (
        <>
          <p>
            This is how the program names and presents you, with each of your talks. Co-speakers each have their own.
          </p>
          <CopyProfileSection
            eventSlug={event.slug}
            csrf={props.csrf}
            others={props.otherProfiles}
            errors={props.copyErrors}
          />
          <ErrorSummary
            errors={props.errors}
            labels={{ name: 'Your name', biography: 'Your biography', photoUrl: 'Photo URL', ...LINK_LABELS }}
          />
          <form class="form" method="post" action={`/${event.slug}/me/profile`} novalidate>
            <CsrfField token={props.csrf} />
            <TextField
              name="name"
              label="Your name"
              value={values?.name}
              required
              autocomplete="name"
              maxlength={MAX_SPEAKER_NAME}
              hint="As the program should show it."
              errors={props.errors}
            />
            <TextArea
              name="biography"
              label="Your biography"
              value={values?.biography}
              rows={8}
              maxlength={MAX_BIOGRAPHY}
              hint="A few sentences about you, in the third person. Markdown works."
              errors={props.errors}
            />
            <TextField
              name="photoUrl"
              label="Photo URL"
              type="url"
              value={values?.photoUrl}
              maxlength={MAX_PHOTO_URL}
              hint="Optional: the https:// address of a square photo of you, or upload one below. Without one, the program shows your initials."
              errors={props.errors}
            />
            <LinkFields links={values?.links ?? []} errors={props.errors} />
            <div class="actions">
              <button type="submit">Save profile</button>
            </div>
          </form>
          <PhotoSection eventSlug={event.slug} csrf={props.csrf} profile={profile} errors={props.photoErrors} />
          <AvailabilitySection
            eventSlug={event.slug}
            csrf={props.csrf}
            timezone={props.timezone}
            windows={props.availability}
            values={props.availabilityValues}
            errors={props.availabilityErrors}
          />
        </>
      ) : (
        <p>
          You have no speaker profile at this event yet: it is made with your first proposal, or when you accept an
          invitation to speak. <a href={`/${event.slug}/cfp`}>See the call for proposals</a>.
        </p>
      )}
    </SpeakerLayout>
  );
}
