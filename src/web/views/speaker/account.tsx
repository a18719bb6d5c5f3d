import type { InvitationView, SpeakerProfile } from '../../../modules/cfp/index.js';
import type { AvailabilityWindow } from '../../../modules/schedule/index.js';
import { MAX_BIOGRAPHY, MAX_SPEAKER_NAME } from '../../../modules/cfp/index.js';
import { MAX_PHOTO_URL } from '../../../modules/program/index.js';
import { CsrfField, ErrorSummary, TextArea, TextField, type FormErrors } from '../forms.js';
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

export function ProfilePage(
  props: SpeakerPageProps & {
    profile: SpeakerProfile | undefined;
    values?: { name: string; biography: string; photoUrl?: string | null | undefined } | undefined;
    errors?: FormErrors | undefined;
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
          <ErrorSummary
            errors={props.errors}
            labels={{ name: 'Your name', biography: 'Your biography', photoUrl: 'Photo URL' }}
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
              hint="Optional: the https:// address of a square photo of you. Without one, the program shows your initials."
              errors={props.errors}
            />
            <div class="actions">
              <button type="submit">Save profile</button>
            </div>
          </form>
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
