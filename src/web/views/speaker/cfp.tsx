import { effectiveSetting, type CallForProposals } from '../../../modules/cfp/index.js';
import { renderMarkdown } from '../../../shared/markdown.js';
import { formatInZone } from '../../../shared/time.js';
import { ErrorSummary, TextField, type FormErrors } from '../forms.js';
import { SpeakerLayout, type SpeakerPageProps } from './layout.js';
import { sessionTypeLabel } from './proposal-form.js';

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The call for proposals of an event: open or not, until when (in the event's time zone), and what to propose. */
export function CfpPage(
  props: SpeakerPageProps & {
    cfp: CallForProposals;
    timezone: string;
    /** The access code typed or brought by link; empty for none. */
    accessCode: string;
    errors?: FormErrors | undefined;
  },
): JSX.Element {
  const { cfp, event } = props;
  const when = (date: Date) => formatInZone(date, props.timezone);
  const grant = cfp.grant;
  const submitUrl = grant
    ? `/${event.slug}/cfp/submit?access_code=${encodeURIComponent(grant.code)}`
    : `/${event.slug}/cfp/submit`;
  // The field is named as pretalx's link names it, so that the form's address is the link's.
  const codeErrors = props.errors?.accessCode ? { access_code: props.errors.accessCode } : undefined;
  const mayPropose = cfp.state === 'open' || grant !== undefined;
  const unlocked = [
    ...cfp.form.sessionTypes
      .filter((type) => type.id === grant?.sessionTypeId)
      .map((type) => `the session type ${type.name}`),
    ...cfp.form.tracks.filter((track) => track.id === grant?.trackId).map((track) => `the track ${track.name}`),
  ];
  const status =
    cfp.state === 'open'
      ? `The call for proposals is open until ${when(cfp.closesAt!)}.`
      : cfp.state === 'upcoming'
        ? `The call for proposals opens on ${when(cfp.opensAt!)} and closes on ${when(cfp.closesAt!)}.`
        : cfp.state === 'closed'
          ? `The call for proposals closed on ${when(cfp.closesAt!)}.`
          : 'There is no open call for proposals yet.';
  const { form } = cfp;
  return (
    <SpeakerLayout {...props} title="Call for proposals" section="cfp">
      <h1 safe>{`Call for proposals: ${event.name}`}</h1>
      <p class={`lead cfp-state cfp-state--${cfp.state}`} safe>
        {status}
      </p>
      <p class="hint" safe>{`Times are in the event's time zone, ${props.timezone}.`}</p>
      {cfp.intro ? <div class="prose cfp-intro">{renderMarkdown(cfp.intro) as 'safe'}</div> : ''}
      {grant ? (
        <p class="flash flash--success" role="status" safe>
          {`Your access code ${grant.code} lets you propose whether or not the call for proposals is open` +
            (unlocked.length > 0 ? `, and offers ${listWords(unlocked)}.` : '.')}
        </p>
      ) : (
        ''
      )}
      {mayPropose ? (
        props.actor ? (
          <p class="actions">
            <a class="button" href={submitUrl}>
              Propose a talk
            </a>
          </p>
        ) : (
          <p class="actions">
            <a class="button" href={`/signup?next=${encodeURIComponent(submitUrl)}`}>
              Sign up to propose a talk
            </a>
            <span>
              Have an account? <a href={`/login?next=${encodeURIComponent(submitUrl)}`}>Log in</a>
            </span>
          </p>
        )
      ) : (
        ''
      )}
      {props.actor ? (
        <p>
          <a href={`/${event.slug}/me/proposals`}>See your proposals</a>
        </p>
      ) : (
        ''
      )}
      <h2>What to propose</h2>
      <dl class="cfp-facts">
        {form.sessionTypes.length > 0 ? (
          <>
            <dt>Session types</dt>
            <dd>
              <ul>
                {form.sessionTypes.map((type) => (
                  <li safe>{sessionTypeLabel(type, props.timezone)}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : (
          ''
        )}
        {effectiveSetting(form, 'duration') !== 'hidden' ? (
          <>
            <dt>Talk lengths</dt>
            <dd safe>{`${listWords(form.durations.map(String))} minutes`}</dd>
          </>
        ) : (
          ''
        )}
        {effectiveSetting(form, 'track') !== 'hidden' ? (
          <>
            <dt>Tracks</dt>
            <dd>
              <ul>
                {form.tracks.map((track) => (
                  <li safe>{track.name}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : (
          ''
        )}
        {effectiveSetting(form, 'level') !== 'hidden' ? (
          <>
            <dt>Levels</dt>
            <dd safe>{listWords(form.levels.map((level) => level.name))}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <p>
        A proposal has a title and a description
        {effectiveSetting(form, 'abstract') === 'required' ? ', an abstract' : ''}
        {form.questions.length > 0 ? ', and a few questions from the organisers' : ''}. You can save a draft and come
        back to it, invite co-speakers, and edit your proposal until the call for proposals closes.
      </p>
      <section aria-labelledby="access-code">
        <h2 id="access-code">Have an access code?</h2>
        <ErrorSummary errors={codeErrors} labels={{ access_code: 'Access code' }} />
        <form class="form" method="get" action={`/${event.slug}/cfp`} novalidate>
          <TextField
            name="access_code"
            label="Access code"
            value={props.accessCode}
            maxlength={64}
            hint="Organisers send access codes to invited speakers: one may let you propose after the deadline, or a session type or track not open to everyone."
            errors={codeErrors}
          />
          <div class="actions">
            <button type="submit" class="button--secondary">
              Use this code
            </button>
          </div>
        </form>
      </section>
    </SpeakerLayout>
  );
}
