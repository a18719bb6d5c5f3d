import type { RoomItem, SlotTemplateDay, TimeSlotItem } from '../../../modules/schedule/index.js';
import { escapeHtml } from '../../../shared/html.js';
import { CsrfField, ErrorSummary, type FormErrors } from '../forms.js';
import { ScheduleLayout as Layout, ScheduleNav, type PageBase } from './schedule.js';

/**
 * The slot templates page (every day's time slots and named breaks, typed as text, generated,
 * copied to other days) and a room's closures page (the time slots it cannot be used in).
 * A form per day: each field's id carries the day's id, so errors link to the right one.
 */

export interface GeneratorValues {
  from: string;
  to: string;
  minutes: string;
  gap: string;
}

/** What one day's forms show again: the text typed or generated, and the copy's choice. */
export interface DayDraft {
  dayId: number;
  slots?: string | undefined;
  generator?: GeneratorValues | undefined;
  copyTo?: number[] | undefined;
}

export interface TimeSlotsPageProps extends PageBase {
  days: SlotTemplateDay[];
  draft?: DayDraft | undefined;
  /** Keyed by field id: `slots-{day}`, `from-{day}`, `to-{day}`, `minutes-{day}`, `gap-{day}`, `copy-{day}`. */
  errors?: FormErrors | undefined;
}

const GAPS = ['0', '5', '10', '15'];

