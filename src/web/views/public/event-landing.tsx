import { DateTime } from 'luxon';
import {
  cfpView,
  type ArrangedEvents,
  type EventProgram,
  type EventSummary,
  type SlotView,
  type TalkSurroundings,
} from '../../../modules/agenda/index.js';
import { escapeHtml } from '../../../shared/html.js';
import { formatInZone } from '../../../shared/time.js';
import { slotLine, talkUrl } from './talk-parts.js';
import { currentLocale, html, t } from '../../i18n/index.js';

/** An event's landing: its dates, venue, description and open call for proposals; the list of events as cards. */

/** "20–21 August 2016", "30 December 2026 – 2 January 2027", "20 August 2016"; empty without dates. */
export function dateRangeText(start: string | null, end: string | null): string {
  if (!start) return '';
  if (currentLocale() !== 'en') return localDateRange(start, end ?? start);
  const from = DateTime.fromISO(start).setLocale('en-GB');
  const to = DateTime.fromISO(end ?? start).setLocale('en-GB');
  if (!to.isValid || to <= from) return from.toFormat('d LLLL yyyy');
  if (from.year !== to.year) return `${from.toFormat('d LLLL yyyy')} – ${to.toFormat('d LLLL yyyy')}`;
  if (from.month !== to.month) return `${from.toFormat('d LLLL')} – ${to.toFormat('d LLLL yyyy')}`;
  return `${from.toFormat('d')}–${to.toFormat('d LLLL yyyy')}`;
}

const dateRanges = new Map<string, Intl.DateTimeFormat>();

/** "20.–21. August 2016" in German: Intl's own range, which knows the language's rules. */
function localDateRange(start: string, end: string): string {
  const locale = currentLocale();
  let format = dateRanges.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    dateRanges.set(locale, format);
  }
  const from = new Date(`${start}T00:00:00Z`);
  const to = new Date(`${end}T00:00:00Z`);
  if (Number.isNaN(from.getTime())) return '';
  return Number.isNaN(to.getTime()) || to <= from ? format.format(from) : format.formatRange(from, to);
}

