import type { InvitationView, SpeakerProfile } from '../../../modules/cfp/index.js';
import { MAX_BIOGRAPHY, MAX_SPEAKER_NAME } from '../../../modules/cfp/index.js';
import { CsrfField, ErrorSummary, TextArea, TextField, type FormErrors } from '../forms.js';
import { SpeakerLayout, type SpeakerPageProps } from './layout.js';
import { proposalUrl } from './proposals.js';

/** An invitation to be a co-speaker, as the signed-in person who opened its link sees it. */
export function InvitationPage(
  props: SpeakerPageProps & { token: string; invitation: InvitationView | undefined; problem: string | undefined },
): JSX.Element {
  const { invitation, event } = props;
  const problem = props.problem ?? invitation?.problem;
  return (
    <SpeakerLayout {...props} title="Invitation to speak" section={undefined}>
      <h1>Invitation to speak</h1>
      {invitation ? (
        <p
          safe
        >{`${invitation.invitedBy} invites you to be a co-speaker of “${invitation.proposal.title}” at ${event.name}.`}</p>
      ) : (
        ''
      )}
      {problem ? (
        <p class="flash flash--error" role="alert" safe>
          {problem}
        </p>
      ) : invitation?.alreadySpeaker ? (
        <p>
          You already speak on this proposal. <a href={proposalUrl(event.slug, invitation.proposal.code)}>Open it</a>.
        </p>
      ) : invitation ? (
        <>
          <p>
            Accepting makes you a speaker of this proposal with your own speaker profile at this event: you can edit the
            proposal with the other speakers, and you write your own biography.
          </p>
          <form class="form" method="post" action={`/${event.slug}/me/invitations/${encodeURIComponent(props.token)}`}>
            <CsrfField token={props.csrf} />
            <div class="actions">
              <button type="submit">Accept the invitation</button>
            </div>
          </form>
        </>
      ) : (
        ''
      )}
    </SpeakerLayout>
  );
}

export function ProfilePage(
  props: SpeakerPageProps & {
    profile: SpeakerProfile | undefined;
    values?: { name: string; biography: string } | undefined;
    errors?: FormErrors | undefined;
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
          <ErrorSummary errors={props.errors} labels={{ name: 'Your name', biography: 'Your biography' }} />
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
            <div class="actions">
              <button type="submit">Save profile</button>
            </div>
          </form>
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
