import { DateTime } from 'luxon';
import type { TalkState } from '../../../db/schema.js';
import type { Actor } from '../../../modules/accounts/index.js';
import type { EventRecord } from '../../../modules/program/index.js';
import {
  categoryField,
  DECIDABLE_STATES,
  REVIEW_ORDER_NAMES,
  REVIEW_ORDERS,
  REVIEWS_WANTED,
  STATE_WORDS,
  valueLabel,
  type Decision,
  type ReviewOrder,
  type ReviewQueue,
  type ProposalDetail,
  type ProposalList,
  type ProposalListFilter,
  type ProposalSummary,
  type ReviewAggregates,
} from '../../../modules/review/index.js';
import { renderMarkdown } from '../../../shared/markdown.js';
import { formatInZone } from '../../../shared/time.js';
import {
  CsrfField,
  ErrorSummary,
  PostButton,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
  type FormErrors,
} from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';

const STATE_LABELS: Record<TalkState, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  accepted: 'Accepted',
  rejected: 'Rejected',
  waitlisted: 'Wait-listed',
  confirmed: 'Confirmed',
  withdrawn: 'Withdrawn',
};

const DECISION_LABELS: Record<Decision, string> = { accept: 'Accept', reject: 'Reject', waitlist: 'Wait-list' };
const DECISION_STATES: Record<Decision, TalkState> = { accept: 'accepted', reject: 'rejected', waitlist: 'waitlisted' };

export function proposalsPath(eventSlug: string): string {
  return `/orga/${eventSlug}/proposals`;
}

export function proposalPath(eventSlug: string, code: string): string {
  return `/orga/${eventSlug}/proposals/${encodeURIComponent(code)}`;
}

/** A score for people: two decimals at most, a dash when there is none. */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return String(Math.round(value * 100) / 100);
}

const WITHDRAWN_BY: Record<string, string> = {
  speaker: 'its speaker',
  organiser: 'an organiser',
  import: 'an import',
};

export function StateBadge(props: { state: TalkState }): JSX.Element {
  return (
    <span class={`state state--${props.state}`} safe>
      {STATE_LABELS[props.state]}
    </span>
  );
}

