import type { EventProgram, ProgramFilter, TalkView } from '../../../modules/agenda/index.js';
import type { InterestBallotState } from '../../../modules/interest-ballots/index.js';
import { escapeHtml } from '../../../shared/html.js';
import { html, t } from '../../i18n/index.js';
import { Layout } from '../layout.js';
import { FilterForm } from './pages.js';
import { clockTime, longDate, SpeakerNames, talkUrl } from './talk-parts.js';

export interface InterestBallotPageProps {
  program: EventProgram;
  state: InterestBallotState;
  /** The talks listed under the filter and search, in program order. */
  talks: TalkView[];
  /** The visitor's marked talks (slugs), from their ballot cookie; empty without one. */
  marked: ReadonlySet<string>;
  filter: ProgramFilter;
  query: string;
}

/**
 * /{event}/interest: the program's talks with a checkbox each, and one form that saves them as
 * the visitor's ballot. Works without JavaScript; marked talks the filter hides travel as hidden
 * fields, so that saving a filtered list does not drop them.
 */
export function InterestBallotPage(props: InterestBallotPageProps): JSX.Element {
  const { program, state, talks, marked } = props;
  const zone = program.timezone;
  const listed = new Set(talks.map((talk) => talk.slug));
  const path = `/${program.slug}/interest`;
  return (
    <Layout
      title={t('interest.title')}
      event={program}
      path={path}
      description={t('interest.description', { event: program.name })}
    >
      <div class="page-intro">
        <h1>{html('interest.title')}</h1>
        {state.open ? <p class="lead">{html('interest.lead')}</p> : <p class="notice">{html('interest.closed')}</p>}
        <p role="status">{html('interest.marked', { count: marked.size })}</p>
        {state.open ? (
          <p>
            {state.closesAt
              ? html('interest.closesAt', {
                  date: longDate(state.closesAt, zone),
                  time: clockTime(state.closesAt, zone),
                })
              : html('interest.openUntilClosed')}
          </p>
        ) : (
          ''
        )}
      </div>
      {state.open ? (
        <>
          <FilterForm program={program} filter={props.filter} action={path} query={props.query} searchField />
          <form method="post" action={path} class="interest-ballot">
            <input type="hidden" name="_ballot" value="1" />
            {[...marked]
              .filter((slug) => !listed.has(slug))
              .map((slug) => (
                <input type="hidden" name="talk" value={escapeHtml(slug)} />
              ))}
            {talks.length === 0 ? <p>{html('interest.noneMatch')}</p> : ''}
            <ul class="talk-list">
              {talks.map((talk) => (
                <li>
                  <input
                    type="checkbox"
                    id={`talk-${escapeHtml(talk.slug)}`}
                    name="talk"
                    value={escapeHtml(talk.slug)}
                    checked={marked.has(talk.slug)}
                  />{' '}
                  <label for={`talk-${escapeHtml(talk.slug)}`}>
                    <span class="visually-hidden">{html('interest.mark')}: </span>
                    <span safe>{talk.title}</span>
                  </label>{' '}
                  <a href={talkUrl(program.slug, talk)}>{html('interest.details')}</a>{' '}
                  <SpeakerNames eventSlug={program.slug} speakers={talk.speakers} />
                  {talk.track ? <span class="tag" safe>{` ${talk.track.name}`}</span> : ''}
                  {talk.level ? <span class="tag" safe>{` ${talk.level.name}`}</span> : ''}
                </li>
              ))}
            </ul>
            <button type="submit">{html('interest.save')}</button>
          </form>
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}
