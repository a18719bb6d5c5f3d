import type { LevelView, SpeakerView, TalkView } from '../../../modules/agenda/index.js';
import { markdownToText } from '../../../shared/markdown.js';

export function talkUrl(eventSlug: string, talk: { slug: string }): string {
  return `/${eventSlug}/talks/${talk.slug}`;
}

export function speakerUrl(eventSlug: string, speaker: { slug: string }): string {
  return `/${eventSlug}/speakers/${speaker.slug}`;
}

export function trackUrl(eventSlug: string, track: { slug: string }): string {
  return `/${eventSlug}/tracks/${track.slug}`;
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

/** Up to two letters standing in for a speaker's photo, which the program does not have. */
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

/** Decorative: the name is always written beside it, so assistive technology skips it. */
export function Avatar(props: { name: string; large?: boolean }): JSX.Element {
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
      {props.labelled ? <span class="visually-hidden">Level: </span> : ''}
      <span safe>{props.level.name}</span>
    </span>
  );
}

export function SpeakerNames(props: { eventSlug: string; speakers: SpeakerView[] }): JSX.Element {
  const { speakers } = props;
  if (speakers.length === 0) return '';
  return (
    <>
      {'by '}
      {speakers.map((speaker, i) => (
        <>
          {i > 0 ? (i === speakers.length - 1 ? ' and ' : ', ') : ''}
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
                  <span class="visually-hidden">Track: </span>
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
      </article>
    </li>
  );
}
