import { DateTime, Info } from 'luxon';
import type { LevelView, SlotView, SpeakerView, TalkView } from '../../../modules/agenda/index.js';
import { markdownToText } from '../../../shared/markdown.js';
import { escapeHtml } from '../../../shared/html.js';
import { StarToggle } from './star-toggle.js';
import { currentLocale, html, t, type Locale } from '../../i18n/index.js';

export function talkUrl(eventSlug: string, talk: { slug: string }): string {
  return `/${eventSlug}/talks/${talk.slug}`;
}

export function speakerUrl(eventSlug: string, speaker: { slug: string }): string {
  return `/${eventSlug}/speakers/${speaker.slug}`;
}

export function trackUrl(eventSlug: string, track: { slug: string }): string {
  return `/${eventSlug}/tracks/${track.slug}`;
}

export function scheduleUrl(eventSlug: string, date?: string): string {
  return date ? `/${eventSlug}/schedule/${date}` : `/${eventSlug}/schedule`;
}

/** Where a talk sits in its day's grid: the grid cell carries this id. */
export function gridAnchor(talk: { slug: string }): string {
  return `talk-${talk.slug}`;
}

/*
 * Times as people read them, in the event's zone and the page's language. US English names the
 * zones as attendees know them ("PDT"); British English would say "GMT-7". German dates come
 * from Intl.DateTimeFormat ("Samstag, 20. August 2016"), through luxon's toLocaleString.
 */

const INTL_LOCALES: Record<Locale, string> = { en: 'en-US', de: 'de-DE' };

function local(date: Date, zone: string): DateTime {
  return DateTime.fromJSDate(date, { zone }).setLocale(INTL_LOCALES[currentLocale()]);
}

/**
 * Formatting through Intl costs microseconds a time, and a large schedule page (38C3: 300 talks
 * a day) asks for the same few hundred instants again and again: each text is worked out once.
 */
const formatted = new Map<string, string>();
const MAX_FORMATTED = 50_000;

function remembered(kind: string, date: Date, zone: string, format: () => string): string {
  const key = `${kind}|${currentLocale()}|${zone}|${date.getTime()}`;
  let text = formatted.get(key);
  if (text === undefined) {
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    text = format();
    formatted.set(key, text);
  }
  return text;
}

/** Minutes east of UTC that the zone's clocks show at that instant. */
export function offsetMinutes(date: Date, zone: string): number {
  return Info.normalizeZone(zone).offset(date.getTime());
}

/** "09:00". */
export function clockTime(date: Date, zone: string): string {
  return remembered('clock', date, zone, () => local(date, zone).toFormat('HH:mm'));
}

/** "PDT"; where the zone has no letters of its own, its offset ("GMT+1"). */
export function zoneAbbreviation(date: Date, zone: string): string {
  return remembered('abbreviation', date, zone, () => local(date, zone).toFormat('ZZZZ'));
}

/** "Saturday 20 August 2016"; "Samstag, 20. August 2016". */
export function longDate(date: Date, zone: string): string {
  return remembered('long-date', date, zone, () =>
    currentLocale() === 'en'
      ? local(date, zone).toFormat('cccc d LLLL yyyy')
      : local(date, zone).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
  );
}

/** "Sat 20 Aug"; "Sa., 20. Aug.". */
export function shortDate(date: Date, zone: string): string {
  return remembered('short-date', date, zone, () =>
    currentLocale() === 'en'
      ? local(date, zone).toFormat('ccc d LLL')
      : local(date, zone).toLocaleString({ weekday: 'short', day: 'numeric', month: 'short' }),
  );
}

/** "2016-08-20T09:00:00-07:00": the instant with the offset the event's zone has then. */
export function isoInZone(date: Date, zone: string): string {
  return remembered('iso', date, zone, () =>
    DateTime.fromJSDate(date, { zone }).toISO({ suppressMilliseconds: true })!,
  );
}

