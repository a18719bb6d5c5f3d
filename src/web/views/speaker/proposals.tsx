import {
  answerText,
  MAX_WITHDRAWAL_REASON,
  type OwnProposalSummary,
  type ProposalDetail,
  type WithdrawalPage,
} from '../../../modules/cfp/index.js';
import { renderMarkdown } from '../../../shared/markdown.js';
import { formatInZone } from '../../../shared/time.js';
import { CsrfField, ErrorSummary, PostButton, TextArea, TextField, type FormErrors } from '../forms.js';
import { SpeakerLayout, STATE_EXPLANATIONS, StateBadge, type SpeakerPageProps } from './layout.js';
import {
  NameWarning,
  ProposalButtons,
  ProposalFields,
  proposalFieldLabels,
  type ProposalFormValues,
} from './proposal-form.js';

export function proposalUrl(eventSlug: string, code: string): string {
  return `/${eventSlug}/me/proposals/${encodeURIComponent(code)}`;
}

export function ProposalListPage(
  props: SpeakerPageProps & { proposals: OwnProposalSummary[]; timezone: string; cfpOpen: boolean },
): JSX.Element {
  const { event } = props;
  return (
    <SpeakerLayout {...props} title="Your proposals" section="proposals">
      <h1 safe>{`Your proposals to ${event.name}`}</h1>
      {props.proposals.length === 0 ? (
        <p>You have no proposals at this event yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">Your proposals and their states</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Speakers</th>
                <th scope="col">State</th>
                <th scope="col">Submitted</th>
              </tr>
            </thead>
            <tbody>
              {props.proposals.map((proposal) => (
                <tr>
                  <td>
                    <a href={proposalUrl(event.slug, proposal.code)} safe>
                      {proposal.title}
                    </a>
                  </td>
                  <td safe>{proposal.speakerNames.join(', ')}</td>
                  <td>
                    <StateBadge state={proposal.state} />
                  </td>
                  <td>{proposal.submittedAt ? formatInZone(proposal.submittedAt, props.timezone) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.cfpOpen ? (
        <p>
          <a class="button" href={`/${event.slug}/cfp/submit`}>
            Propose a talk
          </a>
        </p>
      ) : (
        ''
      )}
    </SpeakerLayout>
  );
}

/** The proposal's stored values, as the edit form shows them. */
export function storedValues(detail: ProposalDetail): ProposalFormValues {
  return {
    title: detail.title,
    description: detail.description,
    abstract: detail.abstract,
    track: detail.track?.slug,
    level: detail.level?.slug,
    duration: detail.durationMinutes === null ? '' : String(detail.durationMinutes),
    sessionType: detail.sessionType?.slug,
    notes: detail.notes,
    speakerName: detail.profile?.name,
    biography: detail.profile?.biography,
    answers: detail.answers,
  };
}

function Details(props: { detail: ProposalDetail }): JSX.Element {
  const { detail } = props;
  const questions = detail.form.questions.filter((q) => detail.answers[q.id] !== undefined);
  return (
    <section aria-labelledby="details">
      <h2 id="details">Your proposal</h2>
      <dl class="proposal-details">
        <dt>Description</dt>
        <dd class="prose">{(renderMarkdown(detail.description) || '—') as 'safe'}</dd>
        {detail.abstract ? (
          <>
            <dt>Abstract</dt>
            <dd class="prose">{renderMarkdown(detail.abstract) as 'safe'}</dd>
          </>
        ) : (
          ''
        )}
        {detail.track ? (
          <>
            <dt>Track</dt>
            <dd safe>{detail.track.name}</dd>
          </>
        ) : (
          ''
        )}
        {detail.level ? (
          <>
            <dt>Level</dt>
            <dd safe>{detail.level.name}</dd>
          </>
        ) : (
          ''
        )}
        {detail.sessionType ? (
          <>
            <dt>Session type</dt>
            <dd safe>{`${detail.sessionType.name} (${detail.sessionType.durationMinutes} minutes)`}</dd>
          </>
        ) : (
          ''
        )}
        {detail.durationMinutes !== null ? (
          <>
            <dt>Talk length</dt>
            <dd safe>{`${detail.durationMinutes} minutes`}</dd>
          </>
        ) : (
          ''
        )}
        {questions.map((question) => (
          <>
            <dt safe>{question.label + (question.isPublic ? ' (public)' : '')}</dt>
            <dd safe>{answerText(question.kind, detail.answers[question.id]!)}</dd>
          </>
        ))}
        {detail.notes ? (
          <>
            <dt>Notes to the organisers</dt>
            <dd class="prose">{renderMarkdown(detail.notes) as 'safe'}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
    </section>
  );
}

function Speakers(
  props: SpeakerPageProps & {
    detail: ProposalDetail;
    timezone: string;
    inviteErrors?: FormErrors | undefined;
    inviteEmail?: string | undefined;
  },
): JSX.Element {
  const { detail, event } = props;
  const base = proposalUrl(event.slug, detail.code);
  return (
    <section aria-labelledby="speakers">
      <h2 id="speakers">Speakers</h2>
      <ul class="speaker-profiles">
        {detail.speakers.map((speaker) => (
          <li>
            <h3 safe>{speaker.name + (speaker.isYou ? ' (you)' : '')}</h3>
            {speaker.biography ? (
              <div class="prose">{renderMarkdown(speaker.biography) as 'safe'}</div>
            ) : (
              <p class="hint">No biography yet.</p>
            )}
            {speaker.isYou ? <a href={`/${event.slug}/me/profile`}>Edit your name and biography</a> : ''}
          </li>
        ))}
      </ul>
      {detail.isSpeaker && detail.invitations.length > 0 ? (
        <>
          <h3>Invitations not yet accepted</h3>
          <ul>
            {detail.invitations.map((invitation) => (
              <li>
                <span safe>
                  {invitation.declinedAt
                    ? `${invitation.email} — declined on ${formatInZone(invitation.declinedAt, props.timezone)} `
                    : `${invitation.email} — ${invitation.expired ? 'expired on' : 'valid until'} ${formatInZone(invitation.expiresAt, props.timezone)} `}
                </span>
                <PostButton
                  action={`${base}/invitations/${invitation.id}/delete`}
                  csrf={props.csrf}
                  label={`Remove the invitation of ${invitation.email}`}
                  class="link-button"
                />
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {detail.isSpeaker && !detail.problems.invite ? (
        <>
          <h3 id="invite">Invite a co-speaker</h3>
          <ErrorSummary errors={props.inviteErrors} labels={{ email: 'Email' }} />
          <form class="form" method="post" action={`${base}/invitations`} novalidate aria-labelledby="invite">
            <CsrfField token={props.csrf} />
            <TextField
              name="email"
              label="Their email address"
              type="email"
              value={props.inviteEmail}
              required
              hint="We mail them a link, valid for 7 days. They accept it with their own account and write their own biography."
              errors={props.inviteErrors}
            />
            <div class="actions">
              <button type="submit">Send invitation</button>
            </div>
          </form>
        </>
      ) : (
        ''
      )}
    </section>
  );
}

export function ProposalPage(
  props: SpeakerPageProps & {
    detail: ProposalDetail;
    timezone: string;
    /** What the edit form shows: the stored proposal, or what was just typed. */
    values?: ProposalFormValues | undefined;
    errors?: FormErrors | undefined;
    inviteErrors?: FormErrors | undefined;
    inviteEmail?: string | undefined;
    nameWarnings?: string[] | undefined;
    askProfile: boolean;
  },
): JSX.Element {
  const { detail, event } = props;
  const base = proposalUrl(event.slug, detail.code);
  const editable = detail.isSpeaker && !detail.problems.edit;
  const nameWarnings = props.nameWarnings ?? detail.nameWarnings;
  const { _form: formProblem, ...fieldErrors } = props.errors ?? {};
  return (
    <SpeakerLayout {...props} title={detail.title} section="proposals">
      <h1 safe>{detail.title}</h1>
      <p>
        <StateBadge state={detail.state} /> <span safe>{STATE_EXPLANATIONS[detail.state]}</span>
      </p>
      {detail.submittedAt ? (
        <p class="hint" safe>
          {`Submitted on ${formatInZone(detail.submittedAt, props.timezone)}.`}
        </p>
      ) : (
        ''
      )}
      {detail.state === 'confirmed' && event.published ? (
        <p>
          <a href={`/${event.slug}/talks/${encodeURIComponent(detail.slug)}`}>See your talk on the program</a>
        </p>
      ) : (
        ''
      )}
      {!detail.isSpeaker ? (
        <p class="warning-box">
          You organise this event: you see this proposal as its speakers do, without changing it.{' '}
          <a href={`/orga/${event.slug}/proposals/${encodeURIComponent(detail.code)}`}>Open it in the back office</a>.
        </p>
      ) : (
        ''
      )}
      {detail.isSpeaker && detail.state === 'accepted' ? (
        <section aria-labelledby="confirm" class="warning-box">
          <h2 id="confirm">Will you give this talk?</h2>
          <p>
            Confirm, and your talk joins the public program with its speakers and their biographies. If you cannot give
            it, withdraw it.
          </p>
          <div class="actions">
            <PostButton action={`${base}/confirm`} csrf={props.csrf} label="Confirm: I will give this talk" />
            <PostButton
              action={`${base}/withdraw`}
              csrf={props.csrf}
              label="Withdraw this talk"
              class="button--danger"
            />
          </div>
        </section>
      ) : (
        ''
      )}
      {formProblem ? (
        <p class="flash flash--error" role="alert" safe>
          {formProblem}
        </p>
      ) : (
        ''
      )}
      <NameWarning names={nameWarnings} eventName={event.name} />
      {editable ? (
        <section aria-labelledby="edit">
          <h2 id="edit">{detail.state === 'draft' ? 'Edit your draft' : 'Edit your proposal'}</h2>
          <ErrorSummary errors={fieldErrors} labels={proposalFieldLabels(detail.form)} />
          <form class="form" method="post" action={base} novalidate>
            <CsrfField token={props.csrf} />
            <ProposalFields
              timezone={props.timezone}
              form={detail.form}
              values={props.values ?? storedValues(detail)}
              errors={fieldErrors}
              askProfile={props.askProfile}
              profile={detail.profile}
            />
            <ProposalButtons state={detail.state === 'draft' ? 'draft' : 'submitted'} />
          </form>
        </section>
      ) : (
        <>
          {!formProblem && detail.isSpeaker && (detail.state === 'draft' || detail.state === 'submitted') ? (
            <p class="flash flash--error" safe>
              {detail.problems.edit}
            </p>
          ) : (
            ''
          )}
          <Details detail={detail} />
        </>
      )}
      <Speakers {...props} detail={detail} />
      {detail.isSpeaker && !detail.problems.withdraw && detail.state !== 'accepted' ? (
        <section aria-labelledby="withdraw">
          <h2 id="withdraw">Withdraw</h2>
          {detail.state === 'confirmed' ? (
            <>
              <p>Withdrawing takes your talk off the program. This cannot be undone.</p>
              <p>
                <a class="button button--danger" href={`${base}/withdraw`}>
                  Withdraw this talk…
                </a>
              </p>
            </>
          ) : (
            <>
              <p>Withdrawing takes your proposal out of the running. This cannot be undone.</p>
              <PostButton
                action={`${base}/withdraw`}
                csrf={props.csrf}
                label="Withdraw this proposal"
                class="button--danger"
              />
            </>
          )}
        </section>
      ) : (
        ''
      )}
      <p>
        <a href={`/${event.slug}/me/proposals`}>All your proposals</a>
      </p>
    </SpeakerLayout>
  );
}

/**
 * The step before withdrawing a talk on the program: what it does (it leaves the published
 * schedule, or only the program while no release shows it), an optional reason for the
 * organisers, and the button.
 */
export function WithdrawPage(
  props: SpeakerPageProps & {
    withdrawal: WithdrawalPage;
    /** The latest release of the schedule shows the talk. */
    released: boolean;
    reason?: string | undefined;
    errors?: FormErrors | undefined;
  },
): JSX.Element {
  const { withdrawal, event } = props;
  const base = proposalUrl(event.slug, withdrawal.code);
  const confirmed = withdrawal.state === 'confirmed';
  const what = confirmed
    ? props.released
      ? 'This removes your talk from the published schedule and the program at once; the next release of the schedule lists it as cancelled. The organisers are told, with your reason.'
      : 'Your talk is confirmed, though not in a published schedule yet: this takes it off the program at once. The organisers are told, with your reason.'
    : 'This takes your proposal out of the running.';
  const { _form: formProblem, ...fieldErrors } = props.errors ?? {};
  return (
    <SpeakerLayout {...props} title={`Withdraw “${withdrawal.title}”`} section="proposals">
      <h1 safe>{`Withdraw “${withdrawal.title}”?`}</h1>
      <p class="warning-box" safe>
        {`${what} This cannot be undone.`}
      </p>
      {formProblem ? (
        <p class="flash flash--error" role="alert" safe>
          {formProblem}
        </p>
      ) : (
        ''
      )}
      <ErrorSummary errors={fieldErrors} labels={{ reason: 'Reason' }} />
      <form class="form" method="post" action={`${base}/withdraw`} novalidate>
        <CsrfField token={props.csrf} />
        <TextArea
          name="reason"
          label="Reason (optional)"
          value={props.reason}
          rows={4}
          maxlength={MAX_WITHDRAWAL_REASON}
          hint={
            confirmed
              ? 'For the organisers; the public never sees it.'
              : 'Kept with your proposal; the public never sees it.'
          }
          errors={fieldErrors}
        />
        <div class="actions">
          <button type="submit" class="button--danger">
            {confirmed ? 'Withdraw this talk' : 'Withdraw this proposal'}
          </button>
          <a href={base}>Keep it</a>
        </div>
      </form>
    </SpeakerLayout>
  );
}
