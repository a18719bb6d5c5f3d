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
import { plural, slotLine, talkUrl } from './talk-parts.js';

/** An event's landing: its dates, venue, description and open call for proposals; the list of events as cards. */

/** "20–21 August 2016", "30 December 2026 – 2 January 2027", "20 August 2016"; empty without dates. */
export function dateRangeText(start: string | null, end: string | null): string {
  if (!start) return '';
  const from = DateTime.fromISO(start).setLocale('en-GB');
  const to = DateTime.fromISO(end ?? start).setLocale('en-GB');
  if (!to.isValid || to <= from) return from.toFormat('d LLLL yyyy');
  if (from.year !== to.year) return `${from.toFormat('d LLLL yyyy')} – ${to.toFormat('d LLLL yyyy')}`;
  if (from.month !== to.month) return `${from.toFormat('d LLLL')} – ${to.toFormat('d LLLL yyyy')}`;
  return `${from.toFormat('d')}–${to.toFormat('d LLLL yyyy')}`;
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
        Submit a proposal
      </a>{' '}
      <span safe>{`The call for proposals is open until ${formatInZone(cfp.closesAt, props.event.timezone)}.`}</span>
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
        <img class="event-intro__logo" src={escapeHtml(program.logoUrl)} alt={escapeHtml(`${program.name} logo`)} />
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
                  Map
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
        {plural(event.talkCount, 'talk')}
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
          <h2 id="upcoming-events">Upcoming events</h2>
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
          <h2 id="past-events">Past events</h2>
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
    <aside class="talk-aside" aria-label="Around this talk">
      {surroundings.parallel.length > 0 ? (
        <section aria-labelledby="parallel-talks">
          <h2 id="parallel-talks">At the same time</h2>
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
          <h2 id="next-in-room">Next in this room</h2>
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
