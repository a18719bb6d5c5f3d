import { effectiveSetting, type CallForProposals } from '../../../modules/cfp/index.js';
import { formatInZone } from '../../../shared/time.js';
import { SpeakerLayout, type SpeakerPageProps } from './layout.js';
import { sessionTypeLabel } from './proposal-form.js';

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The call for proposals of an event: open or not, until when (in the event's time zone), and what to propose. */
export function CfpPage(props: SpeakerPageProps & { cfp: CallForProposals; timezone: string }): JSX.Element {
  const { cfp, event } = props;
  const when = (date: Date) => formatInZone(date, props.timezone);
  const submitUrl = `/${event.slug}/cfp/submit`;
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
      {cfp.state === 'open' ? (
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
    </SpeakerLayout>
  );
}
