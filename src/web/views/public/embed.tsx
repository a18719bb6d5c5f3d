import type { EventProgram, SlotFilter, SlotView } from '../../../modules/agenda/index.js';
import { embedStylesheet } from '../../assets.js';
import { longDate, scheduleUrl, talkUrl, timeRange } from './talk-parts.js';
import { currentLocale, html, t } from '../../i18n/index.js';

/**
 * The event's brand colour (set in its settings, checked for contrast there), for
 * --lectern-accent: the fragment carries it as data-accent and the widget applies it, unless the
 * host page sets its own on the element. Without one, the stylesheet's default.
 */
export function embedAccent(program: EventProgram): string | undefined {
  return program.brandColor ?? undefined;
}

function SlotItem(props: { slot: SlotView; program: EventProgram; publicUrl: string }): JSX.Element {
  const { slot, program } = props;
  const zone = program.timezone;
  const talk = slot.talk;
  const meta = [slot.room?.name, talk?.track?.name].filter(Boolean).join(' · ');
  return (
    <li class={talk ? 'le-slot' : 'le-slot le-slot--break'}>
      <time class="le-slot__time" datetime={slot.start.toISOString()} safe>
        {timeRange(slot.start, slot.end, zone)}
      </time>
      <div class="le-slot__body">
        {talk ? (
          <a
            class="le-slot__title"
            href={`${props.publicUrl}${talkUrl(program.slug, talk)}`}
            target="_blank"
            rel="noopener"
            safe
          >
            {talk.title}
          </a>
        ) : (
          <span class="le-slot__title" safe>
            {slot.title}
          </span>
        )}
        {talk && talk.speakers.length > 0 ? (
          <span class="le-slot__speakers" safe>
            {talk.speakers.map((s) => s.name).join(', ')}
          </span>
        ) : (
          ''
        )}
        {meta ? (
          <span class="le-slot__meta" safe>
            {meta}
          </span>
        ) : (
          ''
        )}
      </div>
    </li>
  );
}

/**
 * The embedded program: the released schedule's slots the filter keeps, day by day. One
 * fragment for both ways of embedding: the /{event}/embed page wraps it, the widget fetches
 * it. Its links are absolute, since it is shown on other sites.
 */
export function EmbedFragment(props: {
  program: EventProgram;
  slots: SlotView[];
  filter: SlotFilter;
  publicUrl: string;
}): string {
  const { program, slots, publicUrl } = props;
  const accent = embedAccent(program);
  const days = program.schedule?.days.filter((day) => slots.some((slot) => slot.day === day)) ?? [];
  return (
    <div class="lectern-embed" data-event={program.slug} data-accent={accent}>
      {!program.schedule ? (
        <p class="le-empty" safe>
          {t('schedule.notReleased', { event: program.name })}
        </p>
      ) : days.length === 0 ? (
        <p class="le-empty">{html('embed.noMatch')}</p>
      ) : (
        days.map((day) => (
          <section class="le-day">
            <h2 class="le-day__title" safe>
              {longDate(day.start, program.timezone)}
            </h2>
            <ol class="le-slots">
              {slots
                .filter((slot) => slot.day === day)
                .map((slot) => (
                  <SlotItem slot={slot} program={program} publicUrl={publicUrl} />
                ))}
            </ol>
          </section>
        ))
      )}
      <p class="le-footer">
        <a href={`${publicUrl}${scheduleUrl(program.slug)}`} target="_blank" rel="noopener" safe>
          {t('embed.fullSchedule', { event: program.name })}
        </a>
      </p>
    </div>
  ) as string;
}

/** The iframe page: the fragment alone on a page of its own, no header, no navigation. */
export function EmbedPage(props: { program: EventProgram; fragment: string }): string {
  return ('<!doctype html>' +
  (
    <html lang={currentLocale()}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title safe>{`${props.program.name} · Lectern`}</title>
        <link rel="stylesheet" href={embedStylesheet.url} />
      </head>
      {/* The fragment is this file's own EmbedFragment, escaped as it was rendered. */}
      <body class="le-page">
        <main>
          <h1 class="le-page__title" safe>
            {t('embed.title', { event: props.program.name })}
          </h1>
          {props.fragment as 'safe'}
        </main>
      </body>
    </html>
  )) as string;
}
