import { absolute } from '../../shared/links.js';

/**
 * A delivery's body. Every delivery is `{event, id, created_at, event_slug, data}`; `data` is
 * what the change wrote, stored with the delivery. Its `links` (if any) are stored as this
 * site's paths and sent as absolute addresses (LECTERN_PUBLIC_URL), so that the module writing
 * a change need not know where the site is reached.
 */
export function webhookBody(
  delivery: { eventType: string; uuid: string; createdAt: Date; eventSlug: string; data: string },
  publicUrl: string,
): string {
  const data = JSON.parse(delivery.data) as Record<string, unknown>;
  if (data.links && typeof data.links === 'object') {
    data.links = Object.fromEntries(
      Object.entries(data.links as Record<string, unknown>).map(([name, path]) => [
        name,
        typeof path === 'string' && path.startsWith('/') ? absolute(publicUrl, path) : path,
      ]),
    );
  }
  return JSON.stringify({
    event: delivery.eventType,
    id: delivery.uuid,
    created_at: delivery.createdAt.toISOString(),
    event_slug: delivery.eventSlug,
    data,
  });
}

/** A proposal or talk as every payload about one shows it. */
export interface WebhookTalk {
  code: string;
  guid: string;
  title: string;
  state: string;
}

/**
 * The `data` of `proposal.submitted` and `proposal.state_changed` (with the state before): one
 * shape wherever a proposal changes.
 */
export function proposalWebhookData(
  eventSlug: string,
  proposal: WebhookTalk,
  previousState?: string | undefined,
): object {
  return {
    proposal: { code: proposal.code, guid: proposal.guid, title: proposal.title, state: proposal.state },
    ...(previousState === undefined ? {} : { previous_state: previousState }),
    links: { orga: `/orga/${eventSlug}/proposals/${encodeURIComponent(proposal.code)}` },
  };
}

/** The `data` of `talk.updated`: the talk on the program, with its public page. */
export function talkWebhookData(eventSlug: string, talk: WebhookTalk & { slug: string }): object {
  return {
    talk: { code: talk.code, guid: talk.guid, slug: talk.slug, title: talk.title, state: talk.state },
    links: {
      talk: `/${eventSlug}/talks/${encodeURIComponent(talk.slug)}`,
      orga: `/orga/${eventSlug}/talks/${encodeURIComponent(talk.code)}`,
    },
  };
}