/** The field id of a day's field: `slots-12`. */
export function dayFieldId(field: string, dayId: number): string {
  return `${field}-${dayId}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "8 time slots, 09:00–17:00, 30 minutes each" or "…, 30 or 45 minutes". */
export function timeSlotSummary(slots: readonly TimeSlotItem[]): string {
  if (slots.length === 0) return 'No time slots yet.';
  const lengths = [...new Set(slots.map((slot) => slot.durationMinutes))].sort((a, b) => a - b);
  const each =
    lengths.length === 1
      ? `${lengths[0]} minutes${slots.length > 1 ? ' each' : ''}`
      : `${lengths.slice(0, -1).join(', ')} or ${lengths.at(-1)} minutes`;
  return `${plural(slots.length, 'time slot', 'time slots')}, ${slots[0]!.start}–${slots.at(-1)!.end}, ${each}.`;
}

function FieldError(props: { id: string; errors: FormErrors | undefined }): JSX.Element {
  const message = props.errors?.[props.id];
  return message ? (
    <p class="error" id={`${props.id}-error`} safe>
      {message}
    </p>
  ) : (
    ''
  );
}

function described(id: string, errors: FormErrors | undefined, hint?: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', errors?.[id] ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function SmallField(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  errors: FormErrors | undefined;
  type?: string;
}): JSX.Element {
  return (
    <div class="field">
      <label for={props.id} safe>
        {props.label}
      </label>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={escapeHtml(props.value)}
        maxlength="5"
        aria-describedby={described(props.id, props.errors)}
        aria-invalid={props.errors?.[props.id] ? 'true' : undefined}
      />
      <FieldError id={props.id} errors={props.errors} />
    </div>
  );
}

function DaySection(props: {
  base: string;
  csrf: string;
  item: SlotTemplateDay;
  others: SlotTemplateDay[];
  draft: DayDraft | undefined;
  errors: FormErrors | undefined;
}): JSX.Element {
  const { item, draft, errors } = props;
  const id = item.day.id;
  const at = `${props.base}/${id}`;
  const slotsId = dayFieldId('slots', id);
  const generator = draft?.generator ?? {
    from: item.day.start.slice(0, 5),
    to: item.day.end.slice(0, 5),
    minutes: '30',
    gap: '0',
  };
  const copyId = dayFieldId('copy', id);
  const heading = `${item.day.label}, ${item.day.start}–${item.day.end}${item.day.endsNextDay ? ' (next day)' : ''}`;
  return (
    <section aria-labelledby={`day-${id}`} class="time-slot-day">
      <h2 id={`day-${id}`} safe>
        {heading}
      </h2>
      <p safe>{timeSlotSummary(item.timeSlots)}</p>
      {item.breaks.length > 0 ? (
        <p safe>{`Named breaks: ${item.breaks.map((b) => `${b.title} ${b.start}–${b.end}`).join(', ')}.`}</p>
      ) : (
        ''
      )}
      <form class="form" method="post" action={at} novalidate>
        <CsrfField token={props.csrf} />
        <div class="field">
          <label for={slotsId} safe>
            {`Time slots of ${item.day.label}`}
          </label>
          <textarea
            id={slotsId}
            name="slots"
            rows="10"
            maxlength="20000"
            class="slot-template"
            aria-describedby={described(slotsId, errors, true)}
            aria-invalid={errors?.[slotsId] ? 'true' : undefined}
            safe
          >
            {draft?.slots ?? item.text}
          </textarea>
          <p class="hint" id={`${slotsId}-hint`}>
            One per line: a start and an end (09:00-09:30) or a start and minutes (09:00 30). A line with a title after
            the times is a named break across every room (12:00-13:00 Lunch); other gaps are unnamed breaks. A time
            before the day's start is after midnight.
          </p>
          <FieldError id={slotsId} errors={errors} />
        </div>
        <div class="actions">
          <button type="submit">
            Save time slots<span class="visually-hidden" safe>{`: ${item.day.label}`}</span>
          </button>
        </div>
      </form>
      <details open={Boolean(draft?.generator)}>
        <summary>Fill in time slots of one length</summary>
        <form class="form" method="post" action={`${at}/generate`} novalidate>
          <CsrfField token={props.csrf} />
          <SmallField
            id={dayFieldId('from', id)}
            name="from"
            label="From (HH:MM)"
            value={generator.from}
            errors={errors}
          />
          <SmallField id={dayFieldId('to', id)} name="to" label="To (HH:MM)" value={generator.to} errors={errors} />
          <SmallField
            id={dayFieldId('minutes', id)}
            name="minutes"
            label="Minutes each"
            type="number"
            value={generator.minutes}
            errors={errors}
          />
          <div class="field">
            <label for={dayFieldId('gap', id)}>Minutes between</label>
            <select
              id={dayFieldId('gap', id)}
              name="gap"
              aria-describedby={described(dayFieldId('gap', id), errors)}
              aria-invalid={errors?.[dayFieldId('gap', id)] ? 'true' : undefined}
            >
              {[...new Set([...GAPS, generator.gap])].map((gap) => (
                <option value={escapeHtml(gap)} selected={gap === generator.gap} safe>
                  {gap}
                </option>
              ))}
            </select>
            <FieldError id={dayFieldId('gap', id)} errors={errors} />
          </div>
          <p class="hint">Fills in the text above; nothing is saved until you save it.</p>
          <div class="actions">
            <button type="submit" class="button--secondary">
              Fill in<span class="visually-hidden" safe>{`: ${item.day.label}`}</span>
            </button>
          </div>
        </form>
      </details>
      {props.others.length > 0 ? (
        <form class="form" method="post" action={`${at}/copy`} novalidate>
          <CsrfField token={props.csrf} />
          <fieldset class="field" aria-describedby={described(copyId, errors)}>
            <legend safe>{`Copy ${item.day.label}'s time slots and named breaks to:`}</legend>
            {props.others.map((other, i) => (
              <label class="choice">
                <input
                  type="checkbox"
                  name="to"
                  value={String(other.day.id)}
                  id={i === 0 ? copyId : `${copyId}-${other.day.id}`}
                  checked={draft?.copyTo?.includes(other.day.id)}
                />
                <span safe>{other.day.label}</span>
              </label>
            ))}
            <FieldError id={copyId} errors={errors} />
          </fieldset>
          <p class="hint">Each chosen day's time slots and named breaks are replaced, at the same local times.</p>
          <div class="actions">
            <button type="submit" class="button--secondary">
              Copy<span class="visually-hidden" safe>{`: ${item.day.label}`}</span>
            </button>
          </div>
        </form>
      ) : (
        ''
      )}
    </section>
  );
}

