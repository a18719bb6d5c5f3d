import { dayLabel, formatRange, type BlockItem, type DayItem, type RoomItem } from '../../../modules/schedule/index.js';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormErrors } from '../forms.js';
import { ScheduleLayout as Layout, ScheduleNav, type PageBase } from './schedule.js';
import { RowAction } from './tracks.js';

/** The schedule's frame: its rooms, its days, and the breaks and blocks between talks. */

// --- rooms

export interface RoomFormValues {
  name: string;
  capacity: string;
  description: string;
}

const ROOM_LABELS = { name: 'Name', capacity: 'Seats', description: 'Description' };

function RoomFields(props: { values: RoomFormValues; errors: FormErrors | undefined }): JSX.Element {
  return (
    <>
      <TextField name="name" label="Name" value={props.values.name} required maxlength={80} errors={props.errors} />
      <TextField
        name="capacity"
        type="number"
        label="Seats"
        value={props.values.capacity}
        min={0}
        hint="Empty when unknown. A talk expecting more people than this gets a warning in the editor."
        errors={props.errors}
      />
      <TextArea
        name="description"
        label="Description"
        value={props.values.description}
        rows={3}
        maxlength={2000}
        hint="Where it is, how to get there: exports carry it."
        errors={props.errors}
      />
    </>
  );
}

