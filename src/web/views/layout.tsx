import type { Children } from '@kitajs/html';
import { favicon, myAgendaScript, offlineScript, stylesheet } from '../assets.js';
import { escapeHtml } from '../../shared/html.js';
import { currentAddress, currentLocale, html, LOCALE_NAMES, LOCALES, t, type Locale } from '../i18n/index.js';

export type Section = 'program' | 'schedule' | 'speakers' | 'tracks' | 'search' | 'events' | 'exports';

export interface LayoutProps {
  /** The page's own title; the event's name is added after it. */
  title: string;
  /** With a released schedule (`schedule` set), the navigation links to it. */
  event?: { slug: string; name: string; schedule?: object | undefined; brandColor?: string | null } | undefined;
  section?: Section | undefined;
  /** The page's own path: its navigation link says "this page" rather than "this section". */
  path?: string | undefined;
  /** The search box's current text. */
  query?: string | undefined;
  description?: string | undefined;
  /** A feed of this page's news, announced for feed readers. */
  feed?: { href: string; title: string } | undefined;
  children: Children;
}

/** The event's colour as a stylesheet; the colour is in the address, so a new one is a new file. */
export function brandStylesheetUrl(eventSlug: string, brandColor: string): string {
  return `/${eventSlug}/brand.css?colour=${brandColor.slice(1)}`;
}

function NavLink(props: {
  href: string;
  inSection: boolean;
  path: string | undefined;
  children: Children;
}): JSX.Element {
  const current = props.path === props.href ? 'page' : props.inSection ? 'true' : undefined;
  return (
    <li>
      <a href={props.href} aria-current={current}>
        {props.children}
      </a>
    </li>
  );
}

/** The page's address in another language: the same parameters, and `lang`. */
export function addressIn(here: string, locale: Locale): string {
  const [path = '/', search = ''] = here.split('?', 2);
  const params = new URLSearchParams(search);
  params.set('lang', locale);
  return `${path}?${params.toString()}`;
}

/** Links to this page in each language; a plain link each, so it works without JavaScript. */
function LanguageSwitch(): JSX.Element {
  const here = currentAddress() ?? '/';
  const current = currentLocale();
  return (
    <nav class="language-switch" aria-label={escapeHtml(t('layout.language'))}>
      <ul>
        {LOCALES.map((locale) => (
          <li>
            <a
              href={escapeHtml(addressIn(here, locale))}
              lang={locale}
              hreflang={locale}
              aria-current={locale === current ? 'true' : undefined}
              safe
            >
              {LOCALE_NAMES[locale]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Layout(props: LayoutProps): string {
  const { event, section, path } = props;
  const fullTitle = event && props.title !== event.name ? `${props.title} · ${event.name}` : props.title;
  return ('<!doctype html>' +
  (
    <html lang={currentLocale()}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title safe>{`${fullTitle} · Lectern`}</title>
        {props.description ? <meta name="description" content={escapeHtml(props.description)} /> : ''}
        <meta name="theme-color" content={event?.brandColor ?? '#14213d'} />
        <link rel="icon" href={favicon.url} type="image/svg+xml" />
        <link rel="stylesheet" href={stylesheet.url} />
        {/* The event's colour: a stylesheet of its own, since the pages' CSP allows no inline style. */}
        {event?.brandColor ? <link rel="stylesheet" href={brandStylesheetUrl(event.slug, event.brandColor)} /> : ''}
        <script src={myAgendaScript.url} defer></script>
        {event ? <link rel="manifest" href={`/${event.slug}/manifest.webmanifest`} /> : ''}
        <script src={offlineScript.url} defer data-event={event?.slug}></script>
        {props.feed ? (
          <link
            rel="alternate"
            type="application/atom+xml"
            href={props.feed.href}
            title={escapeHtml(props.feed.title)}
          />
        ) : (
          ''
        )}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {html('layout.skip')}
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            {event ? (
              <a class="site-title" href={`/${event.slug}`} safe>
                {event.name}
              </a>
            ) : (
              <a class="site-title" href="/">
                Lectern
              </a>
            )}
            {event ? (
              <nav class="site-nav" aria-label={escapeHtml(t('layout.eventNav'))}>
                <ul>
                  <NavLink href={`/${event.slug}`} inSection={section === 'program'} path={path}>
                    {html('layout.program')}
                  </NavLink>
                  {event.schedule ? (
                    <NavLink href={`/${event.slug}/schedule`} inSection={section === 'schedule'} path={path}>
                      {html('layout.schedule')}
                    </NavLink>
                  ) : (
                    ''
                  )}
                  <NavLink href={`/${event.slug}/speakers`} inSection={section === 'speakers'} path={path}>
                    {html('layout.speakers')}
                  </NavLink>
                  <NavLink href={`/${event.slug}/tracks`} inSection={section === 'tracks'} path={path}>
                    {html('layout.tracks')}
                  </NavLink>
                  <NavLink href={`/${event.slug}/exports`} inSection={section === 'exports'} path={path}>
                    {html('layout.exports')}
                  </NavLink>
                  <NavLink href={`/${event.slug}/agenda`} inSection={false} path={path}>
                    {html('layout.myAgenda')}
                  </NavLink>
                </ul>
              </nav>
            ) : (
              ''
            )}
            {event ? (
              <form class="search-form" role="search" action={`/${event.slug}/search`} method="get">
                <label for="site-search" class="visually-hidden">
                  {html('layout.searchLabel')}
                </label>
                <input
                  id="site-search"
                  type="search"
                  name="q"
                  value={escapeHtml(props.query ?? '')}
                  placeholder={escapeHtml(t('layout.searchPlaceholder'))}
                  maxlength="200"
                />
                <button type="submit">{html('layout.searchButton')}</button>
              </form>
            ) : (
              ''
            )}
          </div>
        </header>
        {/* offline.js writes its notice of a changed schedule into <main>, in these words. */}
        <main
          id="main"
          tabindex="-1"
          data-text-changed-moved={event ? escapeHtml(t('script.changedMoved', { link: '{link}' })) : undefined}
          data-text-moved-one={event ? escapeHtml(t('script.movedOne')) : undefined}
          data-text-moved-other={event ? escapeHtml(t('script.movedOther', { count: '{count}' })) : undefined}
          data-text-changed={event ? escapeHtml(t('script.changed', { link: '{link}' })) : undefined}
          data-text-see-changes={event ? escapeHtml(t('script.seeChanges')) : undefined}
        >
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="site-footer__inner">
            <p>{html('layout.publishedWith')}</p>
            <LanguageSwitch />
            <ul class="site-footer__links">
              {event ? (
                <li>
                  <a href={`/api/events/${event.slug}/talks`}>{html('layout.programJson')}</a>
                </li>
              ) : (
                ''
              )}
              <li>
                <a href="/api/docs">{html('layout.apiDocs')}</a>
              </li>
              {event ? (
                <li>
                  <a href="/">{html('layout.allEvents')}</a>
                </li>
              ) : (
                ''
              )}
            </ul>
          </div>
        </footer>
      </body>
    </html>
  )) as string;
}

/** Pages here never await anything: a promise would be a bug, caught here rather than sent. */
export function renderPage(element: JSX.Element): string {
  if (typeof element !== 'string') throw new Error('A page rendered asynchronously; pages must be synchronous');
  return element;
}