/** "Pacific Daylight Time (PDT, UTC-07:00)". */
export function zoneDescription(date: Date, zone: string): string {
  return remembered('zone', date, zone, () => describeZone(date, zone));
}

function describeZone(date: Date, zone: string): string {
  const at = local(date, zone);
  const abbreviation = at.toFormat('ZZZZ');
  const offset = `UTC${at.toFormat('ZZ')}`;
  // "UTC" and "GMT+1" say no more than the offset beside them.
  return /^[A-Z]{2,5}$/.test(abbreviation) && abbreviation !== 'UTC'
    ? `${at.toFormat('ZZZZZ')} (${abbreviation}, ${offset})`
    : `${at.toFormat('ZZZZZ')} (${offset})`;
}

/**
 * "09:00–09:30 PDT". Across midnight the end's day is named; across a change of the clocks
 * each end carries its own zone ("01:30 PDT–01:15 PST"), since the local times alone mislead.
 */
export function timeRange(start: Date, end: Date, zone: string): string {
  const endDay = localDate(start, zone) === localDate(end, zone) ? '' : `${shortDate(end, zone)} `;
  const fromZone = zoneAbbreviation(start, zone);
  const toZone = zoneAbbreviation(end, zone);
  return fromZone === toZone
    ? `${clockTime(start, zone)}–${endDay}${clockTime(end, zone)} ${toZone}`
    : `${clockTime(start, zone)} ${fromZone}–${endDay}${clockTime(end, zone)} ${toZone}`;
}

/** "2016-08-20", the date in the zone. */
function localDate(date: Date, zone: string): string {
  return isoInZone(date, zone).slice(0, 10);
}

/** "Saturday 20 August 2016, 09:00–09:30 PDT". */
export function whenText(start: Date, end: Date, zone: string): string {
  return `${longDate(start, zone)}, ${timeRange(start, end, zone)}`;
}

export function durationText(minutes: number): string {
  return t('duration.minutes', { minutes });
}

