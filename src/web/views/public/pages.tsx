import {
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
  plural,
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
import { EventCards, EventIntro, TalkSurroundingsAside } from './event-landing.js';
import { StarToggle } from './star-toggle.js';

export function EventsPage(props: { arranged: ArrangedEvents; now: Date }): JSX.Element {
  const count = props.arranged.upcoming.length + props.arranged.past.length;
  return (
    <Layout title="Events" section="events" path="/">
      <div class="page-intro">
        <h1>Events</h1>
        <p class="lead">Conference programs published with Lectern.</p>
      </div>
      {count === 0 ? (
        <p>
          There are no events yet. Import a program with <code>npx lectern import talks-page FILE --event SLUG</code>.
        </p>
      ) : (
        <EventCards arranged={props.arranged} now={props.now} />
      )}
    </Layout>
  );
}

function FilterForm(props: {
  program: EventProgram;
  filter: ProgramFilter;
  action: string;
  query?: string;
}): JSX.Element {
  const { program, filter } = props;
  return (
    <form class="filters" method="get" action={props.action} aria-label="Filter talks">
      {props.query !== undefined ? <input type="hidden" name="q" value={escapeHtml(props.query)} /> : ''}
      <div class="filters__field">
        <label for="filter-track">Track</label>
        <select id="filter-track" name="track">
          <option value="">All tracks</option>
          {program.tracks.map((track) => (
            <option value={track.slug} selected={filter.track?.id === track.id} safe>
              {`${track.name} (${track.talkCount})`}
            </option>
          ))}
        </select>
      </div>
      <div class="filters__field">
        <label for="filter-level">Level</label>
        <select id="filter-level" name="level">
          <option value="">All levels</option>
          {program.levels.map((level) => (
            <option value={level.slug} selected={filter.level?.id === level.id} safe>
              {`${level.name} (${level.talkCount})`}
            </option>
          ))}
        </select>
      </div>
      <div class="filters__actions">
        <button type="submit">Filter</button>
        {filter.track || filter.level ? (
          <a
            class="filters__clear"
            href={props.query !== undefined ? `${props.action}?q=${encodeURIComponent(props.query)}` : props.action}
          >
            Clear filters
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
    filter.track && `in ${filter.track.name}`,
    filter.level && `for ${filter.level.name.toLowerCase()} level`,
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
      title={described ? `Talks ${described}` : program.name}
      event={program}
      section="program"
      path={`/${program.slug}`}
      description={`${plural(program.talks.length, 'talk')} at ${program.name}`}
    >
      <div class="page-intro">
        <p class="eyebrow">Program</p>
        <h1 safe>{program.name}</h1>
        <p class="lead" safe>
          {`${plural(program.talks.length, 'talk')} by ${plural(program.speakers.length, 'speaker')} in ${plural(program.tracks.length, 'track')}.`}
        </p>
        <EventIntro program={program} now={props.now} />
        {program.schedule ? (
          <ul class="event-links" aria-label="Schedule and files">
            <li>
              <a href={scheduleUrl(program.slug)}>Schedule</a>
            </li>
            <li>
              <a href={`/${program.slug}/changelog`}>Changelog</a>
            </li>
            <li>
              <a href={`/${program.slug}/exports`}>Exports for apps and calendars</a>
            </li>
          </ul>
        ) : (
          ''
        )}
      </div>
      <FilterForm program={program} filter={filter} action={`/${program.slug}`} />
      <p class="result-count" role="status" safe>
        {filter.track || filter.level
          ? `Showing ${talks.length} of ${plural(program.talks.length, 'talk')} ${described}.`
          : `Showing all ${plural(talks.length, 'talk')}.`}
      </p>
      {groups.length > 1 ? (
        <nav class="track-index" aria-label="Tracks on this page">
          <ul>
            {groups.map((group) => (
              <li>
                <a href={`#track-${group.track.slug}`}>
                  <span safe>{group.track.name}</span>{' '}
                  <span class="track-index__count">
                    <span safe>{String(group.talks.length)}</span>
                    <span class="visually-hidden">{group.talks.length === 1 ? ' talk' : ' talks'}</span>
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
              {plural(group.talks.length, 'talk')}
            </span>
          </h2>
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
            Other talks
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
          No talks match these filters. <a href={`/${program.slug}`}>Show all talks</a>.
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
      title={query ? `Search: ${query}` : 'Search'}
      event={program}
      section="search"
      path={`/${program.slug}/search`}
      query={query}
    >
      <div class="page-intro">
        <h1>
          {query ? (
            <>
              Search results for “<span safe>{query}</span>”
            </>
          ) : (
            'Search talks'
          )}
        </h1>
      </div>
      {query === '' ? (
        <p class="lead">
          Type words from a talk's title, description or abstract, or a speaker's name, into the search box.
        </p>
      ) : (
        <>
          <FilterForm program={program} filter={filter} action={`/${program.slug}/search`} query={query} />
          <p class="result-count" role="status" safe>
            {results!.length === 0
              ? 'No talks found. Try fewer or other words.'
              : `${plural(results!.length, 'talk')} found, best matches first.`}
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
    <nav class="breadcrumbs" aria-label="Breadcrumb">
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
  const crumbs = [{ href: `/${program.slug}`, label: 'Program' }];
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
          {talk.track || talk.level ? (
            <dl class="facts">
              {talk.track ? (
                <div>
                  <dt>Track</dt>
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
                  <dt>Level</dt>
                  <dd>
                    <LevelBadge level={talk.level} />
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
            <h2 id="description">Description</h2>
            <div class="prose">{talk.descriptionHtml as 'safe'}</div>
          </section>
        ) : (
          ''
        )}
        {talk.abstract ? (
          <section class="talk__section" aria-labelledby="abstract">
            <h2 id="abstract">Abstract</h2>
            <div class="prose">{talk.abstractHtml as 'safe'}</div>
          </section>
        ) : (
          ''
        )}
        {/* Issue 3: answers to the event's public questions on the proposal form (private ones never reach the agenda). */}
        {talk.answers.length > 0 ? (
          <section aria-labelledby="answers">
            <h2 id="answers">About this talk</h2>
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
            <h2 id="speakers">{talk.speakers.length === 1 ? 'Speaker' : 'Speakers'}</h2>
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
          <dt>When</dt>
          <dd>
            <time datetime={isoInZone(slot.start, zone)} safe>
              {whenText(slot.start, slot.end, zone)}
            </time>
          </dd>
        </div>
        {slot.room ? (
          <div>
            <dt>Room</dt>
            <dd safe>{slot.room.name}</dd>
          </div>
        ) : (
          ''
        )}
      </dl>
      <ul class="talk__schedule-links">
        <li>
          <a href={`${talkUrl(program.slug, talk)}.ics`}>Add to calendar</a>
        </li>
        {slot.day ? (
          <li>
            <a href={`${scheduleUrl(program.slug, slot.day.date)}#${gridAnchor(talk)}`}>See it in the schedule</a>
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
      <Breadcrumbs links={[{ href: `/${program.slug}/speakers`, label: 'Speakers' }]} />
      <div class="person">
        <Avatar name={speaker.name} photoUrl={speaker.photoUrl} large />
        <div>
          <h1 safe>{speaker.name}</h1>
          <p class="lead" safe>
            {`${plural(speaker.talks.length, 'talk')} at ${program.name}`}
          </p>
        </div>
      </div>
      {speaker.biography ? (
        <section aria-labelledby="bio">
          <h2 id="bio">Biography</h2>
          <div class="prose">{speaker.biographyHtml as 'safe'}</div>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="talks">
        <h2 id="talks">{speaker.talks.length === 1 ? 'Talk' : 'Talks'}</h2>
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
    <Layout title="Speakers" event={program} section="speakers" path={`/${program.slug}/speakers`}>
      <div class="page-intro">
        <h1>Speakers</h1>
        <p class="lead" safe>{`${plural(program.speakers.length, 'speaker')}, in alphabetical order.`}</p>
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
    <Layout title="Tracks" event={program} section="tracks" path={`/${program.slug}/tracks`}>
      <div class="page-intro">
        <h1>Tracks</h1>
        <p class="lead" safe>{`${plural(program.tracks.length, 'track')}, in program order.`}</p>
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
              {plural(track.talkCount, 'talk')}
            </p>
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
      <Breadcrumbs links={[{ href: `/${program.slug}/tracks`, label: 'Tracks' }]} />
      <div class="page-intro">
        <p class="eyebrow">Track</p>
        <h1 safe>{track.name}</h1>
        <p class="lead">
          <span safe>{`${plural(talks.length, 'talk')} in this track.`}</span>{' '}
          <a href={`/${program.slug}?track=${encodeURIComponent(track.slug)}`}>Filter the program by this track</a>.
        </p>
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
  event?: EventProgram | undefined;
}): JSX.Element {
  return (
    <Layout title={props.title} event={props.event}>
      <div class="error-page">
        <p class="eyebrow" safe>{`Error ${props.statusCode}`}</p>
        <h1 safe>{props.title}</h1>
        <p safe>{props.message}</p>
        <p>
          {props.event ? (
            <a class="button" href={`/${props.event.slug}`} safe>
              {`Back to the program of ${props.event.name}`}
            </a>
          ) : (
            <a class="button" href="/">
              See all events
            </a>
          )}
        </p>
      </div>
    </Layout>
  );
}

export { talkUrl };
