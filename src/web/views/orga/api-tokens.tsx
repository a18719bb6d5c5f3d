import type { Actor, ApiTokenInfo } from '../../../modules/accounts/index.js';
import type { EventRecord } from '../../../modules/program/index.js';
import { formatInZone } from '../../../shared/time.js';
import { CsrfField, ErrorSummary, PostButton, TextField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';

function lastUsed(token: ApiTokenInfo, zone: string): string {
  return token.lastUsedAt ? formatInZone(token.lastUsedAt, zone) : 'never';
}

export function ApiTokensPage(props: {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  tokens: ApiTokenInfo[];
  /** The secret of the token just created: shown this once. */
  created?: { name: string; token: string } | undefined;
  errors?: FormErrors | undefined;
  name?: string | undefined;
}): JSX.Element {
  const { event } = props;
  const base = `/orga/${event.slug}/api-tokens`;
  const zone = event.timezone;
  return (
    <SiteLayout
      title="API tokens"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'api', organiser: true }}
    >
      <h1>API tokens</h1>
      <p safe>
        {`A token lets a program call the organiser API of ${event.name} (proposals, reviews, decisions) as you, and nothing of any other event. Send it in the header "Authorization: Bearer <token>". It works while you are an organiser here and until it is revoked.`}
      </p>
      <p>
        <a href="/api/docs">API documentation</a>
      </p>
      {props.created ? (
        <section class="warning-box" aria-labelledby="new-token">
          <h2 id="new-token" safe>
            {`Your new token "${props.created.name}"`}
          </h2>
          <p>
            <strong>Copy it now: it is shown only this once.</strong> Lectern keeps only a fingerprint of it, so nobody
            can show it to you again. If you lose it, revoke it and create another.
          </p>
          <p>
            <label for="token-secret">Token</label>
            <br />
            <input
              id="token-secret"
              type="text"
              readonly
              value={props.created.token}
              size="60"
              autocomplete="off"
              spellcheck="false"
            />
          </p>
        </section>
      ) : (
        ''
      )}
      <h2>Tokens</h2>
      {props.tokens.length === 0 ? (
        <p>No tokens yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created by</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {props.tokens.map((token) => (
                <tr>
                  <td safe>{token.name}</td>
                  <td>
                    <code safe>{`${token.prefix}…`}</code>
                  </td>
                  <td safe>{token.createdBy}</td>
                  <td safe>{formatInZone(token.createdAt, zone)}</td>
                  <td safe>{lastUsed(token, zone)}</td>
                  <td>
                    {token.revokedAt ? (
                      <span safe>{`Revoked ${formatInZone(token.revokedAt, zone)}`}</span>
                    ) : (
                      <PostButton
                        action={`${base}/${token.id}/revoke`}
                        csrf={props.csrf}
                        label={`Revoke ${token.name}`}
                        class="button--danger"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="create-token">
        <h2 id="create-token">Create a token</h2>
        <ErrorSummary errors={props.errors} labels={{ name: 'Name' }} />
        <form class="form" method="post" action={base} novalidate>
          <CsrfField token={props.csrf} />
          <TextField
            name="name"
            label="Name"
            value={props.name}
            required
            maxlength={80}
            hint="What the token is for, e.g. “schedule export script”, to recognise it later."
            errors={props.errors}
          />
          <div class="actions">
            <button type="submit">Create token</button>
          </div>
        </form>
      </section>
    </SiteLayout>
  );
}
