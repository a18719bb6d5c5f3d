import type { EventProgram } from '../../../modules/agenda/index.js';
import type { AgendaChange, AgendaEntry, MyAgenda } from '../../../modules/attendee-agendas/index.js';
import type { ChangePlace } from '../../../modules/schedule/index.js';
import { Layout } from '../layout.js';
import { StarToggle } from './star-toggle.js';
import { clockTime, longDate, plural, shortDate, SpeakerNames, talkUrl, timeRange } from './talk-parts.js';

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
  const release = `Release ${change.version}`;
  switch (change.kind) {
    case 'moved':
      return `${release}: moved from ${placeWords(change.before!, change.after, zone)} to ${placeWords(change.after!, change.before, zone)}`;
    case 'added':
      return `${release}: newly in the schedule`;
    case 'removed':
      return `${release}: taken off the schedule`;
    case 'cancelled':
      return `${release}: cancelled`;
  }
}

/** "2 talks at 10:30: choose one". */
export function clashSentence(count: number, start: Date, zone: string): string {
  return `${plural(count, 'talk')} at ${clockTime(start, zone)}: choose one`;
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
          <h2>{program.schedule ? 'Not in the schedule' : 'Not scheduled yet'}</h2>
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
          <h2>Cancelled</h2>
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
      title="My agenda"
      event={program}
      path={`/${program.slug}/agenda`}
      description={`The talks of ${program.name} you starred, by day and time, with clashes marked; share them or subscribe in your calendar.`}
    >
      <h1>My agenda</h1>
      <p class="agenda-needs-script" data-agenda-noscript>
        My agenda keeps the talks you star in this browser, and needs JavaScript for that. Without it, the{' '}
        <a href={`/${program.slug}`}>program</a> and the <a href={`/${program.slug}/schedule`}>schedule</a> list every
        talk.
      </p>
      <div class="my-agenda" data-my-agenda={program.slug} data-zone={zoneOf(program)}>
        <p class="agenda-empty" data-agenda-empty hidden>
          No talks on your agenda yet. Star talks on the <a href={`/${program.slug}`}>program</a> or the{' '}
          <a href={`/${program.slug}/schedule`}>schedule</a> with “Add to my agenda”: they appear here, by day and time.
        </p>
        <AgendaSections program={program} agenda={props.agenda} everything />
        <section class="agenda-share" data-agenda-share hidden>
          <h2>Share and subscribe</h2>
          <p>
            Anyone with this link sees your agenda, and cannot change it: <a data-agenda-url href="#"></a>
          </p>
          <p>
            <a data-agenda-ical href="#">
              Subscribe to your agenda in a calendar app
            </a>
            : it follows every new release of the schedule.
          </p>
          <img class="agenda-qr" data-agenda-qr alt="QR code of the link to your agenda" width="160" height="160" />
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
      title="A shared agenda"
      event={program}
      path={path}
      description={`Talks of ${program.name} someone chose, by day and time.`}
    >
      <h1>A shared agenda</h1>
      <p safe>
        {count === 0
          ? `Someone shared an agenda for ${program.name}; it holds no talks at the moment.`
          : `Someone shared their agenda for ${program.name}: ${plural(count, 'talk')}. It is read-only here.`}
      </p>
      <p class="agenda-copy">
        <button type="button" class="button" data-copy-agenda={program.slug} data-talks={props.talks.join(' ')} hidden>
          Copy to my agenda
        </button>{' '}
        <span data-copy-status role="status"></span>
      </p>
      <div class="my-agenda my-agenda--shared">
        <AgendaSections program={program} agenda={agenda} everything={false} />
      </div>
      <section class="agenda-share">
        <h2>Share and subscribe</h2>
        <p>
          <a href={`${path}/calendar.ics`}>Subscribe to this agenda in a calendar app</a>: it follows every new release
          of the schedule.
        </p>
        <img class="agenda-qr" src={`${path}/qr.svg`} alt="QR code of this page’s link" width="160" height="160" />
      </section>
    </Layout>
  );
}
