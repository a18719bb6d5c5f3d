import type { EventProgram } from '../../../modules/agenda/index.js';
import type { AgendaChange, AgendaEntry, MyAgenda } from '../../../modules/attendee-agendas/index.js';
import type { ChangePlace } from '../../../modules/schedule/index.js';
import { Layout } from '../layout.js';
import { StarToggle } from './star-toggle.js';
import { clockTime, longDate, shortDate, SpeakerNames, talkUrl, timeRange } from './talk-parts.js';
import { escapeHtml } from '../../../shared/html.js';
import { html, t } from '../../i18n/index.js';

/**
 * "My agenda" (/{event}/agenda) and a shared agenda (/{event}/agenda/{share}). Both lay out the
 * same entries; My agenda renders every talk once, hidden, and the agenda script shows the
 * starred ones, so the page is the same for everybody and served from memory.
 */

function zoneOf(program: EventProgram): string {
  return program.schedule?.timezone ?? program.timezone;
}

/** "10:30", or "Sun 21 Aug 10:30" when the other place is on another day; the room when it changed. */
function placeWords(place: ChangePlace, other: ChangePlace | null, zone: string): string {
  const start = new Date(place.start);
  const sameDay = other !== null && shortDate(new Date(other.start), zone) === shortDate(start, zone);
  const time = sameDay ? clockTime(start, zone) : `${shortDate(start, zone)} ${clockTime(start, zone)}`;
  return other !== null && other.room === place.room ? time : `${time} (${place.room})`;
}

/** "Release 2: moved from 10:30 to 14:00". */
export function changeSentence(change: AgendaChange, zone: string): string {
  const version = change.version;
  switch (change.kind) {
    case 'moved':
      return t('agenda.changeMoved', {
        version,
        from: placeWords(change.before!, change.after, zone),
        to: placeWords(change.after!, change.before, zone),
      });
    case 'added':
      return t('agenda.changeAdded', { version });
    case 'removed':
      return t('agenda.changeRemoved', { version });
    case 'cancelled':
      return t('agenda.changeCancelled', { version });
  }
}

/** "2 talks at 10:30: choose one". */
export function clashSentence(count: number, start: Date, zone: string): string {
  return t('agenda.clash', { count, time: clockTime(start, zone) });
}

function Entry(props: { program: EventProgram; entry: AgendaEntry; hidden: boolean }): JSX.Element {
  const { program, entry } = props;
  const zone = zoneOf(program);
  const { slot, talk } = entry;
  return (
    <li
      class={`agenda-entry${entry.change ? ` agenda-entry--${entry.change.kind}` : ''}`}
      data-talk={entry.slug}
      data-start={slot ? String(slot.start.getTime()) : undefined}
      data-end={slot ? String(slot.end.getTime()) : undefined}
      data-time={slot ? clockTime(slot.start, zone) : undefined}
      hidden={props.hidden}
    >
      {slot ? (
        <p class="agenda-entry__when" safe>
          {`${timeRange(slot.start, slot.end, zone)}${slot.room ? ` · ${slot.room.name}` : ''}`}
        </p>
      ) : (
        ''
      )}
      <h3 class="agenda-entry__title">
        {talk ? (
          <a href={talkUrl(program.slug, talk)} safe>
            {talk.title}
          </a>
        ) : (
          <span safe>{entry.title}</span>
        )}
      </h3>
      {talk && talk.speakers.length > 0 ? (
        <p class="agenda-entry__speakers">
          <SpeakerNames eventSlug={program.slug} speakers={talk.speakers} />
        </p>
      ) : (
        ''
      )}
      {entry.change ? (
        <p class="agenda-entry__change" safe>
          {changeSentence(entry.change, zone)}
        </p>
      ) : (
        ''
      )}
      <StarToggle eventSlug={program.slug} talk={{ slug: entry.slug, title: entry.title }} />
    </li>
  );
}

