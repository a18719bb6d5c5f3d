import type { Children } from '@kitajs/html';
import type { Actor } from '../../modules/accounts/index.js';
import { favicon, siteStylesheet, stylesheet } from '../assets.js';
import { CsrfField } from './forms.js';
import { escapeHtml } from '../../shared/html.js';

export type OrgaSection =
  | 'dashboard'
  | 'proposals'
  | 'review'
  | 'talks'
  | 'tracks'
  | 'session-types'
  | 'cfp'
  | 'team'
  | 'mail'
  | 'api'
  | 'settings'
  | 'schedule'
  | 'interest'
  | 'webhooks';

export interface SiteLayoutProps {
  title: string;
  actor: Actor | undefined;
  /** The CSRF token for the header's log-out button and any form on the page. */
  csrf: string;
  flash?: { kind: 'success' | 'warning' | 'error'; message: string } | undefined;
  /** Back-office pages of one event get its navigation. */
  orga?: { event: { slug: string; name: string }; section: OrgaSection; organiser: boolean } | undefined;
  /** A navigation of the area the page belongs to (the speaker area's), shown in the header. */
  headerNav?: Children;
  /**
   * Where the header's "Log in" and "Sign up" return to afterwards: the page itself, or where the
   * login or sign-up form on the page leads. Without it, they go to their default.
   */
  next?: string | undefined;
  children: Children;
}

/** A login or sign-up link that returns to `next` afterwards (the routes check it stays on this site). */
export function withNext(path: '/login' | '/signup', next: string | undefined): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}

function OrgaNav(props: {
  event: { slug: string; name: string };
  section: OrgaSection;
  organiser: boolean;
}): JSX.Element {
  const base = `/orga/${props.event.slug}`;
  const items: [OrgaSection, string, string, boolean][] = [
    ['dashboard', base, 'Dashboard', true],
    ['proposals', `${base}/proposals`, 'Proposals', true],
    ['review', `${base}/review`, 'Review dashboard', true],
    ['talks', `${base}/talks`, 'Program', props.organiser],
    ['schedule', `${base}/schedule`, 'Schedule', props.organiser],
    ['interest', `${base}/interest`, 'Interest', props.organiser],
    ['tracks', `${base}/tracks`, 'Tracks and levels', props.organiser],
    ['session-types', `${base}/session-types`, 'Session types', props.organiser],
    ['cfp', `${base}/cfp`, 'Proposal form', props.organiser],
    ['team', `${base}/team`, 'Team', props.organiser],
    ['mail', `${base}/mail`, 'Mail', props.organiser],
    ['api', `${base}/api-tokens`, 'API tokens', props.organiser],
    ['webhooks', `${base}/webhooks`, 'Webhooks', props.organiser],
    ['settings', `${base}/settings`, 'Event settings', props.organiser],
  ];
  return (
    <nav class="orga-nav" aria-label={escapeHtml(`${props.event.name} back office`)}>
      <ul>
        {items
          .filter(([, , , shown]) => shown)
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
}

/** The layout of the signed-in site: account pages, the speaker area and the back office. */
export function SiteLayout(props: SiteLayoutProps): string {
  const { actor } = props;
  const title = props.orga ? `${props.title} · ${props.orga.event.name}` : props.title;
  // The back office's navigation sits beside <main>, not in it: "Skip to content" leads past it.
  const main = (
    <main id="main" tabindex="-1">
      {props.flash ? (
        <p class={`flash flash--${props.flash.kind}`} role="status" safe>
          {props.flash.message}
        </p>
      ) : (
        ''
      )}
      {props.children as 'safe'}
    </main>
  );
  return ('<!doctype html>' +
  (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title safe>{`${title} · Lectern`}</title>
        <meta name="theme-color" content="#14213d" />
        <link rel="icon" href={favicon.url} type="image/svg+xml" />
        <link rel="stylesheet" href={stylesheet.url} />
        <link rel="stylesheet" href={siteStylesheet.url} />
      </head>
      <body class="site">
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="site-header__inner site-header__inner--site">
            <a class="site-title" href="/">
              Lectern
            </a>
            {props.orga ? (
              <a class="site-header__event" href={`/orga/${props.orga.event.slug}`} safe>
                {props.orga.event.name}
              </a>
            ) : (
              ''
            )}
            <nav class="site-header__user" aria-label="Account">
              <ul>
                {actor ? (
                  <>
                    <li>
                      <a href="/orga">Your events</a>
                    </li>
                    <li>
                      <a href="/account" safe>
                        {actor.user.name || actor.user.email}
                      </a>
                    </li>
                    <li>
                      <form method="post" action="/logout" class="inline-form">
                        <CsrfField token={props.csrf} />
                        <button type="submit" class="link-button">
                          Log out
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <>
                    <li>
                      <a href={withNext('/login', props.next)}>Log in</a>
                    </li>
                    <li>
                      <a href={withNext('/signup', props.next)}>Sign up</a>
                    </li>
                  </>
                )}
              </ul>
            </nav>
            {props.headerNav ? (props.headerNav as 'safe') : ''}
          </div>
        </header>
        {props.orga ? (
          <div class="orga-layout">
            <OrgaNav {...props.orga} />
            {main as 'safe'}
          </div>
        ) : (
          (main as 'safe')
        )}
        <footer class="site-footer">
          <div class="site-footer__inner">
            <p>Lectern, the conference program platform.</p>
          </div>
        </footer>
      </body>
    </html>
  )) as string;
}
