import { escapeHtml } from '../../../shared/html.js';
import type { Actor } from '../../../modules/accounts/index.js';
import type { EventRecord } from '../../../modules/program/index.js';
import { formatInZone } from '../../../shared/time.js';
import { formatRange, type ReleasePreview, type ScheduleChange } from '../../../modules/schedule/index.js';
import { Checkbox, CsrfField, ErrorSummary, TextArea, TextField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';
import { ScheduleNav, WarningList } from './schedule.js';

/**
 * Releasing the schedule: what a release would put in its changelog now, what is still wrong
 * or missing, and the form that stamps the release. Past releases below, with their changelogs.
 */

const SHOWN_CHANGES = 200;

const KIND_WORDS: Record<ScheduleChange['kind'], string> = {
  added: 'Added',
  moved: 'Moved',
  removed: 'Removed',
  cancelled: 'Cancelled',
};

function place(p: NonNullable<ScheduleChange['before']>, zone: string): string {
  return `${p.room}, ${formatRange(new Date(p.start), new Date(p.end), zone)}`;
}

function changeLine(change: ScheduleChange, zone: string): string {
  const what = change.slotKind === 'talk' ? `“${change.title}”` : `${change.slotKind} “${change.title}”`;
  if (change.kind === 'moved' && change.before && change.after) {
    return `${KIND_WORDS.moved} ${what}: from ${place(change.before, zone)} to ${place(change.after, zone)}`;
  }
  const at = change.after ?? change.before;
  return `${KIND_WORDS[change.kind]} ${what}${at ? `: ${place(at, zone)}` : ''}`;
}

export function Changelog(props: { changes: ScheduleChange[]; zone: string }): JSX.Element {
  const shown = props.changes.slice(0, SHOWN_CHANGES);
  return (
    <>
      <ul class="changelog">
        {shown.map((change) => (
          <li class={`changelog__item changelog__item--${change.kind}`} safe>
            {changeLine(change, props.zone)}
          </li>
        ))}
      </ul>
      {props.changes.length > SHOWN_CHANGES ? <p safe>{`And ${props.changes.length - SHOWN_CHANGES} more.`}</p> : ''}
    </>
  );
}

export interface ReleaseFormValues {
  version: string;
  comment: string;
  notifySpeakers: boolean;
}

export function ReleasePage(props: {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  preview: ReleasePreview;
  values?: ReleaseFormValues | undefined;
  errors?: FormErrors | undefined;
}): JSX.Element {
  const { event, preview } = props;
  const zone = event.timezone;
  const latest = preview.releases[0];
  const status: string = latest
    ? `Public pages and exports show release ${latest.version}, of ${formatInZone(latest.releasedAt, zone)}. A new release replaces it for everyone at once.`
    : 'Nothing is released yet: public pages show no schedule until the first release.';
  return (
    <SiteLayout
      title="Release the schedule"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'schedule', organiser: true }}
    >
      <h1>Release the schedule</h1>
      <ScheduleNav eventSlug={event.slug} current="release" />
      <p safe>{status}</p>
      {event.published ? (
        ''
      ) : (
        <p class="warning-box" role="status">
          The event is not published: the public sees nothing of a release until it is.{' '}
          <a href={`/orga/${escapeHtml(event.slug)}/settings#published`}>Publish the event in its settings</a>.
        </p>
      )}
      <section aria-labelledby="pending">
        <h2 id="pending" safe>
          {`What this release would change (${preview.pending.length})`}
        </h2>
        {preview.pending.length === 0 ? (
          <p>{latest ? 'Nothing: the schedule is as last released.' : 'Nothing: no talk is placed yet.'}</p>
        ) : (
          <Changelog changes={preview.pending} zone={zone} />
        )}
      </section>
      <section aria-labelledby="check">
        <h2 id="check">Before releasing</h2>
        <p safe>
          {preview.unplacedCount === 0
            ? 'Every talk on the program is placed.'
            : `${preview.unplacedCount} ${preview.unplacedCount === 1 ? 'talk on the program is' : 'talks on the program are'} not placed yet: the release leaves ${preview.unplacedCount === 1 ? 'it' : 'them'} out.`}
        </p>
        {preview.warnings.length === 0 ? (
          <p>No warnings.</p>
        ) : (
          <>
            <p safe>{`${preview.warnings.length} ${preview.warnings.length === 1 ? 'warning' : 'warnings'}:`}</p>
            <WarningList warnings={preview.warnings} />
          </>
        )}
      </section>
      <section aria-labelledby="release">
        <h2 id="release">Release</h2>
        <ErrorSummary errors={props.errors} labels={{ version: 'Version', comment: 'Comment' }} />
        <form class="form" method="post" action={`/orga/${event.slug}/schedule/release`} novalidate>
          <CsrfField token={props.csrf} />
          <TextField
            name="version"
            label="Version"
            value={props.values?.version}
            maxlength={60}
            hint={`Empty for the next number: "${preview.nextVersion}". Each release needs a new name.`}
            errors={props.errors}
          />
          <TextArea
            name="comment"
            label="Comment"
            value={props.values?.comment}
            rows={3}
            maxlength={2000}
            hint="Public: shown with the changelog, e.g. “Lunch moved by half an hour”."
            errors={props.errors}
          />
          <Checkbox
            name="notifySpeakers"
            label="Notify speakers"
            checked={props.values?.notifySpeakers ?? true}
            hint={`Each speaker whose talks this release places, moves, takes off the schedule or cancels gets one mail listing them, worded as the mail template “${latest ? 'Schedule changed (later releases)' : 'Talk scheduled (first release)'}” says; speakers whose talks do not change get nothing.`}
            errors={props.errors}
          />
          <div class="actions">
            <button type="submit">Release the schedule</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="releases">
        <h2 id="releases">Past releases</h2>
        {preview.releases.length === 0 ? <p>None yet.</p> : ''}
        {preview.releases.map((release) => (
          <article class="release" aria-labelledby={`release-${release.id}`}>
            <h3 id={`release-${release.id}`} safe>
              {`Version ${release.version}, ${formatInZone(release.releasedAt, zone)}`}
            </h3>
            {release.comment ? <p safe>{release.comment}</p> : ''}
            {release.changes.length === 0 ? <p>No changes.</p> : <Changelog changes={release.changes} zone={zone} />}
          </article>
        ))}
      </section>
    </SiteLayout>
  );
}
