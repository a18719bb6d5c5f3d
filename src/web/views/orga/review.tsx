import type { Actor } from '../../../modules/accounts/index.js';
import type { EventRecord } from '../../../modules/program/index.js';
import type { ReviewDashboard } from '../../../modules/review/index.js';
import { CsrfField, ErrorSummary, TextArea, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';
import { BarChart, HorizontalBarChart, ProgressChart } from './charts.js';
import { proposalPath, proposalsPath, ReviewQueueForm } from './proposals.js';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The review dashboard: progress, score distributions per track, reviews per reviewer, proposals lacking reviews. */
export function ReviewDashboardPage(props: {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  dashboard: ReviewDashboard;
  /** The event's score categories as text, one per line (or as typed, when refused). */
  categories: string;
  categoryErrors?: FormErrors | undefined;
}): JSX.Element {
  const { event, dashboard } = props;
  const { progress } = dashboard;
  return (
    <SiteLayout
      title="Review dashboard"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'review', organiser: dashboard.organiser }}
    >
      <h1>Review dashboard</h1>
      <section aria-labelledby="progress">
        <h2 id="progress">Progress</h2>
        <ul class="stats">
          <li>
            <strong safe>{String(progress.proposals)}</strong>
            <span>proposals awaiting a decision</span>
          </li>
          <li>
            <strong safe>{String(progress.reviews)}</strong>
            <span>reviews of them</span>
          </li>
          <li>
            <strong safe>{String(progress.fullyReviewed)}</strong>
            <span safe>{`with ${dashboard.wanted} reviews or more`}</span>
          </li>
          <li>
            <strong safe>{String(dashboard.lacking.length)}</strong>
            <span>lacking reviews</span>
          </li>
        </ul>
        <ProgressChart
          id="chart-progress"
          title={`Proposals with ${dashboard.wanted} reviews or more`}
          done={progress.fullyReviewed}
          total={progress.proposals}
          unit="proposals awaiting a decision"
        />
        <ProgressChart
          id="chart-mine"
          title="Your reviews"
          done={progress.reviewedByMe}
          total={progress.reviewableByMe}
          unit="proposals you may review"
        />
      </section>

      <section aria-labelledby="distribution">
        <h2 id="distribution">Score distribution per track</h2>
        {dashboard.distributions.length === 0 ? <p>There are no tracks to show yet.</p> : ''}
        <div class="chart-grid">
          {dashboard.distributions.map((d, i) => {
            const name = d.track?.name ?? 'Without a track';
            const counts = d.counts.map((c) => `${c.count} × ${c.score}`).join(', ');
            return (
              <section aria-labelledby={`distribution-${i}`}>
                <h3 id={`distribution-${i}`} safe>
                  {`${name} (${plural(d.reviews, 'review', 'reviews')})`}
                </h3>
                <BarChart
                  id={`chart-scores-${i}`}
                  title={`Scores given in ${name}`}
                  description={
                    d.reviews === 0
                      ? `No reviews in ${name} yet.`
                      : `How many reviews gave each score from ${dashboard.scale.min} to ${dashboard.scale.max}: ${counts}.`
                  }
                  data={d.counts.map((c) => ({ label: String(c.score), value: c.count }))}
                  labelHeading="Score"
                  valueHeading="Reviews"
                />
              </section>
            );
          })}
        </div>
      </section>

      {dashboard.categories.length > 0 ? (
        <section aria-labelledby="per-category">
          <h2 id="per-category">Scores per category</h2>
          <div class="chart-grid">
            {dashboard.categories.map((c, i) => {
              const mean = c.mean === null ? 'no reviews yet' : `mean ${Math.round(c.mean * 100) / 100}`;
              return (
                <section aria-labelledby={`category-${i}`}>
                  <h3 id={`category-${i}`} safe>
                    {`${c.name} (weight ${c.weight}; ${plural(c.reviews, 'review', 'reviews')}, ${mean})`}
                  </h3>
                  <BarChart
                    id={`chart-category-${i}`}
                    title={`Values given for ${c.name}`}
                    description={
                      c.reviews === 0
                        ? `No reviews scored ${c.name} yet.`
                        : `How many reviews gave each value: ${c.counts.map((v) => `${v.count} × ${v.label ? `${v.value} (${v.label})` : v.value}`).join(', ')}.`
                    }
                    data={c.counts.map((v) => ({
                      label: v.label ? `${v.value} ${v.label}` : String(v.value),
                      value: v.count,
                    }))}
                    labelHeading="Value"
                    valueHeading="Reviews"
                  />
                </section>
              );
            })}
          </div>
        </section>
      ) : (
        ''
      )}

      <section aria-labelledby="per-reviewer">
        <h2 id="per-reviewer">Reviews done per reviewer</h2>
        {dashboard.reviewers.length === 0 ? (
          <p>The team has no members yet.</p>
        ) : (
          <HorizontalBarChart
            id="chart-reviewers"
            title="Reviews done per reviewer"
            description={dashboard.reviewers.map((r) => `${r.name}: ${r.reviews}`).join('; ') + '.'}
            data={dashboard.reviewers.map((r) => ({ label: r.name, value: r.reviews }))}
            labelHeading="Reviewer"
            valueHeading="Reviews"
          />
        )}
      </section>

      <section aria-labelledby="lacking">
        <h2 id="lacking" safe>
          {`Proposals lacking reviews: ${dashboard.lacking.length}`}
        </h2>
        <p safe>{`Proposals awaiting a decision with fewer than ${dashboard.wanted} reviews, oldest first.`}</p>
        {dashboard.lacking.length === 0 ? (
          <p>None: every proposal awaiting a decision has enough reviews.</p>
        ) : (
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">Proposals lacking reviews</caption>
              <thead>
                <tr>
                  <th scope="col">Proposal</th>
                  <th scope="col" class="number">
                    Reviews
                  </th>
                  <th scope="col">Reviewed by you</th>
                </tr>
              </thead>
              <tbody>
                {dashboard.lacking.map((p) => (
                  <tr>
                    <td>
                      <a href={proposalPath(event.slug, p.code)} safe>
                        {p.title || 'Untitled proposal'}
                      </a>
                    </td>
                    <td class="number" safe>
                      {String(p.reviews)}
                    </td>
                    <td>{p.reviewedByMe ? 'Yes' : 'No'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p>
          <a href={`${proposalsPath(event.slug)}?lacking=1`}>See them in the proposals list</a>
        </p>
      </section>

      <section aria-labelledby="next">
        <h2 id="next">Review the proposals left</h2>
        <p safe>{`${progress.reviewedByMe} of ${progress.reviewableByMe} reviewed by you.`}</p>
        <ReviewQueueForm eventSlug={event.slug} />
      </section>

      {dashboard.organiser ? (
        <section aria-labelledby="categories">
          <h2 id="categories">Score categories</h2>
          <p>
            Reviewers score each category; a review's score is the weighted sum of its values (weight × value, added
            up), a whole number. Without categories, a review gives one score on the event's scale. One category per
            line: its name, an optional weight, then each value from lowest to highest with an optional label, separated
            by “|”. The categories are fixed once the first review is written.
          </p>
          <ErrorSummary errors={props.categoryErrors} labels={{ categories: 'Score categories' }} />
          <form method="post" action={`/orga/${event.slug}/review/categories`} class="form" novalidate>
            <CsrfField token={props.csrf} />
            <TextArea
              name="categories"
              label="Score categories"
              value={props.categories}
              rows={5}
              hint="For example: Relevance | weight 2 | 0 Off-topic | 1 Weak | 2 Good | 3 Core"
              errors={props.categoryErrors}
            />
            <div class="actions">
              <button type="submit">Save score categories</button>
            </div>
          </form>
        </section>
      ) : (
        ''
      )}
    </SiteLayout>
  );
}