/** "Tue 1 Dec 2026, 23:59 PST"; in German "Di., 1. Dez. 2026, 23:59 GMT-8". */
function closingTime(date: Date, zone: string): string {
  if (currentLocale() === 'en') return formatInZone(date, zone);
  return DateTime.fromJSDate(date, { zone }).setLocale(currentLocale()).toLocaleString({
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
}

function EventDates(props: { event: Pick<EventSummary, 'startDate' | 'endDate'> }): JSX.Element {
  const { startDate, endDate } = props.event;
  if (!startDate) return '';
  return (
    <p class="event-facts__dates">
      <time datetime={startDate} safe>
        {dateRangeText(startDate, endDate)}
      </time>
    </p>
  );
}

/** A link to the proposal form with its deadline, only while the call for proposals is open. */
export function CfpCallout(props: { event: EventSummary | EventProgram; now: Date }): JSX.Element {
  const cfp = cfpView(props.event, props.now);
  if (!cfp?.open) return '';
  return (
    <p class="cfp-callout">
      <a class="button" href={cfp.url}>
        {html('event.submitProposal')}
      </a>{' '}
      <span safe>{t('event.cfpOpenUntil', { closes: closingTime(cfp.closesAt, props.event.timezone) })}</span>
    </p>
  );
}

/** The top of an event's page: logo, dates, venue, description and an open call for proposals. */
export function EventIntro(props: { program: EventProgram; now: Date }): JSX.Element {
  const { program } = props;
  const venue = program.venue;
  return (
    <div class={program.logoUrl ? 'event-intro event-intro--logo' : 'event-intro'}>
      {program.logoUrl ? (
        <img
          class="event-intro__logo"
          src={escapeHtml(program.logoUrl)}
          alt={escapeHtml(t('event.logoAlt', { name: program.name }))}
        />
      ) : (
        ''
      )}
      <div class="event-facts">
        <EventDates event={program} />
        {venue ? (
          <div class="event-facts__venue">
            {venue.name ? (
              <p class="event-facts__venue-name" safe>
                {venue.name}
              </p>
            ) : (
              ''
            )}
            {venue.address ? (
              <p class="event-facts__address">
                {venue.address.split('\n').map((line, i) => (
                  <>
                    {i > 0 ? <br /> : ''}
                    <span safe>{line}</span>
                  </>
                ))}
              </p>
            ) : (
              ''
            )}
            {venue.mapUrl ? (
              <p>
                <a href={escapeHtml(venue.mapUrl)} rel="nofollow noopener">
                  {html('event.map')}
                </a>
              </p>
            ) : (
              ''
            )}
          </div>
        ) : (
          ''
        )}
      </div>
      {program.description ? <div class="prose event-intro__description">{program.descriptionHtml as 'safe'}</div> : ''}
      <CfpCallout event={program} now={props.now} />
    </div>
  );
}

function EventCard(props: { event: EventSummary; now: Date }): JSX.Element {
  const { event } = props;
  return (
    <li class="card event-card">
      <h3 class="card__title">
        <a href={`/${event.slug}`} safe>
          {event.name}
        </a>
      </h3>
      <EventDates event={event} />
      {event.venue?.name ? (
        <p class="card__meta" safe>
          {event.venue.name}
        </p>
      ) : (
        ''
      )}
      {event.description ? <div class="prose event-card__description">{event.descriptionHtml as 'safe'}</div> : ''}
      <p class="card__meta" safe>
        {t('count.talks', { count: event.talkCount })}
      </p>
      <CfpCallout event={event} now={props.now} />
    </li>
  );
}

/** The home page's events: those to come first, soonest first, then past ones apart. */
export function EventCards(props: { arranged: ArrangedEvents; now: Date }): JSX.Element {
  const { upcoming, past } = props.arranged;
  return (
    <>
      {upcoming.length > 0 ? (
        <section aria-labelledby="upcoming-events">
          <h2 id="upcoming-events">{html('events.upcoming')}</h2>
          <ul class="card-grid">
            {upcoming.map((event) => (
              <EventCard event={event} now={props.now} />
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {past.length > 0 ? (
        <section aria-labelledby="past-events">
          <h2 id="past-events">{html('events.past')}</h2>
          <ul class="card-grid card-grid--past">
            {past.map((event) => (
              <EventCard event={event} now={props.now} />
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </>
  );
}

function SlotItem(props: { program: EventProgram; slot: SlotView; zone: string }): JSX.Element {
  const talk = props.slot.talk!;
  return (
    <li>
      <a href={talkUrl(props.program.slug, talk)} safe>
        {talk.title}
      </a>
      <br />
      <span class="talk-aside__when" safe>
        {slotLine(props.slot, props.zone)}
      </span>
    </li>
  );
}

/** Beside a scheduled talk: what else is on at the same time, and what follows in its room. */
export function TalkSurroundingsAside(props: { program: EventProgram; surroundings: TalkSurroundings }): JSX.Element {
  const { program, surroundings } = props;
  const zone = program.schedule?.timezone ?? program.timezone;
  if (surroundings.parallel.length === 0 && !surroundings.nextInRoom) return '';
  return (
    <aside class="talk-aside" aria-label={escapeHtml(t('event.aroundTalk'))}>
      {surroundings.parallel.length > 0 ? (
        <section aria-labelledby="parallel-talks">
          <h2 id="parallel-talks">{html('event.sameTime')}</h2>
          <ul class="talk-aside__list">
            {surroundings.parallel.map((slot) => (
              <SlotItem program={program} slot={slot} zone={zone} />
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {surroundings.nextInRoom ? (
        <section aria-labelledby="next-in-room">
          <h2 id="next-in-room">{html('event.nextInRoom')}</h2>
          <ul class="talk-aside__list">
            <SlotItem program={program} slot={surroundings.nextInRoom} zone={zone} />
          </ul>
        </section>
      ) : (
        ''
      )}
    </aside>
  );
}