export function RoomsPage(
  props: PageBase & { rooms: RoomItem[]; values?: RoomFormValues | undefined; errors?: FormErrors | undefined },
): JSX.Element {
  const { event, rooms } = props;
  const base = `/orga/${event.slug}/schedule/rooms`;
  return (
    <Layout {...props} title="Rooms">
      <h1>Rooms</h1>
      <ScheduleNav eventSlug={event.slug} current="rooms" />
      {rooms.length === 0 ? (
        <p>No rooms yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">The event's rooms, in the grid's order</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Slug</th>
                <th scope="col" class="number">
                  Seats
                </th>
                <th scope="col" class="number">
                  Talks placed
                </th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rooms.map((room, i) => (
                <tr>
                  <th scope="row">
                    <a href={`${base}/${room.id}`} safe>
                      {room.name}
                    </a>
                  </th>
                  <td>
                    <code safe>{room.slug}</code>
                  </td>
                  <td class="number" safe>
                    {room.capacity === null ? '—' : String(room.capacity)}
                  </td>
                  <td class="number" safe>
                    {String(room.talkCount)}
                  </td>
                  <td>
                    <div class="actions">
                      <RowAction
                        action={`${base}/${room.id}/move`}
                        csrf={props.csrf}
                        label="Up"
                        about={room.name}
                        hidden={{ direction: 'up' }}
                        disabled={i === 0}
                      />
                      <RowAction
                        action={`${base}/${room.id}/move`}
                        csrf={props.csrf}
                        label="Down"
                        about={room.name}
                        hidden={{ direction: 'down' }}
                        disabled={i === rooms.length - 1}
                      />
                      <a href={`${base}/${room.id}`}>
                        Edit or delete<span class="visually-hidden" safe>{`: ${room.name}`}</span>
                      </a>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="add-room">
        <h2 id="add-room">Add a room</h2>
        <ErrorSummary errors={props.errors} labels={ROOM_LABELS} />
        <form class="form" method="post" action={base} novalidate>
          <CsrfField token={props.csrf} />
          <RoomFields values={props.values ?? { name: '', capacity: '', description: '' }} errors={props.errors} />
          <div class="actions">
            <button type="submit">Add room</button>
          </div>
        </form>
      </section>
    </Layout>
  );
}

export function RoomPage(
  props: PageBase & { room: RoomItem; values?: RoomFormValues | undefined; errors?: FormErrors | undefined },
): JSX.Element {
  const { event, room } = props;
  const at = `/orga/${event.slug}/schedule/rooms/${room.id}`;
  const values = props.values ?? {
    name: room.name,
    capacity: room.capacity === null ? '' : String(room.capacity),
    description: room.description,
  };
  return (
    <Layout {...props} title={`Room: ${room.name}`}>
      <p>
        <a href={`/orga/${event.slug}/schedule/rooms`}>Rooms</a>
      </p>
      <h1 safe>{`Room: ${room.name}`}</h1>
      <p
        safe
      >{`Slug: ${room.slug} (kept when the name changes). ${room.talkCount} ${room.talkCount === 1 ? 'talk' : 'talks'} placed in it.`}</p>
      <p>
        <a href={`${at}/closures`}>Closures</a>: the time slots in which this room cannot be used.
      </p>
      <ErrorSummary errors={props.errors} labels={ROOM_LABELS} />
      <section aria-labelledby="edit">
        <h2 id="edit">Edit</h2>
        <form class="form" method="post" action={at} novalidate>
          <CsrfField token={props.csrf} />
          <RoomFields values={values} errors={props.errors} />
          <div class="actions">
            <button type="submit">Save room</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="delete">
        <h2 id="delete">Delete this room</h2>
        <p safe>
          {room.talkCount > 0
            ? `Talks placed in it must be moved or unscheduled first (${room.talkCount} now).`
            : room.blockCount > 0
              ? `Its ${room.blockCount === 1 ? 'break or block goes' : `${room.blockCount} breaks and blocks go`} with it.`
              : 'Nothing is placed in it.'}
        </p>
        <div class="actions">
          <RowAction
            action={`${at}/delete`}
            csrf={props.csrf}
            label="Delete room"
            about={room.name}
            class="button--danger"
          />
        </div>
      </section>
    </Layout>
  );
}

// --- days

export interface DayFormValues {
  date: string;
  start: string;
  end: string;
}

const DAY_LABELS = { date: 'Date', start: 'Starts at', end: 'Ends at' };

function DayFields(props: { values: DayFormValues; errors: FormErrors | undefined; zone: string }): JSX.Element {
  return (
    <>
      <TextField name="date" type="date" label="Date" value={props.values.date} required errors={props.errors} />
      <TextField
        name="start"
        type="time"
        label="Starts at"
        value={props.values.start}
        required
        maxlength={5}
        hint={`HH:MM, 24-hour, in ${props.zone}.`}
        errors={props.errors}
      />
      <TextField
        name="end"
        type="time"
        label="Ends at"
        value={props.values.end}
        required
        maxlength={5}
        hint="HH:MM. A time at or before the start is on the next day (a day running past midnight)."
        errors={props.errors}
      />
    </>
  );
}

export function DaysPage(
  props: PageBase & {
    days: DayItem[];
    slotCounts: Map<number, number>;
    values?: DayFormValues | undefined;
    errors?: FormErrors | undefined;
  },
): JSX.Element {
  const { event, days } = props;
  const base = `/orga/${event.slug}/schedule/days`;
  const fromDates = Boolean(event.startsOn && event.endsOn);
  return (
    <Layout {...props} title="Days">
      <h1>Days</h1>
      <ScheduleNav eventSlug={event.slug} current="days" />
      <p safe>{`Talks are placed within these windows, in the event's zone (${event.timezone}).`}</p>
      <ErrorSummary errors={props.errors} labels={DAY_LABELS} />
      {days.length === 0 ? (
        <p>No days yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">The event's days</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Window</th>
                <th scope="col" class="number">
                  Placed
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr>
                  <th scope="row">
                    <a href={`${base}/${day.id}`} safe>
                      {day.label}
                    </a>
                  </th>
                  <td safe>{`${day.start}–${day.end}${day.endsNextDay ? ' (next day)' : ''}`}</td>
                  <td class="number" safe>
                    {String(props.slotCounts.get(day.id) ?? 0)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {days.length === 0 ? (
        ''
      ) : (
        <p>
          <a href={`/orga/${event.slug}/schedule/time-slots`}>Time slots</a>: each day's slot template, the time slots
          talks are given and the breaks between them.
        </p>
      )}
      {fromDates ? (
        <section aria-labelledby="from-dates">
          <h2 id="from-dates">From the event's dates</h2>
          <p
            safe
          >{`Creates a day, 09:00–18:00, for each date from ${event.startsOn} to ${event.endsOn} that has none yet.`}</p>
          <form method="post" action={`${base}/from-dates`} class="inline-form">
            <CsrfField token={props.csrf} />
            <button type="submit">Create the days</button>
          </form>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="add-day">
        <h2 id="add-day">Add a day</h2>
        <form class="form" method="post" action={base} novalidate>
          <CsrfField token={props.csrf} />
          <DayFields
            values={props.values ?? { date: '', start: '09:00', end: '18:00' }}
            errors={props.errors}
            zone={event.timezone}
          />
          <div class="actions">
            <button type="submit">Add day</button>
          </div>
        </form>
      </section>
    </Layout>
  );
}

export function DayPage(
  props: PageBase & { day: DayItem; values?: DayFormValues | undefined; errors?: FormErrors | undefined },
): JSX.Element {
  const { event, day } = props;
  const at = `/orga/${event.slug}/schedule/days/${day.id}`;
  return (
    <Layout {...props} title={`Day: ${day.label}`}>
      <p>
        <a href={`/orga/${event.slug}/schedule/days`}>Days</a>
      </p>
      <h1 safe>{dayLabel(day)}</h1>
      <ErrorSummary errors={props.errors} labels={DAY_LABELS} />
      <section aria-labelledby="edit">
        <h2 id="edit">Edit</h2>
        <form class="form" method="post" action={at} novalidate>
          <CsrfField token={props.csrf} />
          <DayFields
            values={props.values ?? { date: day.date, start: day.start, end: day.end }}
            errors={props.errors}
            zone={event.timezone}
          />
          <div class="actions">
            <button type="submit">Save day</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="delete">
        <h2 id="delete">Remove this day</h2>
        <p>Refused while talks, breaks or blocks are placed in it: move or unschedule them first.</p>
        <div class="actions">
          <RowAction
            action={`${at}/delete`}
            csrf={props.csrf}
            label="Remove day"
            about={day.label}
            class="button--danger"
          />
        </div>
      </section>
    </Layout>
  );
}

// --- breaks and blocks

export interface BlockFormValues {
  title: string;
  kind: string;
  room: string;
  start: string;
  end: string;
}

const BLOCK_LABELS = { title: 'Title', kind: 'Kind', room: 'Room', start: 'Starts', end: 'Ends' };

function BlockFields(props: {
  values: BlockFormValues;
  errors: FormErrors | undefined;
  rooms: RoomItem[];
  zone: string;
}): JSX.Element {
  return (
    <>
      <TextField name="title" label="Title" value={props.values.title} required maxlength={200} errors={props.errors} />
      <SelectField
        name="kind"
        label="Kind"
        value={props.values.kind}
        options={[
          { value: 'break', label: 'Break: no talks then (lunch, coffee)' },
          { value: 'block', label: 'Block: something else on the program (a keynote slot, the opening, a party)' },
        ]}
        required
        errors={props.errors}
      />
      <SelectField
        name="room"
        label="Room"
        value={props.values.room}
        empty="Every room"
        options={props.rooms.map((room) => ({ value: String(room.id), label: room.name }))}
        errors={props.errors}
      />
      <TextField
        name="start"
        type="datetime-local"
        label="Starts"
        value={props.values.start}
        required
        hint={`Local time in ${props.zone}.`}
        errors={props.errors}
      />
      <TextField
        name="end"
        type="datetime-local"
        label="Ends"
        value={props.values.end}
        required
        hint={`Local time in ${props.zone}.`}
        errors={props.errors}
      />
    </>
  );
}

function blockRoom(block: BlockItem): string {
  return block.room?.name ?? 'Every room';
}

export function BlocksPage(
  props: PageBase & {
    blocks: BlockItem[];
    rooms: RoomItem[];
    values?: BlockFormValues | undefined;
    errors?: FormErrors | undefined;
  },
): JSX.Element {
  const { event, blocks } = props;
  const base = `/orga/${event.slug}/schedule/blocks`;
  return (
    <Layout {...props} title="Breaks and blocks">
      <h1>Breaks and blocks</h1>
      <ScheduleNav eventSlug={event.slug} current="blocks" />
      {blocks.length === 0 ? (
        <p>No breaks or blocks yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">The schedule's breaks and blocks, by time</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Kind</th>
                <th scope="col">Room</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {blocks.map((block) => (
                <tr>
                  <th scope="row">
                    <a href={`${base}/${block.id}`} safe>
                      {block.title}
                    </a>
                  </th>
                  <td>{block.kind}</td>
                  <td safe>{blockRoom(block)}</td>
                  <td safe>{formatRange(block.startsAt, block.endsAt, event.timezone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="add-block">
        <h2 id="add-block">Add a break or block</h2>
        <ErrorSummary errors={props.errors} labels={BLOCK_LABELS} />
        <form class="form" method="post" action={base} novalidate>
          <CsrfField token={props.csrf} />
          <BlockFields
            values={props.values ?? { title: '', kind: 'break', room: '', start: '', end: '' }}
            errors={props.errors}
            rooms={props.rooms}
            zone={event.timezone}
          />
          <div class="actions">
            <button type="submit">Add</button>
          </div>
        </form>
      </section>
    </Layout>
  );
}

export function BlockPage(
  props: PageBase & {
    block: BlockItem;
    rooms: RoomItem[];
    values: BlockFormValues;
    errors?: FormErrors | undefined;
  },
): JSX.Element {
  const { event, block } = props;
  const at = `/orga/${event.slug}/schedule/blocks/${block.id}`;
  return (
    <Layout {...props} title={`${block.kind === 'break' ? 'Break' : 'Block'}: ${block.title}`}>
      <p>
        <a href={`/orga/${event.slug}/schedule/blocks`}>Breaks and blocks</a>
      </p>
      <h1 safe>{block.title}</h1>
      <p
        safe
      >{`${block.kind === 'break' ? 'Break' : 'Block'}, ${blockRoom(block)}, ${formatRange(block.startsAt, block.endsAt, event.timezone)}.`}</p>
      <ErrorSummary errors={props.errors} labels={BLOCK_LABELS} />
      <form class="form" method="post" action={at} novalidate>
        <CsrfField token={props.csrf} />
        <BlockFields values={props.values} errors={props.errors} rooms={props.rooms} zone={event.timezone} />
        <div class="actions">
          <button type="submit">Save</button>
        </div>
      </form>
      <div class="actions">
        <RowAction
          action={`${at}/delete`}
          csrf={props.csrf}
          label="Remove"
          about={block.title}
          class="button--danger"
        />
      </div>
    </Layout>
  );
}
