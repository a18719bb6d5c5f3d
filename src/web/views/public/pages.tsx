import {
  isInterestBallotOpen,
  matchesFilter,
  talkSurroundings,
  type ArrangedEvents,
  type EventProgram,
  type ProgramFilter,
  type SearchResult,
  type SpeakerView,
  type TalkView,
  type TrackView,
} from '../../../modules/agenda/index.js';
import { Layout } from '../layout.js';
import {
  Avatar,
  gridAnchor,
  LevelBadge,
  scheduleUrl,
  SpeakerNames,
  summarise,
  TalkCard,
  speakerUrl,
  talkUrl,
  trackUrl,
  isoInZone,
  whenText,
} from './talk-parts.js';
import { escapeHtml } from '../../../shared/html.js';
import { html, t } from '../../i18n/index.js';
import { EventCards, EventIntro, TalkSurroundingsAside } from './event-landing.js';
import { StarToggle } from './star-toggle.js';
import { Pager } from './pager.js';

/** Events one page of the home page lists. */
export const EVENTS_PER_PAGE = 60;

export function EventsPage(props: { arranged: ArrangedEvents; now: Date; page: number; pages: number }): JSX.Element {
  const count = props.arranged.upcoming.length + props.arranged.past.length;
  return (
    <Layout title={t('events.title')} section="events" path="/">
      <div class="page-intro">
        <h1>{html('events.title')}</h1>
        <p class="lead">{html('events.lead')}</p>
      </div>
      {count === 0 ? (
        <p>
          {html('events.none')} <code>npx lectern import talks-page FILE --event SLUG</code>.
        </p>
      ) : (
        <>
          <EventCards arranged={props.arranged} now={props.now} />
          <Pager page={props.page} pages={props.pages} href={(page) => (page === 1 ? '/' : `/?page=${page}`)} />
        </>
      )}
    </Layout>
  );
}

export function FilterForm(props: {
  program: EventProgram;
  filter: ProgramFilter;
  action: string;
  query?: string;
  /** Shows the query in a search field of the form's own, rather than keeping it hidden. */
  searchField?: boolean;
}): JSX.Element {
  const { program, filter } = props;
  return (
    <form class="filters" method="get" action={props.action} aria-label={escapeHtml(t('filter.label'))}>
      {props.searchField ? (
        <div class="filters__field">
          <label for="filter-q">{html('filter.search')}</label>
          <input id="filter-q" type="search" name="q" value={escapeHtml(props.query ?? '')} maxlength="200" />
        </div>
      ) : props.query !== undefined ? (
        <input type="hidden" name="q" value={escapeHtml(props.query)} />
      ) : (
        ''
      )}
      <div class="filters__field">
        <label for="filter-track">{html('filter.track')}</label>
        <select id="filter-track" name="track">
          <option value="">{html('filter.allTracks')}</option>
          {program.tracks.map((track) => (
            <option value={track.slug} selected={filter.track?.id === track.id} safe>
              {`${track.name} (${track.talkCount})`}
            </option>
          ))}
        </select>
      </div>
      <div class="filters__field">
        <label for="filter-level">{html('filter.level')}</label>
        <select id="filter-level" name="level">
          <option value="">{html('filter.allLevels')}</option>
          {program.levels.map((level) => (
            <option value={level.slug} selected={filter.level?.id === level.id} safe>
              {`${level.name} (${level.talkCount})`}
            </option>
          ))}
        </select>
      </div>
      {program.sessionTypes.length > 0 ? (
        <div class="filters__field">
          <label for="filter-type">{html('filter.type')}</label>
          <select id="filter-type" name="type">
            <option value="">{html('filter.allTypes')}</option>
            {program.sessionTypes.map((type) => (
              <option value={type.slug} selected={filter.type?.id === type.id} safe>
                {`${type.name} (${type.talkCount})`}
              </option>
            ))}
          </select>
        </div>
      ) : (
        ''
      )}
      <div class="filters__actions">
        <button type="submit">{html('filter.submit')}</button>
        {filter.track || filter.level || filter.type ? (
          <a
            class="filters__clear"
            href={props.query !== undefined ? `${props.action}?q=${encodeURIComponent(props.query)}` : props.action}
          >
            {html('filter.clear')}
          </a>
        ) : (
          ''
        )}
      </div>
    </form>
  );
}

