import type { Actor, TeamMember } from '../../../modules/accounts/index.js';
import type { EventRecord, TrackItem } from '../../../modules/program/index.js';
import { CsrfField, ErrorSummary, RadioGroup, TextField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';
import { RowAction } from './tracks.js';

function TrackChoices(props: {
  tracks: TrackItem[];
  chosen: number[];
  legend: string;
  hideLegend?: boolean;
  hint: string;
  hintId: string;
}): JSX.Element {
  if (props.tracks.length === 0) return <p>This event has no tracks yet: reviewers review every proposal.</p>;
  return (
    <fieldset class="field" aria-describedby={props.hintId}>
      <legend class={props.hideLegend ? 'visually-hidden' : undefined} safe>
        {props.legend}
      </legend>
      <p class="hint" id={props.hintId} safe>
        {props.hint}
      </p>
      {props.tracks.map((track) => (
        <label class="choice">
          <input type="checkbox" name="trackIds" value={String(track.id)} checked={props.chosen.includes(track.id)} />
          <span safe>{track.name}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function TeamPage(props: {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  members: TeamMember[];
  tracks: TrackItem[];
  errors?: FormErrors | undefined;
  values?: { email?: string; role?: string; trackIds?: number[] };
}): JSX.Element {
  const { event, errors } = props;
  const base = `/orga/${event.slug}/team`;
  const trackName = new Map(props.tracks.map((t) => [t.id, t.name]));
  return (
    <SiteLayout
      title="Team"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'team', organiser: true }}
    >
      <h1>Team</h1>
      <p>
        Organisers run the event in this back office. Reviewers score proposals, of every track or only of the tracks
        chosen for them.
      </p>
      <div class="table-wrap">
        <table class="data">
          <caption class="visually-hidden">The event's team</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Tracks</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {props.members.map((member) => {
              const who = member.name ? `${member.name} (${member.email})` : member.email;
              return (
                <tr>
                  <th scope="row" safe>
                    {who}
                  </th>
                  <td>{member.role}</td>
                  <td>{member.active ? 'Active' : 'Invited: has not set a password yet'}</td>
                  <td>
                    {member.role === 'reviewer' ? (
                      <form method="post" action={`${base}/${member.id}/tracks`} class="form">
                        <CsrfField token={props.csrf} />
                        <p safe>
                          {member.trackIds.length === 0
                            ? 'Every track.'
                            : `Only: ${member.trackIds.map((id) => trackName.get(id) ?? `#${id}`).join(', ')}.`}
                        </p>
                        {props.tracks.length > 0 ? (
                          <>
                            <TrackChoices
                              tracks={props.tracks}
                              chosen={member.trackIds}
                              legend={`Tracks ${member.email} reviews`}
                              hideLegend
                              hint="None ticked: every track."
                              hintId={`tracks-hint-${member.id}`}
                            />
                            <button type="submit" class="button--secondary">
                              Save tracks<span class="visually-hidden" safe>{` of ${member.email}`}</span>
                            </button>
                          </>
                        ) : (
                          ''
                        )}
                      </form>
                    ) : (
                      'Every track'
                    )}
                  </td>
                  <td>
                    <RowAction
                      action={`${base}/${member.id}/remove`}
                      csrf={props.csrf}
                      label="Remove"
                      about={`${member.email} as ${member.role}`}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="add">
        <h2 id="add">Add someone</h2>
        <p>They get a mail: with a link to set their password if they are new to Lectern, or saying they can log in.</p>
        <ErrorSummary
          errors={errors}
          labels={{ email: 'Email', role: 'Role', trackIds: 'Tracks', member: 'Team member' }}
        />
        <form class="form" method="post" action={base} novalidate>
          <CsrfField token={props.csrf} />
          <TextField
            name="email"
            type="email"
            label="Email"
            value={props.values?.email}
            required
            autocomplete="off"
            errors={errors}
          />
          <RadioGroup
            name="role"
            label="Role"
            value={props.values?.role ?? 'reviewer'}
            options={[
              { value: 'reviewer', label: 'Reviewer' },
              { value: 'organiser', label: 'Organiser' },
            ]}
            required
            errors={errors}
          />
          <TrackChoices
            tracks={props.tracks}
            chosen={props.values?.trackIds ?? []}
            legend="Tracks (for a reviewer)"
            hint="A reviewer sees the proposals of the ticked tracks only; none ticked: every track. Organisers see every track."
            hintId="trackIds-hint"
          />
          <div class="actions">
            <button type="submit">Add to the team</button>
          </div>
        </form>
      </section>
    </SiteLayout>
  );
}
