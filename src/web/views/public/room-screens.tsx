import type { Children } from '@kitajs/html';
import type { EventProgram, RoomNowAndNext, SlotView } from '../../../modules/agenda/index.js';
import { screenStylesheet } from '../../assets.js';
import { clockTime, isoInZone, shortDate, timeRange, zoneAbbreviation } from './talk-parts.js';
import { currentLocale, html, t } from '../../i18n/index.js';

/** Screens reload themselves this often (seconds): a meta refresh, so that they work without JavaScript. */
export const SCREEN_REFRESH_SECONDS = 60;

function roomScreenUrl(eventSlug: string, roomSlug: string): string {
  return `/${eventSlug}/rooms/${roomSlug}/now`;
}

/** A kiosk page: no navigation, big type, reloading itself every minute. */
function Screen(props: { title: string; program: EventProgram; children: Children }): string {
  return ('<!doctype html>' +
  (
    <html lang={currentLocale()}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta http-equiv="refresh" content={String(SCREEN_REFRESH_SECONDS)} />
        <title safe>{`${props.title} · ${props.program.name} · Lectern`}</title>
        <link rel="stylesheet" href={screenStylesheet.url} />
      </head>
      <body class="screen">{props.children}</body>
    </html>
  )) as string;
}

/** "10:40–11:10 PDT" today; "Sun 21 Aug, 09:00–09:30 PDT" on another day. */
function when(slot: SlotView, now: Date, zone: string): string {
  const range = timeRange(slot.start, slot.end, zone);
  return isoInZone(slot.start, zone).slice(0, 10) === isoInZone(now, zone).slice(0, 10)
    ? range
    : `${shortDate(slot.start, zone)}, ${range}`;
}

function SlotBlock(props: { slot: SlotView; now: Date; zone: string }): JSX.Element {
  const { slot } = props;
  const speakers = slot.talk?.speakers.map((s) => s.name).join(', ') ?? '';
  return (
    <>
      <p class="screen__title" safe>
        {slot.talk?.title ?? slot.title}
      </p>
      {speakers ? (
        <p class="screen__speakers" safe>
          {speakers}
        </p>
      ) : (
        ''
      )}
      <p class="screen__time">
        <time datetime={slot.start.toISOString()} safe>
          {when(slot, props.now, props.zone)}
        </time>
      </p>
    </>
  );
}

function Clock(props: { now: Date; zone: string }): JSX.Element {
  return (
    <p class="screen__clock">
      <time datetime={props.now.toISOString()} safe>
        {`${clockTime(props.now, props.zone)} ${zoneAbbreviation(props.now, props.zone)}`}
      </time>
    </p>
  );
}

/** The screen by a room's door: what is on in it now and what comes next. */
export function RoomScreenPage(props: { program: EventProgram; live: RoomNowAndNext; now: Date }): string {
  const { program, live, now } = props;
  const zone = program.timezone;
  return Screen({
    title: live.room.name,
    program,
    children: (
      <>
        <header class="screen__header">
          <div>
            <h1 class="screen__room" safe>
              {live.room.name}
            </h1>
            <p class="screen__event" safe>
              {program.name}
            </p>
          </div>
          <Clock now={now} zone={zone} />
        </header>
        <main>
          <section class="screen__now" aria-labelledby="now">
            <h2 class="screen__label" id="now">
              {html('schedule.now')}
            </h2>
            {live.current ? (
              <SlotBlock slot={live.current} now={now} zone={zone} />
            ) : (
              <p class="screen__empty">{live.next ? html('screen.nothingNow') : html('screen.nothingMore')}</p>
            )}
          </section>
          {live.next ? (
            <section class="screen__next" aria-labelledby="next">
              <h2 class="screen__label" id="next">
                {html('schedule.next')}
              </h2>
              <SlotBlock slot={live.next} now={now} zone={zone} />
            </section>
          ) : (
            ''
          )}
        </main>
      </>
    ),
  });
}

function Cell(props: { slot: SlotView | undefined; now: Date; zone: string }): JSX.Element {
  return <td>{props.slot ? <SlotBlock slot={props.slot} now={props.now} zone={props.zone} /> : '—'}</td>;
}

/** The hallway screen: every room, what is on in it now and next. */
export function HallwayScreenPage(props: { program: EventProgram; rooms: RoomNowAndNext[]; now: Date }): string {
  const { program, rooms, now } = props;
  const zone = program.timezone;
  return Screen({
    title: t('schedule.now'),
    program,
    children: (
      <>
        <header class="screen__header">
          <h1 class="screen__room" safe>
            {program.name}
          </h1>
          <Clock now={now} zone={zone} />
        </header>
        <main>
          {rooms.length === 0 ? (
            <p class="screen__empty">{html('screen.notReleased')}</p>
          ) : (
            <table class="hallway">
              <thead>
                <tr>
                  <th scope="col">{html('talk.room')}</th>
                  <th scope="col">{html('schedule.now')}</th>
                  <th scope="col">{html('schedule.next')}</th>
                </tr>
              </thead>
              <tbody>
                {rooms.map((live) => (
                  <tr>
                    <th scope="row">
                      <a href={roomScreenUrl(program.slug, live.room.slug)} safe>
                        {live.room.name}
                      </a>
                    </th>
                    <Cell slot={live.current} now={now} zone={zone} />
                    <Cell slot={live.next} now={now} zone={zone} />
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </main>
      </>
    ),
  });
}