/** A talk's place in the latest release, in a line: "Sat 20 Aug, 09:00–09:30 PDT · Main Hall". */
export function slotLine(slot: SlotView, zone: string): string {
  const when = `${shortDate(slot.start, zone)}, ${timeRange(slot.start, slot.end, zone)}`;
  return slot.room ? `${when} · ${slot.room.name}` : when;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

const SUMMARY_LENGTH = 180;

/**
 * The start of a Markdown text as one plain sentence or two, cut at a word: lists show a
 * summary so that a phone screen holds several talks, and the talk page has the whole text.
 */
export function summarise(markdown: string, maxLength = SUMMARY_LENGTH): string {
  const text = markdownToText(markdown).replace(/\s+/g, ' ').trim();
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength + 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut.slice(0, maxLength)).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** Up to two letters standing in for a speaker's photo, when the program has none. */
export function initials(name: string): string {
  const words = name.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  const first = words[0];
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letter = (word: string | undefined) => (word ? (word.match(/\p{L}/u)?.[0] ?? '') : '');
  return (letter(first) + letter(last)).toUpperCase() || '?';
}

const AVATAR_TONES = 6;

/** The same name always gets the same colour, so a speaker looks alike on every page. */
function avatarTone(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return hash % AVATAR_TONES;
}

/** The avatar's size in CSS pixels (2.75rem and 4.5rem), given to a photo so that the page does not shift as it loads. */
const AVATAR_SIZE = 44;
const LARGE_AVATAR_SIZE = 72;

/**
 * The speaker's photo, or their initials on a tone when they have none. Decorative: every page
 * writes the name beside it, so the photo's alt is empty and assistive technology skips both.
 * The photo loads lazily and sends no Referer to the host it comes from (any https:// address).
 */
export function Avatar(props: { name: string; photoUrl?: string | null | undefined; large?: boolean }): JSX.Element {
  if (props.photoUrl) {
    const size = String(props.large ? LARGE_AVATAR_SIZE : AVATAR_SIZE);
    return (
      <img
        class={`avatar avatar--photo${props.large ? ' avatar--large' : ''}`}
        src={escapeHtml(props.photoUrl)}
        alt=""
        width={size}
        height={size}
        loading="lazy"
        decoding="async"
        referrerpolicy="no-referrer"
      />
    );
  }
  return (
    <span
      class={`avatar avatar--tone${avatarTone(props.name)}${props.large ? ' avatar--large' : ''}`}
      aria-hidden="true"
      safe
    >
      {initials(props.name)}
    </span>
  );
}

/** A level as a coloured tag; `labelled` says "Level:" to screen readers where nothing else does. */
export function LevelBadge(props: { level: LevelView | undefined; labelled?: boolean }): JSX.Element {
  if (!props.level) return '';
  return (
    <span class={`badge badge--level badge--${props.level.slug}`}>
      {props.labelled ? <span class="visually-hidden">{html('talk.levelLabel')}</span> : ''}
      <span safe>{props.level.name}</span>
    </span>
  );
}

export function SpeakerNames(props: { eventSlug: string; speakers: SpeakerView[] }): JSX.Element {
  const { speakers } = props;
  if (speakers.length === 0) return '';
  return (
    <>
      {html('talk.by')}
      {speakers.map((speaker, i) => (
        <>
          {i > 0 ? (i === speakers.length - 1 ? html('talk.and') : ', ') : ''}
          <a href={speakerUrl(props.eventSlug, speaker)} safe>
            {speaker.name}
          </a>
        </>
      ))}
    </>
  );
}

/**
 * A talk in a list: its title links to its page, then who gives it, a short summary (or the
 * search snippet that matched) and its track and level as tags.
 */
export function TalkCard(props: {
  eventSlug: string;
  talk: TalkView;
  headingLevel: 2 | 3;
  showTrack?: boolean;
  /** Search snippet parts: even ones plain, odd ones matched. */
  snippet?: string[] | undefined;
  /** The zone of the released schedule: a scheduled talk then says when and where it is. */
  timezone?: string | undefined;
}): JSX.Element {
  const { talk, eventSlug } = props;
  const title = (
    <a href={talkUrl(eventSlug, talk)} safe>
      {talk.title}
    </a>
  );
  const summary = props.snippet ? '' : summarise(talk.description || talk.abstract);
  const showTrack = props.showTrack && talk.track;
  return (
    <li class="talk-card">
      <article>
        {props.headingLevel === 2 ? (
          <h2 class="talk-card__title">{title}</h2>
        ) : (
          <h3 class="talk-card__title">{title}</h3>
        )}
        {talk.speakers.length > 0 ? (
          <p class="talk-card__speakers">
            <SpeakerNames eventSlug={eventSlug} speakers={talk.speakers} />
          </p>
        ) : (
          ''
        )}
        {talk.slot && props.timezone ? (
          <p class="talk-card__when" safe>
            {slotLine(talk.slot, props.timezone)}
          </p>
        ) : (
          ''
        )}
        {props.snippet ? (
          <p class="talk-card__summary snippet">
            {props.snippet.map((part, i) => (i % 2 === 1 ? <mark safe>{part}</mark> : <span safe>{part}</span>))}
          </p>
        ) : summary ? (
          <p class="talk-card__summary" safe>
            {summary}
          </p>
        ) : (
          ''
        )}
        {showTrack || talk.level ? (
          <ul class="tags">
            {showTrack ? (
              <li>
                <a class="badge badge--track" href={trackUrl(eventSlug, talk.track!)}>
                  <span class="visually-hidden">{html('talk.trackLabel')}</span>
                  <span safe>{talk.track!.name}</span>
                </a>
              </li>
            ) : (
              ''
            )}
            {talk.level ? (
              <li>
                <LevelBadge level={talk.level} labelled />
              </li>
            ) : (
              ''
            )}
          </ul>
        ) : (
          ''
        )}
        <StarToggle eventSlug={eventSlug} talk={talk} />
      </article>
    </li>
  );
}