const FIELD_LABELS: Record<string, string> = {
  slots: 'Time slots',
  from: 'From',
  to: 'To',
  minutes: 'Minutes each',
  gap: 'Minutes between',
  copy: 'Copy to',
};

function summaryLabels(days: SlotTemplateDay[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const item of days) {
    for (const [field, label] of Object.entries(FIELD_LABELS)) {
      labels[dayFieldId(field, item.day.id)] = `${label} (${item.day.label})`;
    }
  }
  return labels;
}

export function TimeSlotsPage(props: TimeSlotsPageProps): JSX.Element {
  const { event, days } = props;
  const base = `/orga/${event.slug}/schedule/time-slots`;
  return (
    <Layout {...props} title="Time slots">
      <p>
        <a href={`/orga/${event.slug}/schedule/days`}>Days</a>
      </p>
      <h1>Time slots</h1>
      <ScheduleNav eventSlug={props.event.slug} current="time-slots" />
      <p
        safe
      >{`Each day's slot template: the time slots talks are given (their starts and lengths) and the breaks between them, as local times in ${event.timezone}. Proposing a schedule places talks in these time slots; a room can be closed in some of them on its page.`}</p>
      <ErrorSummary errors={props.errors} labels={summaryLabels(days)} />
      {days.length === 0 ? (
        <p>
          No days yet: <a href={`/orga/${event.slug}/schedule/days`}>add the event's days</a> first.
        </p>
      ) : (
        <>
          {days.map((item) => (
            <DaySection
              base={base}
              csrf={props.csrf}
              item={item}
              others={days.filter((other) => other.day.id !== item.day.id)}
              draft={props.draft?.dayId === item.day.id ? props.draft : undefined}
              errors={props.draft?.dayId === item.day.id ? props.errors : undefined}
            />
          ))}
        </>
      )}
    </Layout>
  );
}

// --- a room's closures

export interface RoomClosuresPageProps extends PageBase {
  room: RoomItem;
  days: SlotTemplateDay[];
  /** What was ticked, shown again with an error. */
  closed?: number[] | undefined;
  errors?: FormErrors | undefined;
}

export function RoomClosuresPage(props: RoomClosuresPageProps): JSX.Element {
  const { event, room, days } = props;
  const at = `/orga/${event.slug}/schedule/rooms/${room.id}/closures`;
  const withSlots = days.filter((item) => item.timeSlots.length > 0);
  let first = true;
  const closed = (slot: TimeSlotItem) =>
    props.closed ? props.closed.includes(slot.id) : slot.closedRoomIds.includes(room.id);
  return (
    <Layout {...props} title={`Closures: ${room.name}`}>
      <p>
        <a href={`/orga/${event.slug}/schedule/rooms/${room.id}`} safe>{`Room: ${room.name}`}</a>
      </p>
      <h1 safe>{`When ${room.name} is closed`}</h1>
      <p>
        Tick the time slots in which this room cannot be used (booked by someone else, being set up). Proposing a
        schedule places no talk in it then.
      </p>
      <ErrorSummary errors={props.errors} labels={{ closed: 'Closed time slots' }} />
      {withSlots.length === 0 ? (
        <p>
          No time slots yet: <a href={`/orga/${event.slug}/schedule/time-slots`}>set the days' time slots</a> first.
        </p>
      ) : (
        <form class="form" method="post" action={at} novalidate>
          <CsrfField token={props.csrf} />
          {withSlots.map((item) => (
            <fieldset class="field">
              <legend safe>{item.day.label}</legend>
              {item.timeSlots.map((slot) => {
                const id = first ? 'closed' : `closed-${slot.id}`;
                first = false;
                return (
                  <label class="choice">
                    <input type="checkbox" name="closed" value={String(slot.id)} id={id} checked={closed(slot)} />
                    <span safe>{`${slot.start}–${slot.end}`}</span>
                  </label>
                );
              })}
            </fieldset>
          ))}
          <FieldError id="closed" errors={props.errors} />
          <div class="actions">
            <button type="submit">Save closures</button>
          </div>
        </form>
      )}
    </Layout>
  );
}
