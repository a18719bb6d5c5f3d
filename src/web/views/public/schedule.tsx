import { XMLBuilder } from 'fast-xml-parser';
import {
  publicTrackTones,
  type ChangePlace,
  type ReleaseSummary,
  type ScheduleChange,
} from '../../../modules/schedule/index.js';
import {
  buildGrid,
  type DayView,
  type EventProgram,
  type LiveState,
  type PublishedSchedule,
  type SlotView,
  type TrackView,
} from '../../../modules/agenda/index.js';
import { Layout } from '../layout.js';
import {
  clockTime,
  durationText,
  gridAnchor,
  isoInZone,
  LevelBadge,
  longDate,
  offsetMinutes,
  scheduleUrl,
  shortDate,
  talkUrl,
  timeRange,
  zoneAbbreviation,
  zoneDescription,
} from './talk-parts.js';
import { StarToggle } from './star-toggle.js';
import { escapeHtml } from '../../../shared/html.js';
import { html, t, type MessageKey } from '../../i18n/index.js';

/**
 * The public schedule: a day's grid of rooms by time, what is on now and next while the
 * event runs, and the changelog of releases as a page and an Atom feed.
 */

/** Track colours: a tone per track, the one nearest its own colour, else by program order. */
function trackTones(program: EventProgram): Map<number, number> {
  return publicTrackTones(program.tracks);
}

function names(list: string[]): string {
  if (list.length <= 1) return list.join('');
  return t('list.and', { first: list.slice(0, -1).join(', '), last: list[list.length - 1]! });
}

