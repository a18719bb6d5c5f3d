import type { Children } from '@kitajs/html';
import type { Actor } from '../../../modules/accounts/index.js';
import type { TalkState } from '../../../db/schema.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';
import { escapeHtml } from '../../../shared/html.js';

export type SpeakerSection = 'cfp' | 'proposals' | 'profile';

export interface SpeakerPageProps {
  actor: Actor | undefined;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: { slug: string; name: string; published: boolean };
  /** The page's own address, for the header's "Log in" and "Sign up" to return to. */
  here?: string | undefined;
}

/** The speaker area of one event: its call for proposals, one's proposals and one's speaker profile. */
export function SpeakerLayout(
  props: SpeakerPageProps & { title: string; section: SpeakerSection | undefined; children: Children },
): JSX.Element {
  const base = `/${props.event.slug}`;
  const items: [SpeakerSection, string, string][] = [
    ['cfp', `${base}/cfp`, 'Call for proposals'],
    ['proposals', `${base}/me/proposals`, 'Your proposals'],
    ['profile', `${base}/me/profile`, 'Your speaker profile'],
  ];
  const nav = (
    <nav class="site-nav" aria-label={escapeHtml(`${props.event.name}: speakers`)}>
      <ul>
        {props.event.published ? (
          <li>
            <a href={base} safe>
              {`${props.event.name} program`}
            </a>
          </li>
        ) : (
          ''
        )}
        {items
          .filter(([section]) => props.actor || section === 'cfp')
          .map(([section, href, label]) => (
            <li>
              <a href={href} aria-current={section === props.section ? 'page' : undefined} safe>
                {label}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
  return (
    <SiteLayout
      title={`${props.title} · ${props.event.name}`}
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      headerNav={nav}
      next={props.here}
    >
      {props.children as 'safe'}
    </SiteLayout>
  );
}

const STATE_NAMES: Record<TalkState, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  accepted: 'Accepted',
  rejected: 'Not accepted',
  waitlisted: 'Wait list',
  confirmed: 'Confirmed',
  withdrawn: 'Withdrawn',
};

export function StateBadge(props: { state: TalkState }): JSX.Element {
  return (
    <span class={`state state--${props.state}`} safe>
      {STATE_NAMES[props.state]}
    </span>
  );
}

/** What a state means for the speaker, and what they can do next. */
export const STATE_EXPLANATIONS: Record<TalkState, string> = {
  draft: 'A draft: nobody but its speakers sees it yet. Submit it before the call for proposals closes.',
  submitted:
    'Submitted: the organisers and reviewers will read it. You can edit it until the call for proposals closes.',
  accepted: 'Accepted! Please confirm that you will give this talk, or withdraw it if you cannot.',
  rejected: 'Not accepted this time. Thank you for proposing it.',
  waitlisted: 'On the wait list: the organisers will come back to you if a slot frees up.',
  confirmed: 'Confirmed: this talk is on the program.',
  withdrawn: 'Withdrawn: this proposal is no longer considered.',
};
