import type { Actor } from '../../../modules/accounts/index.js';
import type { EventRecord } from '../../../modules/program/index.js';
import { formatRange, type ObjectiveTerms, type WipPlacement } from '../../../modules/schedule/index.js';
import {
  PROPOSAL_SECONDS,
  type ProposalChange,
  type ProposalOutcome,
  type ProposalOverview,
  type ProposalProgress,
  type ScheduleProposal,
} from '../../../modules/schedule-proposals/index.js';
import { escapeHtml } from '../../../shared/html.js';
import { formatInZone } from '../../../shared/time.js';
import { scheduleProposalScript } from '../../assets.js';
import { Checkbox, CsrfField, ErrorSummary, PostButton, SelectField, TextField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';
import { ScheduleNav, whyText } from './schedule.js';

export { whyText };

/**
 * /orga/{event}/schedule/proposal: "Propose a schedule". The start form; while the solver runs,
 * its progress (a meta refresh every 2 s without JavaScript, schedule-proposal.js polling the
 * progress route with it) and a Stop button; then the result: the objective's terms before and
 * after with their weights, the gap to the bound, and the changes against the work-in-progress
 * schedule, each with a checkbox and "why here". Nothing here releases anything.
 */

export interface ProposalFormValues {
  seconds?: string | undefined;
  seed?: string | undefined;
  keepPlaced?: boolean | undefined;
}

export interface ProposalPageProps {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  overview: ProposalOverview;
  values?: ProposalFormValues | undefined;
  errors?: FormErrors | undefined;
}

const TERMS: [keyof ObjectiveTerms, string][] = [
  ['missed', 'Missed preferred talks'],
  ['overflow', 'Audience over capacity'],
  ['parallel', 'Same-track talks in parallel'],
  ['moved', 'Talks moved'],
];

const STATUS_WORDS: Record<ScheduleProposal['status'], string> = {
  running: 'Running',
  done: 'Done',
  stopped: 'Stopped',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

const KIND_WORDS: Record<ProposalChange['kind'], string> = {
  placed: 'Placed',
  moved: 'Moved',
  unplaced: 'Unplaced',
  unchanged: 'Unchanged',
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function termsText(terms: ObjectiveTerms): string {
  return TERMS.map(([key, label]) => `${label.toLowerCase()}: ${terms[key]}`).join(', ');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "within 1.2% of the best possible", or why there is no such figure. */
export function gapText(outcome: ProposalOutcome): string {
  const missed = outcome.terms.missed;
  if (outcome.lowerBound === null) {
    return outcome.unplaced.length > 0
      ? `No bound: ${plural(outcome.unplaced.length, 'talk', 'talks')} could not be placed, and the bound holds only for schedules that place every talk.`
      : 'No bound: it could not be computed in the time given.';
  }
  const bound = outcome.lowerBound;
  const unproved = outcome.boundExact
    ? ''
    : ' (the bound was still rising when time ran out: the true gap may be smaller)';
  if (outcome.gap === 0) {
    return bound === 0
      ? 'The best possible: no attendee misses a preferred talk.'
      : `The best possible: every schedule misses at least ${bound} preferred talks.`;
  }
  if (outcome.gap === null) {
    return `The bound is 0 missed preferred talks, so no percentage can be given; this schedule misses ${missed}${unproved}.`;
  }
  return `Within ${(outcome.gap * 100).toFixed(1)}% of the best possible: ${missed} missed preferred talks, and every schedule misses at least ${bound}${unproved}.`;
}

function placeText(p: WipPlacement | undefined, rooms: ProposalOverview['review'], zone: string, none = '–'): string {
  if (!p || !rooms) return none;
  return `${rooms.rooms.get(p.roomId)?.name ?? 'a room'}, ${formatRange(p.startsAt, p.endsAt, zone)}`;
}

function ProgressSection(props: {
  proposal: ScheduleProposal;
  eventSlug: string;
  zone: string;
  csrf: string;
}): JSX.Element {
  const { proposal } = props;
  const p: ProposalProgress | null = proposal.progress;
  const base = `/orga/${props.eventSlug}/schedule/proposal`;
  const elapsed: string = p ? `${seconds(p.elapsedMs)} of ${seconds(p.budgetMs)}` : 'starting…';
  const phase: string = p?.phase ?? '–';
  const best: string = p ? termsText(p.best) : '–';
  const unplaced: string = p ? String(p.unplaced) : '–';
  return (
    <section aria-labelledby="progress" data-proposal-progress={`${base}/progress`}>
      <noscript>
        <meta http-equiv="refresh" content="2" />
      </noscript>
      <h2 id="progress">The solver is running</h2>
      <p safe>
        {`Started ${formatInZone(proposal.startedAt, props.zone)} with a budget of ${proposal.options.seconds} s (${proposal.options.keepPlaced ? 'keeping placed talks' : 're-placing every talk'}, seed ${proposal.options.seed}). This page follows it.`}
      </p>
      <dl class="proposal-progress" aria-live="polite">
        <dt>Time</dt>
        <dd data-field="elapsed" safe>
          {elapsed}
        </dd>
        <dt>Phase</dt>
        <dd data-field="phase" safe>
          {phase}
        </dd>
        <dt>Best so far</dt>
        <dd data-field="best" safe>
          {best}
        </dd>
        <dt>Unplaced talks</dt>
        <dd data-field="unplaced" safe>
          {unplaced}
        </dd>
        <dt>Lower bound</dt>
        <dd data-field="bound" safe>
          {p?.lowerBound == null ? 'not yet' : `${p.lowerBound} missed preferred talks`}
        </dd>
      </dl>
      {proposal.stopRequested ? (
        <p>Stopping: the best schedule so far is kept.</p>
      ) : (
        <PostButton action={`${base}/${proposal.id}/stop`} csrf={props.csrf} label="Stop (keep the best so far)" />
      )}
      <script src={scheduleProposalScript.url} defer></script>
    </section>
  );
}

function beforeText(before: ObjectiveTerms | undefined, key: keyof ObjectiveTerms): string {
  return before ? String(before[key]) : '–';
}

function TermsTable(props: { before: ObjectiveTerms | undefined; outcome: ProposalOutcome }): JSX.Element {
  const { outcome } = props;
  return (
    <div class="table-wrap">
      <table class="data">
        <caption>The objective, most important first</caption>
        <thead>
          <tr>
            <th scope="col">Term</th>
            <th scope="col">Weight</th>
            <th scope="col">Now</th>
            <th scope="col">Proposed</th>
          </tr>
        </thead>
        <tbody>
          {TERMS.map(([key, label]) => (
            <tr>
              <th scope="row" safe>
                {label}
              </th>
              <td safe>{String(outcome.weights[key])}</td>
              <td safe>{beforeText(props.before, key)}</td>
              <td safe>{String(outcome.terms[key])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ResultSection(props: { overview: ProposalOverview; event: EventRecord; csrf: string }): JSX.Element {
  const review = props.overview.review!;
  const { proposal, changes } = review;
  const outcome = proposal.outcome!;
  const zone = props.event.timezone;
  const base = `/orga/${props.event.slug}/schedule/proposal/${proposal.id}`;
  const offered = changes.filter((c) => c.kind === 'placed' || c.kind === 'moved');
  const count = (kind: ProposalChange['kind']) => changes.filter((c) => c.kind === kind).length;
  return (
    <section aria-labelledby="result">
      <h2 id="result">
        {proposal.status === 'stopped' ? 'The proposal (stopped: the best found so far)' : 'The proposal'}
      </h2>
      <p safe>
        {`Found in ${seconds(outcome.elapsedMs)} (${outcome.iterations} moves tried). ${count('placed')} to place, ${count('moved')} to move, ${count('unplaced')} unplaced, ${count('unchanged')} unchanged.`}
      </p>
      <p safe>{gapText(outcome)}</p>
      {outcome.lexicographic ? (
        ''
      ) : (
        <p>
          This event is too large for weights that put each term strictly before the next: they keep the order but may
          trade a little of one term for much of the next.
        </p>
      )}
      <TermsTable before={proposal.setup?.before} outcome={outcome} />
      {review.changedSince > 0 ? (
        <p class="warning-box" role="status" safe>
          {`The work-in-progress schedule changed since this proposal started (${plural(review.changedSince, 'talk', 'talks')} placed, moved or taken off): the changes below are against the schedule as it is now. Accepting is still possible.`}
        </p>
      ) : (
        ''
      )}
      <p>
        Accepting writes the ticked changes to the work-in-progress schedule, all at once or not at all. Nothing is
        released: release the schedule when it is ready.
      </p>
      <form class="form" method="post" action={`${base}/apply`}>
        <CsrfField token={props.csrf} />
        <div class="table-wrap">
          <table class="data proposal-changes">
            <caption>The changes against the work-in-progress schedule</caption>
            <thead>
              <tr>
                <th scope="col">Accept</th>
                <th scope="col">Change</th>
                <th scope="col">Talk</th>
                <th scope="col">Now</th>
                <th scope="col">Proposed</th>
                <th scope="col">Why here</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr>
                  <td>
                    {change.kind === 'placed' || change.kind === 'moved' ? (
                      <input
                        type="checkbox"
                        name="talk"
                        value={String(change.talk.id)}
                        checked
                        id={`talk-${change.talk.id}`}
                        aria-label={escapeHtml(`Accept: ${KIND_WORDS[change.kind]} ${change.talk.title}`)}
                      />
                    ) : (
                      ''
                    )}
                  </td>
                  <td safe>{KIND_WORDS[change.kind]}</td>
                  <td safe>{change.talk.title}</td>
                  <td safe>{placeText(change.from, review, zone, 'not placed')}</td>
                  <td safe>
                    {change.kind === 'unplaced'
                      ? `Not placed: ${change.reason ?? ''}`
                      : placeText(change.to, review, zone)}
                  </td>
                  <td safe>{change.kind === 'unplaced' ? '–' : whyText(change.why)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="actions">
          {offered.length > 0 ? (
            <>
              <button type="submit" name="action" value="all" safe>
                {`Accept all (${offered.length})`}
              </button>
              <button type="submit" name="action" value="selected">
                Accept selected
              </button>
            </>
          ) : (
            <p>The proposal changes nothing.</p>
          )}
        </div>
      </form>
      <PostButton action={`${base}/discard`} csrf={props.csrf} label="Discard" />
    </section>
  );
}

function StartForm(props: {
  event: EventRecord;
  csrf: string;
  overview: ProposalOverview;
  values: ProposalFormValues | undefined;
  errors: FormErrors | undefined;
  again: boolean;
}): JSX.Element {
  const { overview } = props;
  const base = `/orga/${props.event.slug}/schedule`;
  if (overview.timeSlots === 0) {
    return (
      <section aria-labelledby="start">
        <h2 id="start">Propose a schedule</h2>
        <p>
          The solver places talks in time slots, and this event has none yet: define the time slots first, on{' '}
          <a href={`${base}/time-slots`}>Time slots</a>.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="start">
      <h2 id="start">{props.again ? 'Propose again' : 'Propose a schedule'}</h2>
      <p safe>
        {`The solver places the ${plural(overview.talks, 'talk', 'talks')} on the program (confirmed) in ${plural(overview.timeSlots, 'time slot', 'time slots')} and ${plural(overview.rooms, 'room', 'rooms')}, keeping speakers apart and within their availability, and keeping apart the talks the same attendees want to see.`}
      </p>
      {overview.awaitingConfirmation > 0 ? (
        <p safe>
          {overview.awaitingConfirmation === 1
            ? "1 accepted talk still awaits its speakers' confirmation and is not included."
            : `${overview.awaitingConfirmation} accepted talks still await their speakers' confirmation and are not included.`}
        </p>
      ) : (
        ''
      )}
      <form class="form" method="post" action={`${base}/proposal`} novalidate>
        <CsrfField token={props.csrf} />
        <SelectField
          name="seconds"
          label="Time budget"
          value={props.values?.seconds ?? '10'}
          options={PROPOSAL_SECONDS.map((s) => ({ value: String(s), label: `${s} seconds` }))}
          hint="Longer searches find better schedules on large events. You can stop it at any time and keep the best so far."
          errors={props.errors}
        />
        <Checkbox
          name="keepPlaced"
          label="Keep placed talks"
          checked={props.values?.keepPlaced ?? true}
          hint={`${plural(overview.placed, 'talk is', 'talks are')} placed now. Kept, a talk placed at a time slot's start stays in its room and time slot, and one placed off the time slots stays where it is; otherwise every talk is placed anew.`}
          errors={props.errors}
        />
        <TextField
          name="seed"
          label="Seed"
          type="number"
          min={0}
          value={props.values?.seed ?? '1'}
          hint="The same seed and budget give much the same schedule; another seed, another one."
          errors={props.errors}
        />
        <div class="actions">
          <button type="submit">Propose a schedule</button>
        </div>
      </form>
    </section>
  );
}

function lastProblem(proposal: ScheduleProposal): string {
  return proposal.status === 'failed'
    ? `The last proposal failed: ${proposal.error ?? 'no reason given'}.`
    : 'The last proposal was interrupted: the app instance running it stopped. Start another.';
}

export function ProposalPage(props: ProposalPageProps): JSX.Element {
  const { event, overview } = props;
  const proposal = overview.proposal;
  const running = proposal?.status === 'running';
  return (
    <SiteLayout
      title="Propose a schedule"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'schedule', organiser: true }}
    >
      <h1>Propose a schedule</h1>
      <ScheduleNav eventSlug={props.event.slug} current="proposal" />
      <p>
        <a href={`/orga/${event.slug}/schedule`}>Back to the schedule editor</a>
      </p>
      <ErrorSummary errors={props.errors} labels={{ seconds: 'Time budget', seed: 'Seed', talk: 'Changes' }} />
      {running ? (
        <ProgressSection proposal={proposal} eventSlug={event.slug} zone={event.timezone} csrf={props.csrf} />
      ) : (
        ''
      )}
      {proposal && (proposal.status === 'failed' || proposal.status === 'interrupted') ? (
        <p class="warning-box" role="status" safe>
          {lastProblem(proposal)}
        </p>
      ) : (
        ''
      )}
      {overview.review ? <ResultSection overview={overview} event={event} csrf={props.csrf} /> : ''}
      {running ? (
        ''
      ) : (
        <StartForm
          event={event}
          csrf={props.csrf}
          overview={overview}
          values={props.values}
          errors={props.errors}
          again={overview.review !== undefined}
        />
      )}
      {proposal && !running ? (
        <p class="hint" safe>
          {`Last proposal: ${STATUS_WORDS[proposal.status].toLowerCase()}, started ${formatInZone(proposal.startedAt, event.timezone)}${proposal.decision ? `, ${proposal.decision === 'applied' ? 'accepted' : 'discarded'}` : ''}.`}
        </p>
      ) : (
        ''
      )}
    </SiteLayout>
  );
}