function filterDescription(filter: ProgramFilter): string {
  const parts = [
    filter.track && t('filter.inTrack', { track: filter.track.name }),
    filter.level && t('filter.forLevel', { level: filter.level.name.toLowerCase() }),
    filter.type && t('filter.ofType', { type: filter.type.name }),
  ];
  return parts.filter(Boolean).join(' ');
}

export function ProgramPage(props: { program: EventProgram; filter: ProgramFilter; now: Date }): JSX.Element {
  const { program, filter } = props;
  const talks = program.talks.filter((talk) => matchesFilter(talk, filter));
  const groups = program.tracks
    .map((track) => ({ track, talks: talks.filter((talk) => talk.track?.id === track.id) }))
    .filter((group) => group.talks.length > 0);
  const untracked = talks.filter((talk) => !talk.track);
  const described = filterDescription(filter);
  return (
    <Layout
      title={described ? t('program.talksFiltered', { described }) : program.name}
      event={program}
      section="program"
      path={`/${program.slug}`}
      description={t('program.description', {
        talks: t('count.talks', { count: program.talks.length }),
        event: program.name,
      })}
    >
      <div class="page-intro">
        <p class="eyebrow">{html('layout.program')}</p>
        <h1 safe>{program.name}</h1>
        <p class="lead" safe>
          {t('program.lead', {
            talks: t('count.talks', { count: program.talks.length }),
            speakers: t('count.speakers', { count: program.speakers.length }),
            tracks: t('count.tracks', { count: program.tracks.length }),
          })}
        </p>
        <EventIntro program={program} now={props.now} />
        {isInterestBallotOpen(program.interestBallot, props.now) ? (
          <p class="interest-link">
            <a href={`/${program.slug}/interest`}>{html('interest.link')}</a>
          </p>
        ) : (
          ''
        )}
        {program.schedule ? (
          <ul class="event-links" aria-label={escapeHtml(t('program.links'))}>
            <li>
              <a href={scheduleUrl(program.slug)}>{html('layout.schedule')}</a>
            </li>
            <li>
              <a href={`/${program.slug}/changelog`}>{html('program.changelog')}</a>
            </li>
            <li>
              <a href={`/${program.slug}/exports`}>{html('program.exportsLink')}</a>
            </li>
          </ul>
        ) : (
          ''
        )}
      </div>
      <FilterForm program={program} filter={filter} action={`/${program.slug}`} />
      <p class="result-count" role="status" safe>
        {filter.track || filter.level
          ? t('program.showingFiltered', {
              shown: talks.length,
              total: program.talks.length,
              described,
            })
          : t('program.showingAll', { talks: t('count.talks', { count: talks.length }) })}
      </p>
      {groups.length > 1 ? (
        <nav class="track-index" aria-label={escapeHtml(t('program.trackIndex'))}>
          <ul>
            {groups.map((group) => (
              <li>
                <a href={`#track-${group.track.slug}`}>
                  <span safe>{group.track.name}</span>{' '}
                  <span class="track-index__count">
                    <span safe>{String(group.talks.length)}</span>
                    <span
                      class="visually-hidden"
                      safe
                    >{` ${t('count.talksWord', { count: group.talks.length })}`}</span>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        ''
      )}
      {groups.map((group) => (
        <section class="track-section" aria-labelledby={`track-${group.track.slug}`}>
          <h2 id={`track-${group.track.slug}`} class="track-section__title">
            <a href={trackUrl(program.slug, group.track)} safe>
              {group.track.name}
            </a>{' '}
            <span class="count" safe>
              {t('count.talks', { count: group.talks.length })}
            </span>
          </h2>
          {group.track.descriptionHtml ? (
            <div class="prose track-section__description">{group.track.descriptionHtml as 'safe'}</div>
          ) : (
            ''
          )}
          <ul class="talk-list talk-list--grid">
            {group.talks.map((talk) => (
              <TalkCard eventSlug={program.slug} timezone={program.schedule?.timezone} talk={talk} headingLevel={3} />
            ))}
          </ul>
        </section>
      ))}
      {untracked.length > 0 ? (
        <section class="track-section" aria-labelledby="track-none">
          <h2 id="track-none" class="track-section__title">
            {html('program.otherTalks')}
          </h2>
          <ul class="talk-list talk-list--grid">
            {untracked.map((talk) => (
              <TalkCard eventSlug={program.slug} timezone={program.schedule?.timezone} talk={talk} headingLevel={3} />
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {talks.length === 0 ? (
        <p class="empty">
          {html('program.noMatch')} <a href={`/${program.slug}`}>{html('program.showAll')}</a>.
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function SearchPage(props: {
  program: EventProgram;
  query: string;
  filter: ProgramFilter;
  results: SearchResult[] | undefined;
}): JSX.Element {
  const { program, query, filter } = props;
  const results = props.results?.filter((result) => matchesFilter(result.talk, filter));
  return (
    <Layout
      title={query ? t('search.title', { query }) : t('search.titleEmpty')}
      event={program}
      section="search"
      path={`/${program.slug}/search`}
      query={query}
    >
      <div class="page-intro">
        <h1>{query ? html('search.resultsFor', { query }) : html('search.heading')}</h1>
      </div>
      {query === '' ? (
        <p class="lead">{html('search.hint')}</p>
      ) : (
        <>
          <FilterForm program={program} filter={filter} action={`/${program.slug}/search`} query={query} />
          <p class="result-count" role="status" safe>
            {results!.length === 0
              ? t('search.none')
              : t('search.found', { talks: t('count.talks', { count: results!.length }) })}
          </p>
          {results!.length > 0 ? (
            <ol class="talk-list talk-list--results">
              {results!.map((result) => (
                <TalkCard
                  eventSlug={program.slug}
                  timezone={program.schedule?.timezone}
                  talk={result.talk}
                  headingLevel={2}
                  showTrack
                  snippet={result.snippet}
                />
              ))}
            </ol>
          ) : (
            ''
          )}
        </>
      )}
    </Layout>
  );
}

function Breadcrumbs(props: { links: { href: string; label: string }[] }): JSX.Element {
  return (
    <nav class="breadcrumbs" aria-label={escapeHtml(t('talk.breadcrumb'))}>
      <ol>
        {props.links.map((link) => (
          <li>
            <a href={link.href} safe>
              {link.label}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function TalkPage(props: { program: EventProgram; talk: TalkView }): JSX.Element {
  const { program, talk } = props;
  const crumbs = [{ href: `/${program.slug}`, label: t('layout.program') }];
  if (talk.track) crumbs.push({ href: trackUrl(program.slug, talk.track), label: talk.track.name });
  return (
    <Layout
      title={talk.title}
      event={program}
      section="program"
      path={talkUrl(program.slug, talk)}
      description={summarise(talk.description || talk.abstract, 200)}
    >
      <Breadcrumbs links={crumbs} />
      <article class="talk">
        <header class="talk__header">
          <h1 safe>{talk.title}</h1>
          {talk.speakers.length > 0 ? (
            <p class="talk__byline">
              <SpeakerNames eventSlug={program.slug} speakers={talk.speakers} />
            </p>
          ) : (
            ''
          )}
          {talk.slot && program.schedule ? <TalkSchedule program={program} talk={talk} /> : ''}
          <StarToggle eventSlug={program.slug} talk={talk} />
          {talk.track || talk.level || talk.type ? (
            <dl class="facts">
              {talk.track ? (
                <div>
                  <dt>{html('talk.track')}</dt>
                  <dd>
                    <a href={trackUrl(program.slug, talk.track)} safe>
                      {talk.track.name}
                    </a>
                  </dd>
                </div>
              ) : (
                ''
              )}
              {talk.level ? (
                <div>
                  <dt>{html('talk.level')}</dt>
                  <dd>
                    <LevelBadge level={talk.level} />
                  </dd>
                </div>
              ) : (
                ''
              )}
              {talk.type ? (
                <div>
                  <dt>{html('talk.sessionType')}</dt>
                  <dd>
                    <a href={`/${program.slug}?type=${encodeURIComponent(talk.type.slug)}`} safe>
                      {t('talk.sessionTypeValue', { name: talk.type.name, minutes: talk.durationMinutes })}
                    </a>
                  </dd>
                </div>
              ) : (
                ''
              )}
            </dl>
          ) : (
            ''
          )}
        </header>
        {talk.description ? (
          <section class="talk__section" aria-labelledby="description">
            <h2 id="description">{html('talk.description')}</h2>
            <div class="prose">{talk.descriptionHtml as 'safe'}</div>
          </section>
        ) : (
          ''
        )}
        {talk.abstract ? (
          <section class="talk__section" aria-labelledby="abstract">
            <h2 id="abstract">{html('talk.abstract')}</h2>
            <div class="prose">{talk.abstractHtml as 'safe'}</div>
          </section>
        ) : (
          ''
        )}
        {/* Issue 3: answers to the event's public questions on the proposal form (private ones never reach the agenda). */}
        {talk.answers.length > 0 ? (
          <section aria-labelledby="answers">
            <h2 id="answers">{html('talk.about')}</h2>
            <dl class="talk-answers">
              {talk.answers.map((item) => (
                <>
                  <dt safe>{item.question}</dt>
                  <dd safe>{item.answer}</dd>
                </>
              ))}
            </dl>
          </section>
        ) : (
          ''
        )}
        {talk.speakers.length > 0 ? (
          <section class="talk__section" aria-labelledby="speakers">
            <h2 id="speakers">{html('talk.speakers', { count: talk.speakers.length })}</h2>
            {talk.speakers.map((speaker) => (
              <div class="speaker-bio">
                <div class="speaker-bio__header">
                  <Avatar name={speaker.name} photoUrl={speaker.photoUrl} />
                  <h3>
                    <a href={speakerUrl(program.slug, speaker)} safe>
                      {speaker.name}
                    </a>
                  </h3>
                </div>
                {speaker.biography ? <div class="prose">{speaker.biographyHtml as 'safe'}</div> : ''}
              </div>
            ))}
          </section>
        ) : (
          ''
        )}
      </article>
      <TalkSurroundingsAside program={program} surroundings={talkSurroundings(program, talk)} />
    </Layout>
  );
}

/** When and where the latest release places the talk, with a way to keep it in a calendar. */
function TalkSchedule(props: { program: EventProgram; talk: TalkView }): JSX.Element {
  const { program, talk } = props;
  const slot = talk.slot!;
  const zone = program.schedule!.timezone;
  return (
    <div class="talk__schedule">
      <dl class="facts facts--schedule">
        <div>
          <dt>{html('talk.when')}</dt>
          <dd>
            <time datetime={isoInZone(slot.start, zone)} safe>
              {whenText(slot.start, slot.end, zone)}
            </time>
          </dd>
        </div>
        {slot.room ? (
          <div>
            <dt>{html('talk.room')}</dt>
            <dd safe>{slot.room.name}</dd>
          </div>
        ) : (
          ''
        )}
      </dl>
      <ul class="talk__schedule-links">
        <li>
          <a href={`${talkUrl(program.slug, talk)}.ics`}>{html('talk.addToCalendar')}</a>
        </li>
        {slot.day ? (
          <li>
            <a href={`${scheduleUrl(program.slug, slot.day.date)}#${gridAnchor(talk)}`}>{html('talk.seeInSchedule')}</a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </div>
  );
}

export function SpeakerPage(props: { program: EventProgram; speaker: SpeakerView }): JSX.Element {
  const { program, speaker } = props;
  return (
    <Layout
      title={speaker.name}
      event={program}
      section="speakers"
      path={speakerUrl(program.slug, speaker)}
      description={summarise(speaker.biography, 200)}
    >
      <Breadcrumbs links={[{ href: `/${program.slug}/speakers`, label: t('layout.speakers') }]} />
      <div class="person">
        <Avatar name={speaker.name} photoUrl={speaker.photoUrl} large />
        <div>
          <h1 safe>{speaker.name}</h1>
          <p class="lead" safe>
            {t('speaker.lead', { talks: t('count.talks', { count: speaker.talks.length }), event: program.name })}
          </p>
        </div>
      </div>
      {speaker.biography ? (
        <section aria-labelledby="bio">
          <h2 id="bio">{html('speaker.biography')}</h2>
          <div class="prose">{speaker.biographyHtml as 'safe'}</div>
        </section>
      ) : (
        ''
      )}
      {speaker.links.length > 0 ? (
        <section aria-labelledby="links">
          <h2 id="links">{html('speaker.links')}</h2>
          <ul class="speaker-links">
            {speaker.links.map((link) => (
              // rel=me: a Mastodon profile linking back to this page shows it as verified.
              <li>
                <a href={escapeHtml(link.url)} rel="me nofollow noopener" safe>
                  {link.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="talks">
        <h2 id="talks">{html('speaker.talks', { count: speaker.talks.length })}</h2>
        <ul class="talk-list">
          {speaker.talks.map((talk) => (
            <TalkCard
              eventSlug={program.slug}
              timezone={program.schedule?.timezone}
              talk={talk}
              headingLevel={3}
              showTrack
            />
          ))}
        </ul>
      </section>
    </Layout>
  );
}

export function SpeakersPage(props: { program: EventProgram }): JSX.Element {
  const { program } = props;
  return (
    <Layout title={t('layout.speakers')} event={program} section="speakers" path={`/${program.slug}/speakers`}>
      <div class="page-intro">
        <h1>{html('layout.speakers')}</h1>
        <p class="lead" safe>
          {t('speakers.lead', { speakers: t('count.speakers', { count: program.speakers.length }) })}
        </p>
      </div>
      <ul class="people">
        {program.speakers.map((speaker) => (
          <li class="person-card">
            <Avatar name={speaker.name} photoUrl={speaker.photoUrl} />
            <div class="person-card__text">
              <h2 class="person-card__name">
                <a href={speakerUrl(program.slug, speaker)} safe>
                  {speaker.name}
                </a>
              </h2>
              <ul class="person-card__talks">
                {speaker.talks.map((talk) => (
                  <li safe>{talk.title}</li>
                ))}
              </ul>
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function TracksPage(props: { program: EventProgram }): JSX.Element {
  const { program } = props;
  return (
    <Layout title={t('layout.tracks')} event={program} section="tracks" path={`/${program.slug}/tracks`}>
      <div class="page-intro">
        <h1>{html('layout.tracks')}</h1>
        <p class="lead" safe>
          {t('tracks.lead', { tracks: t('count.tracks', { count: program.tracks.length }) })}
        </p>
      </div>
      <ul class="card-grid">
        {program.tracks.map((track) => (
          <li class="card">
            <h2 class="card__title">
              <a href={trackUrl(program.slug, track)} safe>
                {track.name}
              </a>
            </h2>
            <p class="card__meta" safe>
              {t('count.talks', { count: track.talkCount })}
            </p>
            {track.descriptionHtml ? <div class="prose card__description">{track.descriptionHtml as 'safe'}</div> : ''}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function TrackPage(props: { program: EventProgram; track: TrackView }): JSX.Element {
  const { program, track } = props;
  const talks = program.talks.filter((talk) => talk.track?.id === track.id);
  return (
    <Layout title={track.name} event={program} section="tracks" path={trackUrl(program.slug, track)}>
      <Breadcrumbs links={[{ href: `/${program.slug}/tracks`, label: t('layout.tracks') }]} />
      <div class="page-intro">
        <p class="eyebrow">{html('track.eyebrow')}</p>
        <h1 safe>{track.name}</h1>
        <p class="lead">
          <span safe>{t('track.lead', { talks: t('count.talks', { count: talks.length }) })}</span>{' '}
          <a href={`/${program.slug}?track=${encodeURIComponent(track.slug)}`}>{html('track.filter')}</a>.
        </p>
        {track.descriptionHtml ? <div class="prose track-description">{track.descriptionHtml as 'safe'}</div> : ''}
      </div>
      <ul class="talk-list talk-list--grid">
        {talks.map((talk) => (
          <TalkCard eventSlug={program.slug} timezone={program.schedule?.timezone} talk={talk} headingLevel={2} />
        ))}
      </ul>
    </Layout>
  );
}

export function ErrorPage(props: {
  statusCode: number;
  title: string;
  message: string;
  /** A sentence in the page's language before the message, when the message is in another. */
  lead?: string | undefined;
  /** The message's language, when it is not the page's. */
  messageLang?: string | undefined;
  event?: EventProgram | undefined;
}): JSX.Element {
  return (
    <Layout title={props.title} event={props.event}>
      <div class="error-page">
        <p class="eyebrow" safe>
          {t('error.eyebrow', { status: props.statusCode })}
        </p>
        <h1 safe>{props.title}</h1>
        {props.lead ? <p safe>{props.lead}</p> : ''}
        <p lang={props.messageLang} safe>
          {props.message}
        </p>
        <p>
          {props.event ? (
            <a class="button" href={`/${props.event.slug}`} safe>
              {t('error.backTo', { event: props.event.name })}
            </a>
          ) : (
            <a class="button" href="/">
              {html('error.allEvents')}
            </a>
          )}
        </p>
      </div>
    </Layout>
  );
}

export { talkUrl };