function AgendaSections(props: { program: EventProgram; agenda: MyAgenda; everything: boolean }): JSX.Element {
  const { program, agenda, everything } = props;
  const zone = zoneOf(program);
  const hidden = everything;
  return (
    <>
      {agenda.days.map(({ day, entries, clashes }) => {
        const clashAt = new Map(clashes.map((clash) => [clash.entries[0]!, clash]));
        return (
          <section class="agenda-day" data-agenda-section hidden={hidden}>
            <h2 safe>{longDate(day.start, zone)}</h2>
            <ul class="agenda-list">
              {entries.map((entry) => {
                const clash = everything ? undefined : clashAt.get(entry);
                return (
                  <>
                    {clash ? (
                      <li class="agenda-clash">
                        <span role="note" safe>
                          {clashSentence(clash.entries.length, clash.start, zone)}
                        </span>
                      </li>
                    ) : (
                      ''
                    )}
                    <Entry program={program} entry={entry} hidden={hidden} />
                  </>
                );
              })}
            </ul>
          </section>
        );
      })}
      {agenda.unscheduled.length > 0 ? (
        <section class="agenda-day" data-agenda-section hidden={hidden}>
          <h2>{program.schedule ? html('agenda.notInSchedule') : html('agenda.notScheduledYet')}</h2>
          <ul class="agenda-list">
            {agenda.unscheduled.map((entry) => (
              <Entry program={program} entry={entry} hidden={hidden} />
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {agenda.dropped.length > 0 ? (
        <section class="agenda-day" data-agenda-section hidden={hidden}>
          <h2>{html('changelog.cancelled')}</h2>
          <ul class="agenda-list">
            {agenda.dropped.map((entry) => (
              <Entry program={program} entry={entry} hidden={hidden} />
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </>
  );
}

/** My agenda: every talk rendered once and hidden; the agenda script shows the starred ones. */
export function MyAgendaPage(props: { program: EventProgram; agenda: MyAgenda }): JSX.Element {
  const { program } = props;
  return (
    <Layout
      title={t('layout.myAgenda')}
      event={program}
      path={`/${program.slug}/agenda`}
      description={t('agenda.description', { event: program.name })}
    >
      <h1>{html('layout.myAgenda')}</h1>
      <p class="agenda-needs-script" data-agenda-noscript>
        {html('agenda.needsScript')} <a href={`/${program.slug}`}>{html('agenda.programLink')}</a>
        {html('agenda.and')}
        <a href={`/${program.slug}/schedule`}>{html('agenda.scheduleLink')}</a>
        {html('agenda.listEvery')}
      </p>
      <div
        class="my-agenda"
        data-my-agenda={program.slug}
        data-zone={zoneOf(program)}
        data-text-clash={escapeHtml(t('script.clash', { count: '{count}', time: '{time}' }))}
      >
        <p class="agenda-empty" data-agenda-empty hidden>
          {html('agenda.empty')} <a href={`/${program.slug}`}>{html('agenda.programLink')}</a>
          {html('agenda.or')}
          <a href={`/${program.slug}/schedule`}>{html('agenda.scheduleLink')}</a>
          {html('agenda.emptyEnd', { button: t('talk.addToAgenda') })}
        </p>
        <AgendaSections program={program} agenda={props.agenda} everything />
        <section class="agenda-share" data-agenda-share hidden>
          <h2>{html('agenda.share')}</h2>
          <p>
            {html('agenda.shareLink')} <a data-agenda-url href="#"></a>
          </p>
          <p>
            <a data-agenda-ical href="#">
              {html('agenda.subscribeYours')}
            </a>
            {html('agenda.followsReleases')}
          </p>
          <img class="agenda-qr" data-agenda-qr alt={escapeHtml(t('agenda.qrYours'))} width="160" height="160" />
        </section>
      </div>
    </Layout>
  );
}

/** A shared agenda, read-only, with a button that copies it into the visitor's own. */
export function SharedAgendaPage(props: {
  program: EventProgram;
  agenda: MyAgenda;
  talks: readonly string[];
  path: string;
}): JSX.Element {
  const { program, agenda, path } = props;
  const count = agenda.days.reduce((n, d) => n + d.entries.length, 0) + agenda.unscheduled.length;
  return (
    <Layout
      title={t('shared.title')}
      event={program}
      path={path}
      description={t('shared.description', { event: program.name })}
    >
      <h1>{html('shared.title')}</h1>
      <p safe>
        {count === 0
          ? t('shared.leadEmpty', { event: program.name })
          : t('shared.lead', { event: program.name, talks: t('count.talks', { count }) })}
      </p>
      <p class="agenda-copy">
        <button
          type="button"
          class="button"
          data-copy-agenda={program.slug}
          data-talks={props.talks.join(' ')}
          data-text-copied-one={escapeHtml(t('script.copiedOne', { link: '{link}' }))}
          data-text-copied-other={escapeHtml(t('script.copiedOther', { count: '{count}', link: '{link}' }))}
          data-text-your-agenda={escapeHtml(t('script.yourAgenda'))}
          hidden
        >
          {html('shared.copy')}
        </button>{' '}
        <span data-copy-status role="status"></span>
      </p>
      <div class="my-agenda my-agenda--shared">
        <AgendaSections program={program} agenda={agenda} everything={false} />
      </div>
      <section class="agenda-share">
        <h2>{html('agenda.share')}</h2>
        <p>
          <a href={`${path}/calendar.ics`}>{html('shared.subscribe')}</a>
          {html('agenda.followsReleases')}
        </p>
        <img class="agenda-qr" src={`${path}/qr.svg`} alt={escapeHtml(t('shared.qr'))} width="160" height="160" />
      </section>
    </Layout>
  );
}