function filterQuery(filter: ProposalListFilter, change: Partial<Record<string, string>>): string {
  const values: Record<string, string | undefined> = {
    state: filter.state,
    track: filter.track,
    level: filter.level,
    minMean: filter.minMean === undefined ? undefined : String(filter.minMean),
    lacking: filter.lacking ? '1' : undefined,
    sort: filter.sort,
    direction: filter.direction,
    ...change,
  };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function SortHeader(props: {
  eventSlug: string;
  filter: ProposalListFilter;
  sort: ProposalListFilter['sort'];
  label: string;
  numeric?: boolean;
}) {
  const current = props.filter.sort === props.sort;
  const next = current ? (props.filter.direction === 'asc' ? 'desc' : 'asc') : props.sort === 'title' ? 'asc' : 'desc';
  const href = proposalsPath(props.eventSlug) + filterQuery(props.filter, { sort: props.sort, direction: next });
  return (
    <th
      scope="col"
      class={props.numeric ? 'number' : undefined}
      aria-sort={current ? (props.filter.direction === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <a href={href} safe>
        {props.label}
      </a>
      {current ? (props.filter.direction === 'asc' ? ' ▲' : ' ▼') : ''}
    </th>
  );
}

function SpeakerList(props: { proposal: ProposalSummary }): JSX.Element {
  if (props.proposal.speakers === null) return <span>hidden</span>;
  if (props.proposal.speakers.length === 0) return <span>–</span>;
  return <span safe>{props.proposal.speakers.map((s) => s.name).join(', ')}</span>;
}

export function ProposalListPage(props: {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  list: ProposalList;
  /** The person's review queue, for "12 of 40 reviewed" and "Start reviewing". */
  queue?: ReviewQueue | undefined;
  errors?: FormErrors | undefined;
}): JSX.Element {
  const { event, list } = props;
  const { filter } = list;
  const base = proposalsPath(event.slug);
  const scale: { value: string; label: string }[] = [];
  for (let s = event.reviewScoreMin; s <= event.reviewScoreMax; s++)
    scale.push({ value: String(s), label: `${s} or more` });
  return (
    <SiteLayout
      title="Proposals"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'proposals', organiser: list.organiser }}
    >
      <h1>Proposals</h1>
      {list.anonymised ? (
        <p class="warning-box">
          Review is anonymised: speakers are hidden from you, and so are their names in the proposals' text.
        </p>
      ) : (
        ''
      )}
      <h2 id="counts">Proposals per state</h2>
      <ul class="stats" aria-labelledby="counts">
        {list.counts.map((c) => (
          <li>
            <strong safe>{String(c.count)}</strong>
            <a href={base + filterQuery({ ...filter, state: undefined }, { state: c.state })} safe>
              {STATE_LABELS[c.state]}
            </a>
          </li>
        ))}
      </ul>

      {props.queue && props.queue.total > 0 ? (
        <section aria-labelledby="queue-heading">
          <h2 id="queue-heading">Review the proposals left</h2>
          <p safe>{`${props.queue.reviewed} of ${props.queue.total} reviewed by you.`}</p>
          {props.queue.left.length > 0 ? <ReviewQueueForm eventSlug={event.slug} /> : ''}
        </section>
      ) : (
        ''
      )}

      <section aria-labelledby="filter-heading">
        <h2 id="filter-heading">Filter and sort</h2>
        <ErrorSummary
          errors={props.errors}
          labels={{
            state: 'State',
            track: 'Track',
            level: 'Level',
            minMean: 'Mean score at least',
            sort: 'Sort by',
            direction: 'Order',
          }}
        />
        <form method="get" action={base} class="form filter-form">
          <SelectField
            name="state"
            label="State"
            empty="All states"
            value={filter.state}
            options={list.counts.map((c) => ({ value: c.state, label: STATE_LABELS[c.state] }))}
            errors={props.errors}
          />
          <SelectField
            name="track"
            label="Track"
            empty="All tracks"
            value={filter.track}
            options={list.tracks.map((t) => ({ value: t.slug, label: t.name }))}
            errors={props.errors}
          />
          <SelectField
            name="level"
            label="Level"
            empty="All levels"
            value={filter.level}
            options={list.levels.map((l) => ({ value: l.slug, label: l.name }))}
            errors={props.errors}
          />
          <TextField
            name="minMean"
            label="Mean score at least"
            type="text"
            value={filter.minMean}
            hint={`A number from ${event.reviewScoreMin} to ${event.reviewScoreMax}, e.g. 2.5; leave empty for any.`}
            errors={props.errors}
          />
          <div class="field">
            <label class="choice">
              <input type="checkbox" name="lacking" value="1" checked={filter.lacking} />
              <span>{`Only proposals awaiting a decision with fewer than ${REVIEWS_WANTED} reviews`}</span>
            </label>
          </div>
          <SelectField
            name="sort"
            label="Sort by"
            value={filter.sort}
            options={[
              { value: 'mean', label: 'Mean score' },
              { value: 'title', label: 'Title' },
              { value: 'submitted', label: 'Submission date' },
            ]}
            errors={props.errors}
          />
          <SelectField
            name="direction"
            label="Order"
            value={filter.direction}
            options={[
              { value: 'desc', label: 'Highest or newest first (Z to A)' },
              { value: 'asc', label: 'Lowest or oldest first (A to Z)' },
            ]}
            errors={props.errors}
          />
          <div class="actions">
            <button type="submit">Show proposals</button>
            <a href={base}>Clear the filter</a>
          </div>
        </form>
      </section>

      <section aria-labelledby="list-heading">
        <h2 id="list-heading" safe>
          {`${list.proposals.length} ${list.proposals.length === 1 ? 'proposal' : 'proposals'}`}
        </h2>
        {list.proposals.length === 0 ? <p>No proposal matches.</p> : <ProposalTable {...props} />}
      </section>
    </SiteLayout>
  );
}

function ProposalTable(props: { csrf: string; event: EventRecord; list: ProposalList }): JSX.Element {
  const { event, list } = props;
  const { filter } = list;
  const table = (
    <div class="table-wrap">
      <table class="data">
        <caption class="visually-hidden">Proposals with their review scores</caption>
        <thead>
          <tr>
            {list.organiser ? (
              <th scope="col">
                <span class="visually-hidden">Choose</span>
              </th>
            ) : (
              ''
            )}
            <SortHeader eventSlug={event.slug} filter={filter} sort="title" label="Title" />
            {list.anonymised ? '' : <th scope="col">Speakers</th>}
            <th scope="col">Track</th>
            <th scope="col">Level</th>
            <th scope="col">State</th>
            <th scope="col" class="number">
              Reviews
            </th>
            <SortHeader eventSlug={event.slug} filter={filter} sort="mean" label="Mean" numeric />
            <th scope="col" class="number">
              Median
            </th>
            <th scope="col" class="number">
              <abbr title="standard deviation">Spread</abbr>
            </th>
            {list.categories.map((c) => (
              <th scope="col" class="number">
                <span safe>{c.name}</span> <span class="hint">(mean)</span>
              </th>
            ))}
            <th scope="col" class="number">
              Yours
            </th>
            <SortHeader eventSlug={event.slug} filter={filter} sort="submitted" label="Submitted" />
          </tr>
        </thead>
        <tbody>
          {list.proposals.map((p) => (
            <tr>
              {list.organiser ? (
                <td>
                  {DECIDABLE_STATES.includes(p.state) ? (
                    <>
                      <input type="checkbox" name="proposals" value={p.code} id={`pick-${p.code}`} />
                      <label for={`pick-${p.code}`} class="visually-hidden" safe>
                        {`Choose ${p.title || 'untitled proposal'}`}
                      </label>
                    </>
                  ) : (
                    ''
                  )}
                </td>
              ) : (
                ''
              )}
              <td class="title">
                <a href={proposalPath(event.slug, p.code)} safe>
                  {p.title || 'Untitled proposal'}
                </a>
                {p.own ? ' (yours)' : ''}
              </td>
              {list.anonymised ? (
                ''
              ) : (
                <td>
                  <SpeakerList proposal={p} />
                </td>
              )}
              <td safe>{p.track?.name ?? '–'}</td>
              <td safe>{p.level?.name ?? '–'}</td>
              <td>
                <StateBadge state={p.state} />
              </td>
              <AggregateCells
                aggregates={p.aggregates}
                hidden={p.reviewsHidden}
                categoryMeans={p.categoryMeans}
                categories={list.categories.length}
              />
              <td class="number" safe>
                {formatScore(p.myScore)}
              </td>
              <td>
                {p.submittedAt ? (
                  <time datetime={p.submittedAt.toISOString()} safe>
                    {DateTime.fromJSDate(p.submittedAt, { zone: event.timezone }).toFormat('d LLL yyyy')}
                  </time>
                ) : (
                  '–'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  if (!list.organiser) return table;
  return (
    <form method="post" action={`${proposalsPath(event.slug)}/decisions`}>
      <CsrfField token={props.csrf} />
      {table}
      <fieldset class="field">
        <legend>Decide the chosen proposals</legend>
        <p class="hint">
          Each speaker with an account gets the event's mail for the decision, written as a draft: nothing is sent until
          you send the drafts from the outbox. Proposals already in that state are left alone.
        </p>
        {(Object.keys(DECISION_LABELS) as Decision[]).map((decision) => (
          <label class="choice">
            <input type="radio" name="decision" value={decision} required />
            <span safe>{DECISION_LABELS[decision]}</span>
          </label>
        ))}
        <div class="actions">
          <button type="submit">Decide</button>
        </div>
      </fieldset>
    </form>
  );
}

function AggregateCells(props: {
  aggregates: ReviewAggregates | null;
  hidden: ProposalSummary['reviewsHidden'];
  categoryMeans: (number | null)[];
  /** How many score categories the table has a column for. */
  categories: number;
}): JSX.Element {
  const a = props.aggregates;
  if (!a) {
    return (
      <td class="number" colspan={String(4 + props.categories)}>
        {props.hidden === 'not-reviewed' ? 'hidden until you review it' : 'hidden (your proposal)'}
      </td>
    );
  }
  return (
    <>
      <td class="number" safe>
        {String(a.count)}
      </td>
      <td class="number" safe>
        {formatScore(a.mean)}
      </td>
      <td class="number" safe>
        {formatScore(a.median)}
      </td>
      <td class="number" safe>
        {formatScore(a.stddev)}
      </td>
      {props.categoryMeans.map((mean) => (
        <td class="number" safe>
          {formatScore(mean)}
        </td>
      ))}
    </>
  );
}

/** A yes/no answer for people, whichever way the form stored it. */
function booleanAnswer(value: string): string {
  const v = value.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(v)) return 'Yes';
  if (['false', 'no', 'off', '0', ''].includes(v)) return 'No';
  return value;
}

const FIELD_WORDS: Record<string, string> = { title: 'title', description: 'description', abstract: 'abstract' };

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export function ProposalPage(props: {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  organiser: boolean;
  proposal: ProposalDetail;
  queue?: ReviewQueue | undefined;
  errors?: FormErrors | undefined;
  values?: Record<string, string | undefined> | undefined;
}): JSX.Element {
  const { event, proposal } = props;
  const anonymisedForMe = proposal.speakers === null;
  const named = listWords(proposal.namedFields.map((f) => FIELD_WORDS[f]!));
  const duration = proposal.durationMinutes ?? event.durations[0];
  return (
    <SiteLayout
      title={proposal.title || 'Untitled proposal'}
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'proposals', organiser: props.organiser }}
    >
      <p>
        <a href={proposalsPath(event.slug)}>All proposals</a>
      </p>
      <h1 safe>{proposal.title || 'Untitled proposal'}</h1>
      <p>
        <StateBadge state={proposal.state} /> <span safe>{`Proposal ${proposal.code}`}</span>
        {proposal.own ? ' · You are one of its speakers.' : ''}
      </p>
      {props.queue && props.queue.total > 0 ? (
        <p class="review-progress" safe>{`${props.queue.reviewed} of ${props.queue.total} reviewed by you.`}</p>
      ) : (
        ''
      )}
      {proposal.namedFields.length > 0 ? (
        <p class="warning-box" role="note">
          {anonymisedForMe ? (
            <span
              safe
            >{`A speaker's name appears in the ${named} of this proposal. It is hidden here: judge the proposal on its content.`}</span>
          ) : (
            <span
              safe
            >{`Review is anonymised, but the ${named} of this proposal ${proposal.namedFields.length === 1 ? 'mentions' : 'mention'} a speaker's name: reviewers see it hidden.`}</span>
          )}
        </p>
      ) : (
        ''
      )}
      <dl class="details">
        <dt>Track</dt>
        <dd safe>{proposal.track?.name ?? 'None'}</dd>
        <dt>Level</dt>
        <dd safe>{proposal.level?.name ?? 'None'}</dd>
        <dt>Duration</dt>
        <dd>
          {duration ? `${duration} minutes${proposal.durationMinutes === null ? ' (the default)' : ''}` : 'Not set'}
        </dd>
        <dt>Submitted</dt>
        <dd>{proposal.submittedAt ? formatInZone(proposal.submittedAt, event.timezone) : '–'}</dd>
        {proposal.stateChangedAt ? (
          <>
            <dt>State changed</dt>
            <dd safe>{formatInZone(proposal.stateChangedAt, event.timezone)}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      {proposal.withdrawal ? (
        <section aria-labelledby="withdrawal">
          <h2 id="withdrawal">Withdrawal</h2>
          <p safe>
            {`Withdrawn by ${WITHDRAWN_BY[proposal.withdrawal.role] ?? proposal.withdrawal.role} on ${formatInZone(proposal.withdrawal.at, event.timezone)}.`}
          </p>
          {proposal.withdrawal.reason ? (
            <blockquote class="prose withdrawal-reason" safe>
              {proposal.withdrawal.reason}
            </blockquote>
          ) : (
            <p>No reason was given.</p>
          )}
        </section>
      ) : (
        ''
      )}

      <section aria-labelledby="description">
        <h2 id="description">Description</h2>
        <div class="prose">{(renderMarkdown(proposal.description) || '<p>None.</p>') as 'safe'}</div>
      </section>
      <section aria-labelledby="abstract">
        <h2 id="abstract">Abstract</h2>
        <div class="prose">{(renderMarkdown(proposal.abstract) || '<p>None.</p>') as 'safe'}</div>
      </section>
      <section aria-labelledby="notes">
        <h2 id="notes">Notes to the organisers</h2>
        <div class="prose">{(renderMarkdown(proposal.notes) || '<p>None.</p>') as 'safe'}</div>
      </section>
      {proposal.namedAnswers.length > 0 ? (
        <p class="warning-box" role="note">
          {anonymisedForMe ? (
            <span
              safe
            >{`A speaker's name appears in the answer to ${listWords(proposal.namedAnswers.map((q) => `“${q}”`))}. It is hidden here.`}</span>
          ) : (
            <span
              safe
            >{`Review is anonymised, but the answer to ${listWords(proposal.namedAnswers.map((q) => `“${q}”`))} mentions a speaker's name: reviewers see it hidden. Mark the question hidden from reviewers if its answers identify speakers.`}</span>
          )}
        </p>
      ) : (
        ''
      )}
      {proposal.hiddenAnswers > 0 ? (
        <p
          safe
        >{`${proposal.hiddenAnswers === 1 ? 'One answer is' : `${proposal.hiddenAnswers} answers are`} hidden from you: review is anonymised, and the question may identify the speaker.`}</p>
      ) : (
        ''
      )}
      {proposal.answers.length > 0 ? (
        <section aria-labelledby="answers">
          <h2 id="answers">Answers to the event's questions</h2>
          <dl class="details">
            {proposal.answers.map((a) => (
              <>
                <dt safe>{`${a.question}${a.isPublic ? '' : ' (private)'}`}</dt>
                <dd safe>{a.kind === 'boolean' ? booleanAnswer(a.value) : a.value}</dd>
              </>
            ))}
          </dl>
        </section>
      ) : (
        ''
      )}

      <section aria-labelledby="speakers">
        <h2 id="speakers">Speakers</h2>
        {proposal.speakers === null ? (
          <p>Hidden: review at this event is anonymised.</p>
        ) : proposal.speakers.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul class="talk-list">
            {proposal.speakers.map((s) => (
              <li class="talk-card">
                <h3 safe>{s.name}</h3>
                <p safe>{s.email ?? 'No account (imported): cannot be mailed.'}</p>
                <div class="prose">{renderMarkdown(s.biography) as 'safe'}</div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <ReviewsSection {...props} />
      <ReviewForm {...props} />
      {props.organiser ? <DecisionSection csrf={props.csrf} event={event} proposal={proposal} /> : ''}
    </SiteLayout>
  );
}

function ReviewsSection(props: { proposal: ProposalDetail; event: EventRecord }): JSX.Element {
  const { proposal } = props;
  const a = proposal.aggregates;
  return (
    <section aria-labelledby="reviews">
      <h2 id="reviews">Reviews</h2>
      {proposal.reviews === null || !a ? (
        <p>
          {proposal.reviewsHidden === 'not-reviewed'
            ? 'The other reviews are hidden until you have reviewed this proposal yourself.'
            : 'You are one of its speakers: its reviews are hidden from you.'}
        </p>
      ) : (
        <>
          <div class="table-wrap">
            <table class="data">
              <caption>Scores so far</caption>
              <thead>
                <tr>
                  <th scope="col" class="number">
                    Reviews
                  </th>
                  <th scope="col" class="number">
                    Mean
                  </th>
                  <th scope="col" class="number">
                    Median
                  </th>
                  <th scope="col" class="number">
                    Standard deviation
                  </th>
                  <th scope="col" class="number">
                    Lowest
                  </th>
                  <th scope="col" class="number">
                    Highest
                  </th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td class="number" safe>
                    {String(a.count)}
                  </td>
                  <td class="number" safe>
                    {formatScore(a.mean)}
                  </td>
                  <td class="number" safe>
                    {formatScore(a.median)}
                  </td>
                  <td class="number" safe>
                    {formatScore(a.stddev)}
                  </td>
                  <td class="number" safe>
                    {formatScore(a.min)}
                  </td>
                  <td class="number" safe>
                    {formatScore(a.max)}
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
          {proposal.reviews.length === 0 ? (
            <p>No reviews yet.</p>
          ) : (
            <ul class="talk-list">
              {proposal.reviews.map((r) => (
                <li class="talk-card">
                  <h3
                    safe
                  >{`${r.reviewer.name}${r.mine ? ' (you)' : ''}: ${r.score} of ${props.event.reviewScoreMax}`}</h3>
                  {r.categoryScores.length > 0 ? (
                    <ul class="category-scores">
                      {r.categoryScores.map((c) => (
                        <li safe>{`${c.category}: ${c.label}`}</li>
                      ))}
                    </ul>
                  ) : (
                    ''
                  )}
                  {r.comment ? <div class="prose review-comment">{renderMarkdown(r.comment) as 'safe'}</div> : ''}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function ReviewForm(props: {
  csrf: string;
  event: EventRecord;
  proposal: ProposalDetail;
  queue?: ReviewQueue | undefined;
  errors?: FormErrors | undefined;
  values?: Record<string, string | undefined> | undefined;
}): JSX.Element {
  const { event, proposal } = props;
  if (proposal.reviewRefusal) {
    return (
      <section aria-labelledby="your-review">
        <h2 id="your-review">Your review</h2>
        <p safe>{proposal.reviewRefusal}</p>
        {proposal.myReview ? (
          <p safe>{`Your review stays as it is: ${proposal.myReview.score} of ${event.reviewScoreMax}.`}</p>
        ) : (
          ''
        )}
      </section>
    );
  }
  const action = `${proposalPath(event.slug, proposal.code)}/review`;
  const order = props.queue?.order;
  const score = props.values?.score ?? (proposal.myReview ? String(proposal.myReview.score) : undefined);
  const comment = props.values?.comment ?? proposal.myReview?.comment ?? '';
  const steps = event.reviewScoreMax - event.reviewScoreMin + 1;
  const options: { value: string; label: string }[] = [];
  for (let s = event.reviewScoreMin; s <= event.reviewScoreMax; s++)
    options.push({ value: String(s), label: String(s) });
  const hint = `From ${event.reviewScoreMin} (weakest) to ${event.reviewScoreMax} (strongest).`;
  const labels: Record<string, string> = { score: 'Score', comment: 'Comment' };
  for (const c of proposal.categories) labels[categoryField(c.id)] = c.name;
  const left = props.queue ? props.queue.left.filter((code) => code !== proposal.code).length : 0;
  return (
    <section aria-labelledby="your-review">
      <h2 id="your-review">{proposal.myReview ? 'Change your review' : 'Your review'}</h2>
      <ErrorSummary errors={props.errors} labels={labels} />
      <form method="post" action={action} class="form" novalidate>
        <CsrfField token={props.csrf} />
        {order ? <input type="hidden" name="order" value={order} /> : ''}
        {proposal.categories.length > 0 ? (
          proposal.categories.map((c) => {
            const field = categoryField(c.id);
            const given = proposal.myReview?.categoryScores[c.id];
            const categoryOptions: { value: string; label: string }[] = [];
            for (let v = c.minValue; v <= c.maxValue; v++)
              categoryOptions.push({ value: String(v), label: valueLabel(c, v) });
            return (
              <RadioGroup
                name={field}
                label={c.name}
                hint={`Weight ${c.weight}: the score is the weighted sum of the categories.`}
                value={props.values?.[field] ?? (given === undefined ? undefined : String(given))}
                options={categoryOptions}
                required
                errors={props.errors}
              />
            );
          })
        ) : steps <= 11 ? (
          <RadioGroup
            name="score"
            label="Score"
            hint={hint}
            value={score}
            options={options}
            required
            errors={props.errors}
          />
        ) : (
          <TextField
            name="score"
            label="Score"
            type="number"
            min={event.reviewScoreMin}
            max={event.reviewScoreMax}
            hint={hint}
            value={score}
            required
            errors={props.errors}
          />
        )}
        <TextArea
          name="comment"
          label="Comment"
          hint="For the team: never shown to the speakers."
          value={comment}
          maxlength={10000}
          errors={props.errors}
        />
        <div class="actions">
          <button type="submit">Save review</button>
          {left > 0 ? (
            <button type="submit" name="next" value="1">
              Save and next
            </button>
          ) : (
            ''
          )}
        </div>
      </form>
      {proposal.myReview ? (
        <form method="post" action={`${action}/delete`} class="inline-form">
          <CsrfField token={props.csrf} />
          {order ? <input type="hidden" name="order" value={order} /> : ''}
          <button type="submit" class="button--danger">
            Delete your review
          </button>
        </form>
      ) : (
        ''
      )}
    </section>
  );
}

function DecisionSection(props: { csrf: string; event: EventRecord; proposal: ProposalDetail }): JSX.Element {
  const { event, proposal } = props;
  const decidable = DECIDABLE_STATES.includes(proposal.state);
  return (
    <section aria-labelledby="decision">
      <h2 id="decision">Decision</h2>
      {decidable ? (
        <>
          <p>The speakers with an account get the event's mail for the decision.</p>
          <div class="actions">
            {(Object.keys(DECISION_LABELS) as Decision[])
              .filter((d) => DECISION_STATES[d] !== proposal.state)
              .map((d) => (
                <PostButton
                  action={`${proposalPath(event.slug, proposal.code)}/decision`}
                  csrf={props.csrf}
                  label={DECISION_LABELS[d]}
                  hidden={{ decision: d }}
                  class={d === 'reject' ? 'button--danger' : undefined}
                />
              ))}
          </div>
        </>
      ) : (
        <p safe>{`This proposal is ${STATE_WORDS[proposal.state]}: it can no longer be decided here.`}</p>
      )}
    </section>
  );
}

/** Choose an order and go to the first proposal left to review. */
export function ReviewQueueForm(props: { eventSlug: string; order?: ReviewOrder | undefined }): JSX.Element {
  return (
    <form method="get" action={`/orga/${props.eventSlug}/review/next`} class="form filter-form">
      <SelectField
        name="order"
        label="Order"
        value={props.order ?? 'oldest'}
        options={REVIEW_ORDERS.map((order) => ({ value: order, label: REVIEW_ORDER_NAMES[order] }))}
        errors={undefined}
      />
      <div class="actions">
        <button type="submit">Start reviewing</button>
      </div>
    </form>
  );
}