function DayNavigation(props: { program: EventProgram; schedule: PublishedSchedule; shown: DayView }): JSX.Element {
  const { program, schedule, shown } = props;
  return (
    <nav class="day-nav" aria-label={escapeHtml(t('schedule.days'))}>
      <ul>
        {schedule.days.map((day) => (
          <li>
            <a href={scheduleUrl(program.slug, day.date)} aria-current={day === shown ? 'page' : undefined}>
              <span class="day-nav__index" safe>
                {t('schedule.day', { index: day.index })}
              </span>{' '}
              <span class="day-nav__date" safe>
                {shortDate(day.start, schedule.timezone)}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * One sentence naming the zone the day's times are in. A day across a change of the clocks
 * names both, and then every time on the page carries its abbreviation.
 */
function zoneSentence(day: DayView, zone: string): { text: string; changes: boolean } {
  const firstAtOffset = new Map<number, Date>();
  for (const instant of [day.start, ...day.slots.flatMap((s) => [s.start, s.end])]) {
    const offset = offsetMinutes(instant, zone);
    if (!firstAtOffset.has(offset)) firstAtOffset.set(offset, instant);
  }
  const descriptions = [...firstAtOffset.values()].map((instant) => zoneDescription(instant, zone));
  if (descriptions.length <= 1) {
    return {
      text: t('schedule.zoneOne', { zone: descriptions[0] ?? zoneDescription(day.start, zone), name: zone }),
      changes: false,
    };
  }
  return {
    text: t('schedule.zoneChanges', { name: zone, zones: descriptions.join(t('schedule.zoneThen')) }),
    changes: true,
  };
}

interface EntryContext {
  program: EventProgram;
  zone: string;
  tones: Map<number, number>;
  /** Whether times carry their zone (a day across a change of the clocks). */
  zoned: boolean;
  live: { now: Set<SlotView>; next: Set<SlotView> } | undefined;
  anchored: Set<string>;
}

function TimeOf(props: { date: Date; ctx: EntryContext }): JSX.Element {
  const { date, ctx } = props;
  const text = ctx.zoned
    ? `${clockTime(date, ctx.zone)} ${zoneAbbreviation(date, ctx.zone)}`
    : clockTime(date, ctx.zone);
  return (
    <time datetime={isoInZone(date, ctx.zone)} safe>
      {text}
    </time>
  );
}

function TrackTag(props: { track: TrackView; tone: number }): JSX.Element {
  return (
    <span class={`track-tag tone-${props.tone}`}>
      <span class="visually-hidden">{html('schedule.trackLabel')}</span>
      <span safe>{props.track.name}</span>
    </span>
  );
}

function LiveMarker(props: { slot: SlotView; ctx: EntryContext }): JSX.Element {
  const { live } = props.ctx;
  if (live?.now.has(props.slot))
    return <strong class="entry__marker entry__marker--now">{html('schedule.now')}</strong>;
  if (live?.next.has(props.slot))
    return <strong class="entry__marker entry__marker--next">{html('schedule.next')}</strong>;
  return '';
}

/** One slot in the grid. Its room is written out as well, for the list that narrow screens show. */
function Entry(props: { slot: SlotView; ctx: EntryContext; roomShown: boolean }): JSX.Element {
  const { slot, ctx } = props;
  const talk = slot.talk;
  const tone = talk?.track ? ctx.tones.get(talk.track.id) : undefined;
  const live = ctx.live?.now.has(slot) ? ' entry--now' : ctx.live?.next.has(slot) ? ' entry--next' : '';
  const room = slot.room ? (
    <p class={props.roomShown ? 'entry__room entry__room--shown' : 'entry__room'}>
      <span class="visually-hidden">{html('schedule.roomLabel')}</span>
      <span safe>{slot.room.name}</span>
    </p>
  ) : (
    ''
  );
  const time = (
    <p class="entry__time">
      <TimeOf date={slot.start} ctx={ctx} />–<TimeOf date={slot.end} ctx={ctx} />{' '}
      <span class="entry__duration" safe>{`(${durationText(slot.durationMinutes)})`}</span>
    </p>
  );
  if (!talk) {
    return (
      <div class={`entry entry--${slot.kind}${live}`}>
        <LiveMarker slot={slot} ctx={ctx} />
        <p class="entry__title" safe>
          {slot.title}
        </p>
        {room}
        {time}
      </div>
    );
  }
  const id = ctx.anchored.has(talk.slug) ? undefined : gridAnchor(talk);
  ctx.anchored.add(talk.slug);
  return (
    <div class={`entry entry--talk${tone === undefined ? '' : ` tone-${tone}`}${live}`} id={id}>
      <LiveMarker slot={slot} ctx={ctx} />
      <p class="entry__title">
        <a href={talkUrl(ctx.program.slug, talk)} safe>
          {talk.title}
        </a>
      </p>
      {talk.speakers.length > 0 ? (
        <p class="entry__speakers" safe>
          {names(talk.speakers.map((s) => s.name))}
        </p>
      ) : (
        ''
      )}
      {room}
      {time}
      {talk.track || talk.level ? (
        <p class="entry__tags">
          {talk.track ? <TrackTag track={talk.track} tone={tone ?? 0} /> : ''}
          {talk.track && talk.level ? ' ' : ''}
          <LevelBadge level={talk.level} labelled />
        </p>
      ) : (
        ''
      )}
      <StarToggle eventSlug={ctx.program.slug} talk={talk} />
    </div>
  );
}

function ScheduleGrid(props: { day: DayView; ctx: EntryContext; caption: string }): JSX.Element {
  const { day, ctx } = props;
  const grid = buildGrid(day);
  const columns = Math.max(grid.rooms.length, 1);
  const covered = new Array<number>(columns).fill(0);
  const rows = grid.times.map((time, r) => {
    const cells: JSX.Element[] = [];
    const row = grid.cellsByRow[r]!;
    const across = row.find((c) => c.column === 'all');
    if (across) {
      covered.fill(r + across.rows);
      cells.push(
        <td
          class="slot slot--across"
          colspan={columns > 1 ? columns : undefined}
          rowspan={across.rows > 1 ? across.rows : undefined}
        >
          {across.slots.map((slot) => (
            <Entry slot={slot} ctx={ctx} roomShown={slot.room !== undefined} />
          ))}
        </td>,
      );
    } else {
      const byColumn = new Map(row.map((c) => [c.column as number, c]));
      // Neighbouring rooms with nothing starting at this time share one empty cell: a busy day
      // (38C3's: 72 rooms) would otherwise be thousands of empty cells for the browser to style.
      let empty = 0;
      const closeEmpty = () => {
        if (empty > 0) cells.push(<td colspan={empty > 1 ? empty : undefined}></td>);
        empty = 0;
      };
      for (let column = 0; column < columns; column++) {
        if (covered[column]! > r) {
          closeEmpty();
          continue;
        }
        const cell = byColumn.get(column);
        if (!cell) {
          empty++;
          continue;
        }
        closeEmpty();
        covered[column] = r + cell.rows;
        cells.push(
          <td class="slot" rowspan={cell.rows > 1 ? cell.rows : undefined}>
            {cell.slots.map((slot) => (
              <Entry slot={slot} ctx={ctx} roomShown={false} />
            ))}
          </td>,
        );
      }
      closeEmpty();
    }
    return (
      <tr>
        <th scope="row" class="schedule-grid__time">
          <TimeOf date={time} ctx={ctx} />
        </th>
        {cells}
      </tr>
    );
  });
  return (
    <div class="schedule-scroll" role="region" aria-labelledby="schedule-caption" tabindex="0">
      <table class={`schedule-grid${grid.rooms.length > 3 ? ' schedule-grid--wide' : ''}`}>
        <caption id="schedule-caption" safe>
          {props.caption}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="schedule-grid__time">
              {html('schedule.time')}
            </th>
            {grid.rooms.length > 0 ? (
              grid.rooms.map((room) => (
                <th scope="col" safe>
                  {room.name}
                </th>
              ))
            ) : (
              <th scope="col">{html('schedule.allRooms')}</th>
            )}
          </tr>
        </thead>
        <tbody>{rows}</tbody>
      </table>
    </div>
  );
}

function LiveItem(props: { slot: SlotView; ctx: EntryContext; day: DayView }): JSX.Element {
  const { slot, ctx } = props;
  const onAnotherDay = slot.day && slot.day !== props.day;
  const when = onAnotherDay
    ? `${shortDate(slot.start, ctx.zone)}, ${timeRange(slot.start, slot.end, ctx.zone)}`
    : timeRange(slot.start, slot.end, ctx.zone);
  return (
    <li>
      {slot.talk ? (
        <a href={talkUrl(ctx.program.slug, slot.talk)} safe>
          {slot.talk.title}
        </a>
      ) : (
        <span safe>{slot.title}</span>
      )}{' '}
      <span class="live__where" safe>
        {slot.room ? `${slot.room.name}, ${when}` : t('schedule.allRoomsAt', { when })}
      </span>
    </li>
  );
}

function NowAndNext(props: { live: LiveState; ctx: EntryContext; day: DayView }): JSX.Element {
  const { live, ctx, day } = props;
  return (
    <section class="live" aria-labelledby="live-now">
      <div class="live__part">
        <h2 id="live-now">{html('schedule.nowOn')}</h2>
        {live.now.length > 0 ? (
          <ul class="live__list">
            {live.now.map((slot) => (
              <LiveItem slot={slot} ctx={ctx} day={day} />
            ))}
          </ul>
        ) : (
          <p>{html('schedule.nothingNow')}</p>
        )}
      </div>
      <div class="live__part">
        <h2 id="live-next">{html('schedule.upNext')}</h2>
        {live.next.length > 0 ? (
          <ul class="live__list">
            {live.next.map((slot) => (
              <LiveItem slot={slot} ctx={ctx} day={day} />
            ))}
          </ul>
        ) : (
          <p>{html('schedule.nothingMore')}</p>
        )}
      </div>
    </section>
  );
}

function ScheduleIntro(props: { program: EventProgram; schedule: PublishedSchedule }): JSX.Element {
  const { program, schedule } = props;
  return (
    <ul class="event-links" aria-label={escapeHtml(t('schedule.about'))}>
      <li>
        <a href={`/${program.slug}/changelog`} safe>
          {t('schedule.versionChanges', { version: schedule.version })}
        </a>
      </li>
      <li>
        <a href={`/${program.slug}/exports`}>{html('program.exportsLink')}</a>
      </li>
    </ul>
  );
}

export function SchedulePage(props: {
  program: EventProgram;
  schedule: PublishedSchedule;
  day: DayView;
  /** The page's own address: /{event}/schedule shows the current (or first) day as well. */
  path: string;
  live: LiveState | undefined;
}): JSX.Element {
  const { program, schedule, day, live } = props;
  const zone = schedule.timezone;
  const { text: zoneText, changes } = zoneSentence(day, zone);
  const talks = day.slots.filter((s) => s.kind === 'talk').length;
  const ctx: EntryContext = {
    program,
    zone,
    tones: trackTones(program),
    zoned: changes,
    live: live ? { now: new Set(live.now), next: new Set(live.next) } : undefined,
    anchored: new Set(),
  };
  const date = longDate(day.start, zone);
  const summary = t('schedule.summary', {
    talks: t('count.talks', { count: talks }),
    rooms: day.rooms.length,
  });
  return (
    <Layout
      title={t('schedule.title', { index: day.index, date })}
      event={program}
      section="schedule"
      path={props.path}
      description={t('schedule.description', { event: program.name, index: day.index, summary })}
    >
      <div class="page-intro">
        <p class="eyebrow" safe>
          {t('schedule.eyebrow', { index: day.index, days: schedule.days.length })}
        </p>
        <h1 safe>{date}</h1>
        <p class="lead" safe>
          {`${summary} ${zoneText}`}
        </p>
        <ScheduleIntro program={program} schedule={schedule} />
      </div>
      <DayNavigation program={program} schedule={schedule} shown={day} />
      {live ? <NowAndNext live={live} ctx={ctx} day={day} /> : ''}
      {day.slots.length > 0 ? (
        <ScheduleGrid day={day} ctx={ctx} caption={t('schedule.caption', { index: day.index, date })} />
      ) : (
        <p class="empty">{html('schedule.nothingThisDay')}</p>
      )}
    </Layout>
  );
}

/** The schedule of an event with talks but no release yet. */
export function ScheduleNotReleasedPage(props: { program: EventProgram }): JSX.Element {
  const { program } = props;
  return (
    <Layout title={t('layout.schedule')} event={program} section="schedule" path={scheduleUrl(program.slug)}>
      <div class="page-intro">
        <h1>{html('layout.schedule')}</h1>
        <p class="lead" safe>
          {t('schedule.notReleased', { event: program.name })}
        </p>
        <p>
          {html('schedule.untilReleased')} <a href={`/${program.slug}`}>{html('schedule.seeProgram')}</a>
          <span safe>{t('schedule.byTrack', { talks: t('count.talks', { count: program.talks.length }) })}</span>
        </p>
      </div>
    </Layout>
  );
}

/** An event whose latest release places nothing at all. */
export function ScheduleEmptyPage(props: { program: EventProgram; schedule: PublishedSchedule }): JSX.Element {
  const { program, schedule } = props;
  return (
    <Layout title={t('layout.schedule')} event={program} section="schedule" path={scheduleUrl(program.slug)}>
      <div class="page-intro">
        <p class="eyebrow" safe>
          {t('schedule.eyebrowVersion', { version: schedule.version })}
        </p>
        <h1>{html('layout.schedule')}</h1>
        <p class="lead">{html('schedule.nothingYet')}</p>
        <ScheduleIntro program={program} schedule={schedule} />
      </div>
    </Layout>
  );
}

/* The changelog */

const CHANGE_WORDS: Record<ScheduleChange['kind'], MessageKey> = {
  added: 'changelog.added',
  moved: 'changelog.moved',
  removed: 'changelog.removed',
  cancelled: 'changelog.cancelled',
};

function placeText(place: ChangePlace, zone: string): string {
  const start = new Date(place.start);
  const end = new Date(place.end);
  return `${place.room}, ${shortDate(start, zone)}, ${timeRange(start, end, zone)}`;
}

function countSentence(changes: ScheduleChange[]): string {
  const count = (kind: string) => changes.filter((c) => c.slotKind === kind).length;
  const parts = [
    t('changelog.talks', { count: count('talk') }),
    count('break') > 0 ? t('changelog.breaks', { count: count('break') }) : '',
    count('block') > 0 ? t('changelog.blocks', { count: count('block') }) : '',
  ].filter(Boolean);
  return t('changelog.first', { parts: names(parts) });
}

function ChangeItem(props: { program: EventProgram; change: ScheduleChange; zone: string; base: string }): JSX.Element {
  const { program, change, zone } = props;
  const onProgram = change.talkSlug !== null && program.talkBySlug.has(change.talkSlug);
  return (
    <li class={`change change--${change.kind}`}>
      <span class="change__kind" safe>{`${t(CHANGE_WORDS[change.kind])}:`}</span>{' '}
      {onProgram ? (
        <a href={`${props.base}${talkUrl(program.slug, { slug: change.talkSlug! })}`} safe>
          {change.title}
        </a>
      ) : (
        <span safe>{change.title}</span>
      )}
      {change.before ? (
        <>
          {' '}
          <span class="change__before" safe>
            {t('changelog.was', { place: placeText(change.before, zone) })}
          </span>
        </>
      ) : (
        ''
      )}
      {change.after ? (
        <>
          {' '}
          <span class="change__after" safe>
            {change.before
              ? t('changelog.now', { place: placeText(change.after, zone) })
              : placeText(change.after, zone)}
          </span>
        </>
      ) : (
        ''
      )}
    </li>
  );
}

/** A release's changes as HTML: on the changelog page (`base` empty) and in the feed (absolute links). */
function ReleaseChanges(props: {
  program: EventProgram;
  release: ReleaseSummary;
  first: boolean;
  base: string;
}): JSX.Element {
  const { program, release } = props;
  const zone = program.schedule?.timezone ?? program.timezone;
  // Like pretalx, the first release is announced, not listed: its every slot is "added".
  if (props.first) return <p safe>{countSentence(release.changes)}</p>;
  if (release.changes.length === 0) return <p>{html('changelog.nothingMoved')}</p>;
  return (
    <ul class="changes">
      {release.changes.map((change) => (
        <ChangeItem program={program} change={change} zone={zone} base={props.base} />
      ))}
    </ul>
  );
}

export function releaseAnchor(release: ReleaseSummary): string {
  return `release-${release.id}`;
}

export function ChangelogPage(props: { program: EventProgram }): JSX.Element {
  const { program } = props;
  const zone = program.schedule?.timezone ?? program.timezone;
  const oldest = program.releases[program.releases.length - 1];
  return (
    <Layout
      title={t('changelog.title')}
      event={program}
      section="schedule"
      path={`/${program.slug}/changelog`}
      feed={{ href: `/${program.slug}/changelog.atom`, title: t('changelog.feedTitle', { event: program.name }) }}
    >
      <div class="page-intro">
        <p class="eyebrow">{html('changelog.eyebrow')}</p>
        <h1>{html('changelog.title')}</h1>
        {program.releases.length === 0 ? (
          <p class="lead" safe>
            {t('schedule.notReleased', { event: program.name })}
          </p>
        ) : (
          <p class="lead" safe>
            {t('changelog.lead', { releases: t('count.releases', { count: program.releases.length }) })}
          </p>
        )}
        <p>
          <a href={`/${program.slug}/changelog.atom`}>{html('changelog.follow')}</a>
        </p>
      </div>
      {program.releases.map((release) => (
        <section class="release" id={releaseAnchor(release)} aria-labelledby={`${releaseAnchor(release)}-title`}>
          <h2 id={`${releaseAnchor(release)}-title`} safe>
            {t('changelog.version', { version: release.version })}
          </h2>
          <p class="release__when">
            {html('changelog.released')}{' '}
            <time datetime={isoInZone(release.releasedAt, zone)} safe>
              {`${longDate(release.releasedAt, zone)}, ${clockTime(release.releasedAt, zone)} ${zoneAbbreviation(release.releasedAt, zone)}`}
            </time>
          </p>
          {release.comment ? (
            <p class="release__comment" safe>
              {release.comment}
            </p>
          ) : (
            ''
          )}
          <ReleaseChanges program={program} release={release} first={release === oldest} base="" />
        </section>
      ))}
    </Layout>
  );
}

const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';

/** Characters XML 1.0 may not hold at all, escaped or not: removed from the feed's text. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const feedBuilder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  suppressEmptyNode: true,
});

/**
 * The changelog as an Atom 1.0 feed (RFC 4287): one entry per release, newest first. Entry ids
 * are tag: URIs (RFC 4151) from the site's host, the release's date and its id, so a release
 * keeps its id whatever its version is called; links are absolute, from the site's public URL.
 */
export function changelogFeed(program: EventProgram, publicUrl: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  const host = new URL(base).hostname;
  const page = `${base}/${program.slug}/changelog`;
  const oldest = program.releases[program.releases.length - 1];
  const updated = program.releases[0]?.releasedAt ?? program.updatedAt;
  const entries = program.releases.map((release) => {
    const html = (
      <>
        {release.comment ? <p safe>{release.comment}</p> : ''}
        <ReleaseChanges program={program} release={release} first={release === oldest} base={base} />
      </>
    ) as string;
    return {
      id: `tag:${host},${release.releasedAt.toISOString().slice(0, 10)}:${program.slug}/releases/${release.id}`,
      title: { '@_type': 'text', '#text': `Version ${release.version}` },
      updated: release.releasedAt.toISOString(),
      published: release.releasedAt.toISOString(),
      link: { '@_rel': 'alternate', '@_type': 'text/html', '@_href': `${page}#${releaseAnchor(release)}` },
      content: { '@_type': 'html', '#text': html },
    };
  });
  const feed = {
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    feed: {
      '@_xmlns': ATOM_NAMESPACE,
      '@_xml:lang': program.language,
      id: page,
      title: { '@_type': 'text', '#text': `${program.name}: schedule changes` },
      subtitle: { '@_type': 'text', '#text': `Every release of the schedule of ${program.name}` },
      updated: updated.toISOString(),
      link: [
        { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': `${page}.atom` },
        { '@_rel': 'alternate', '@_type': 'text/html', '@_href': page },
      ],
      author: { name: program.name },
      generator: 'Lectern',
      entry: entries,
    },
  };
  return (feedBuilder.build(feed) as string).replace(NOT_XML, '');
}
