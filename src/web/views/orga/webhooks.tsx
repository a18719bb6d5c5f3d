import type { Actor } from '../../../modules/accounts/index.js';
import type { EventRecord } from '../../../modules/program/index.js';
import {
  WEBHOOK_EVENTS,
  type DeliveryListItem,
  type WebhookDeliveryStatus,
  type WebhookEndpoint,
  type WebhookEndpointDetail,
  type WebhookEvent,
} from '../../../modules/webhooks/index.js';
import { formatInZone } from '../../../shared/time.js';
import { CsrfField, ErrorSummary, PostButton, TextField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';

interface Common {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
}

const EVENT_LABEL: Record<WebhookEvent, string> = {
  'release.published': 'A schedule release is published',
  'proposal.submitted': 'A proposal is submitted',
  'proposal.state_changed': 'A proposal changes state (a decision, a confirmation, a withdrawal)',
  'talk.updated': 'An organiser edits a talk on the program',
};

const DELIVERY_LABEL: Record<WebhookDeliveryStatus, string> = {
  pending: 'Waiting',
  sending: 'Sending',
  delivered: 'Delivered',
  failed: 'Failed',
};

/** The talk-state badge colours, as the outbox uses them. */
const DELIVERY_BADGE: Record<WebhookDeliveryStatus, string> = {
  pending: 'state state--submitted',
  sending: 'state state--submitted',
  delivered: 'state state--accepted',
  failed: 'state state--rejected',
};

function StatusBadge(props: { endpoint: WebhookEndpoint }): JSX.Element {
  return props.endpoint.status === 'active' ? (
    <span class="state state--accepted">Active</span>
  ) : (
    <span class="state state--rejected">Paused</span>
  );
}

function webhooksBase(event: { slug: string }): string {
  return `/orga/${event.slug}/webhooks`;
}

export function WebhooksPage(
  props: Common & {
    endpoints: WebhookEndpoint[];
    allowLocal: boolean;
    errors?: FormErrors | undefined;
    values?: { url: string; events: string[] } | undefined;
  },
): JSX.Element {
  const { event } = props;
  const base = webhooksBase(event);
  const chosen = props.values?.events ?? [...WEBHOOK_EVENTS];
  return (
    <SiteLayout
      title="Webhooks"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'webhooks', organiser: true }}
    >
      <h1>Webhooks</h1>
      <p safe>
        {`A webhook tells another system (a chat, a video team's tools, a website) when something changes at ${event.name}: Lectern POSTs a signed JSON message to its address. An address that does not answer is tried again, later and later; after ten failed attempts in a row the endpoint is paused until you resume it.`}
      </p>
      <h2>Endpoints</h2>
      {props.endpoints.length === 0 ? (
        <p>No endpoints yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">Webhook endpoints</caption>
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Events</th>
                <th scope="col">Status</th>
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {props.endpoints.map((endpoint) => (
                <tr>
                  <td>
                    <a href={`${base}/${endpoint.id}`} safe>
                      {endpoint.url}
                    </a>
                  </td>
                  <td safe>{endpoint.events.join(', ')}</td>
                  <td>
                    <StatusBadge endpoint={endpoint} />
                    {endpoint.pausedReason ? (
                      <>
                        <br />
                        <small safe>{endpoint.pausedReason}</small>
                      </>
                    ) : (
                      ''
                    )}
                  </td>
                  <td safe>{formatInZone(endpoint.createdAt, event.timezone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="add-endpoint">
        <h2 id="add-endpoint">Add an endpoint</h2>
        <ErrorSummary errors={props.errors} labels={{ url: 'Address', events: 'Events' }} />
        <form class="form" method="post" action={base} novalidate>
          <CsrfField token={props.csrf} />
          <TextField
            name="url"
            label="Address"
            type="url"
            value={props.values?.url}
            required
            maxlength={2000}
            hint={
              props.allowLocal
                ? 'An https:// address (http:// to this machine is allowed on this installation, for development).'
                : 'An https:// address on the public Internet. Redirects are not followed.'
            }
            errors={props.errors}
          />
          <fieldset class="field" aria-describedby={props.errors?.events ? 'events-error' : undefined}>
            <legend>Events to send</legend>
            {WEBHOOK_EVENTS.map((name, index) => (
              <label class="choice">
                <input
                  type="checkbox"
                  name="events"
                  value={name}
                  id={index === 0 ? 'events' : `events-${index}`}
                  checked={chosen.includes(name)}
                />
                <span>
                  <code>{name}</code> <span safe>{`— ${EVENT_LABEL[name]}`}</span>
                </span>
              </label>
            ))}
            {props.errors?.events ? (
              <p class="error" id="events-error" safe>
                {props.errors.events}
              </p>
            ) : (
              ''
            )}
          </fieldset>
          <div class="actions">
            <button type="submit">Add endpoint</button>
          </div>
        </form>
      </section>
    </SiteLayout>
  );
}

function lastAnswer(delivery: DeliveryListItem): string {
  if (delivery.lastError) return delivery.lastError;
  return delivery.lastStatus === null ? '' : `HTTP ${delivery.lastStatus}`;
}

function nextAttempt(delivery: DeliveryListItem, zone: string): string {
  return delivery.status === 'pending' ? formatInZone(delivery.nextAttemptAt, zone) : '';
}

export function WebhookEndpointPage(props: Common & { detail: WebhookEndpointDetail }): JSX.Element {
  const { event } = props;
  const { endpoint, deliveries } = props.detail;
  const base = `${webhooksBase(event)}/${endpoint.id}`;
  const zone = event.timezone;
  return (
    <SiteLayout
      title="Webhook endpoint"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'webhooks', organiser: true }}
    >
      <p>
        <a href={webhooksBase(event)}>Back to the webhooks</a>
      </p>
      <h1>Webhook endpoint</h1>
      <dl class="mail-headers">
        <dt>Address</dt>
        <dd>
          <code safe>{endpoint.url}</code>
        </dd>
        <dt>Events</dt>
        <dd safe>{endpoint.events.join(', ')}</dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge endpoint={endpoint} />
          {endpoint.pausedReason ? (
            <>
              {' '}
              <span safe>{endpoint.pausedReason}</span>
            </>
          ) : (
            ''
          )}
        </dd>
        <dt>Registered</dt>
        <dd safe>{formatInZone(endpoint.createdAt, zone)}</dd>
      </dl>
      <p>
        <label for="webhook-secret">Secret</label>
        <br />
        <input
          id="webhook-secret"
          type="text"
          readonly
          value={endpoint.secret}
          size="60"
          autocomplete="off"
          spellcheck="false"
          aria-describedby="webhook-secret-hint"
        />
      </p>
      <p class="hint" id="webhook-secret-hint">
        The receiving side checks each message with it: the header Lectern-Webhook-Signature is “v1=” and the hex
        HMAC-SHA256, with this secret, of the Lectern-Webhook-Timestamp header, a full stop and the body. Only the
        organisers of this event can see it.
      </p>
      <div class="actions">
        <PostButton action={`${base}/ping`} csrf={props.csrf} label="Send a test ping" />
        {endpoint.status === 'active' ? (
          <PostButton action={`${base}/pause`} csrf={props.csrf} label="Pause" />
        ) : (
          <PostButton action={`${base}/resume`} csrf={props.csrf} label="Resume" />
        )}
        <PostButton action={`${base}/delete`} csrf={props.csrf} label="Delete endpoint" class="button--danger" />
      </div>
      <h2>Deliveries</h2>
      {deliveries.length === 0 ? (
        <p>Nothing was sent to this endpoint yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">Deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col" class="number">
                  Attempts
                </th>
                <th scope="col">Last answer or error</th>
                <th scope="col">Next attempt</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => (
                <tr>
                  <td safe>{formatInZone(delivery.createdAt, zone)}</td>
                  <td>
                    <code safe>{delivery.eventType}</code>
                  </td>
                  <td>
                    <span class={DELIVERY_BADGE[delivery.status]} safe>
                      {DELIVERY_LABEL[delivery.status]}
                    </span>
                  </td>
                  <td class="number" safe>
                    {String(delivery.attempts)}
                  </td>
                  <td safe>{lastAnswer(delivery)}</td>
                  <td safe>{nextAttempt(delivery, zone)}</td>
                  <td>
                    {delivery.status === 'sending' ? (
                      ''
                    ) : (
                      <PostButton
                        action={`${base}/deliveries/${delivery.id}/send-again`}
                        csrf={props.csrf}
                        label="Send again"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </SiteLayout>
  );
}
