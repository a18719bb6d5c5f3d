import { describe, expect, it } from 'vitest';
import { importTalksPage } from '../../src/modules/exchange/index.js';
import { myAgendaScript, offlineScript } from '../../src/web/assets.js';
import { testAppPerFile } from '../helpers/app.js';
import { attribute, linkedPaths, tags, textNodes, titleOf, type Tag } from './html.js';
import {
  ABSTRACT,
  ATTRIBUTE_TITLE,
  BIO,
  BIO2,
  DESCRIPTION,
  IMG_SPEAKER,
  QUOTE_SPEAKER,
  QUOTE_TRACK,
  SCRIPT_TITLE,
  SCRIPT_TRACK,
  SVG_SPEAKER,
  TITLE_BREAKER,
  XSS_EVENT,
  XSS_PAGE,
} from './xss-payloads.js';

const EVENT_NAME = `XSS <script>alert(0)</script> "&' <img src=x onerror=alert(0)>`;

/** The elements pages and rendered Markdown may hold: none runs script or loads anything. */
const ALLOWED_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'link',
  'body',
  'a',
  'abbr',
  'article',
  'aside',
  'b',
  'blockquote',
  'br',
  'button',
  'code',
  'dd',
  'del',
  'details',
  'div',
  'dl',
  'dt',
  'em',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'i',
  'input',
  'label',
  'li',
  'main',
  'mark',
  'nav',
  'ol',
  'option',
  'p',
  'pre',
  's',
  'section',
  'select',
  'small',
  'span',
  'strong',
  'summary',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'time',
  'tr',
  'ul',
]);

const ALLOWED_ATTRIBUTES =
  /^(class|id|href|hreflang|lang|charset|name|content|rel|role|action|method|for|type|value|placeholder|maxlength|tabindex|selected|title|datetime|start|hidden|aria-[a-z]+|data-[a-z-]+)$/;

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'background']);

/** A link a browser follows without running anything: this site's paths, or http(s) and mailto addresses. */
function isSafeUrl(value: string): boolean {
  // Browsers drop white space and control characters inside a scheme ("java\tscript:").
  const compact = value.replace(/[\u0000-\u0020\u007f]/g, '');
  return /^(\/(?!\/)|#|\?|https?:\/\/|mailto:)/i.test(compact) || compact === '';
}

function describeTag(tag: Tag): string {
  return `<${tag.name} ${tag.attributes.map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(' ')}>`;
}

/**
 * The scripts public pages may load: this site's own two files (My agenda's stars, the offline
 * registration), deferred, each as `<script src="…" defer [data-event="…"]></script>` with
 * nothing inline.
 */
const OWN_SCRIPTS = new Set([myAgendaScript.url, offlineScript.url]);

/** The page without its own script elements, each as exactly `<script src=… defer …></script>`. */
function withoutOwnScripts(html: string): string {
  return html.replace(
    /<script src="(\/assets\/[a-z-]+\.[0-9a-f]{12}\.js)" defer( data-event="[a-z0-9-]+")?><\/script>/g,
    (all, src: string) => (OWN_SCRIPTS.has(src) ? '' : all),
  );
}

/** Everything in `page` a browser would run, or load from elsewhere, as a list of findings. */
function executableMarkup(page: string): string[] {
  const findings: string[] = [];
  // Any other script, and any attribute or inline text on one of ours, stays and is found below.
  for (const tag of tags(withoutOwnScripts(page))) {
    if (!ALLOWED_TAGS.has(tag.name)) findings.push(`element ${describeTag(tag)}`);
    for (const [name, value] of tag.attributes) {
      if (!ALLOWED_ATTRIBUTES.test(name)) findings.push(`attribute ${name} on ${describeTag(tag)}`);
      if (URL_ATTRIBUTES.has(name) && value !== undefined && !isSafeUrl(value)) {
        findings.push(`unsafe ${name} on ${describeTag(tag)}`);
      }
    }
    if (tag.name === 'meta' && attribute(tag, 'http-equiv') !== undefined) findings.push(`${describeTag(tag)}`);
    // Stylesheets, icons and the manifest come from this site only (a path, never "//host").
    if (tag.name === 'link' && !/^\/(?!\/)/.test(attribute(tag, 'href') ?? '')) findings.push(describeTag(tag));
  }
  return findings;
}

/** Whether a visitor reads `text` whole, as text, in one text node of the page. */
function showsText(html: string, text: string): boolean {
  return textNodes(html).some((node) => node.includes(text));
}

const t = testAppPerFile(async (db) => {
  await importTalksPage(db, { eventSlug: XSS_EVENT, eventName: EVENT_NAME, content: XSS_PAGE });
});

/** Every public page of the hostile event, found by following its own links and its filters. */
function publicUrls(): string[] {
  const program = t.agenda.event(XSS_EVENT)!;
  return [
    '/',
    `/${XSS_EVENT}`,
    ...program.tracks.map((track) => `/${XSS_EVENT}?track=${track.slug}`),
    ...program.levels.map((level) => `/${XSS_EVENT}?level=${level.slug}`),
    `/${XSS_EVENT}/search`,
    `/${XSS_EVENT}/search?q=alert`,
    `/${XSS_EVENT}/search?q=alert&level=beginner`,
    `/${XSS_EVENT}/search?q=script%20img%20onerror`,
    ...program.talks.map((talk) => `/${XSS_EVENT}/talks/${talk.slug}`),
    `/${XSS_EVENT}/speakers`,
    ...program.speakers.map((speaker) => `/${XSS_EVENT}/speakers/${speaker.slug}`),
    `/${XSS_EVENT}/tracks`,
    ...program.tracks.map((track) => `/${XSS_EVENT}/tracks/${track.slug}`),
  ];
}

/** Requests whose own text (path, query) is hostile: echoed back on search and error pages. */
const HOSTILE_REQUESTS = [
  `/${XSS_EVENT}/search?q=${encodeURIComponent('"><script>alert(40)</script>')}`,
  `/${XSS_EVENT}/search?q=${encodeURIComponent("' onfocus='alert(41)' autofocus='")}&track=${'title-script-alert-11-script'}`,
  `/${XSS_EVENT}/search?q=${encodeURIComponent('<img src=x onerror=alert(42)> & javascript:alert(43)')}`,
  `/${XSS_EVENT}/talks/${encodeURIComponent('<script>alert(44)</script>')}`,
  `/${XSS_EVENT}/speakers/${encodeURIComponent('"><svg onload=alert(45)>')}`,
  `/${XSS_EVENT}?track=${encodeURIComponent('<script>alert(46)</script>')}`,
  `/${XSS_EVENT}?level=${encodeURIComponent('" onmouseover="alert(47)')}`,
  `/${encodeURIComponent('"><img src=x onerror=alert(48)>')}`,
  `/${encodeURIComponent('<script>alert(49)</script>')}/talks/x`,
  `/${XSS_EVENT}/search?q=${'<script>'.repeat(30)}`,
];

describe('stored XSS', () => {
  it('imports the hostile page whole: 3 talks, 3 speakers, 2 tracks', () => {
    const program = t.agenda.event(XSS_EVENT)!;

    expect(program.talks.map((talk) => talk.title)).toEqual([SCRIPT_TITLE, ATTRIBUTE_TITLE, TITLE_BREAKER]);
    expect(program.speakers.map((speaker) => speaker.name).sort()).toEqual(
      [IMG_SPEAKER, SVG_SPEAKER, QUOTE_SPEAKER].sort(),
    );
    expect(program.tracks.map((track) => track.name)).toEqual([SCRIPT_TRACK, QUOTE_TRACK]);
    expect(publicUrls()).toHaveLength(21);
  });

  it('renders every public page of the event with no executable markup', async () => {
    for (const url of publicUrls()) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(executableMarkup(response.body), url).toEqual([]);
    }
  });

  it('renders search and error pages that echo a hostile request with no executable markup', async () => {
    for (const url of HOSTILE_REQUESTS) {
      const response = await t.app.inject({ url });
      expect([200, 400, 404], url).toContain(response.statusCode);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(executableMarkup(response.body), url).toEqual([]);
    }
  });

  it('shows the hostile titles, names and tracks as text, character for character', async () => {
    const program = t.agenda.event(XSS_EVENT)!;
    const talk = program.talks[0]!;
    const page = await t.app.inject({ url: `/${XSS_EVENT}/talks/${talk.slug}` });

    expect(showsText(page.body, SCRIPT_TITLE)).toBe(true);
    expect(titleOf(page.body).startsWith(SCRIPT_TITLE)).toBe(true);
    expect(showsText(page.body, IMG_SPEAKER)).toBe(true);
    expect(showsText(page.body, SVG_SPEAKER)).toBe(true);
    expect(showsText(page.body, SCRIPT_TRACK)).toBe(true);
    expect(linkedPaths(page.body, `/${XSS_EVENT}/speakers/`)).toEqual(
      talk.speakers.map((speaker) => `/${XSS_EVENT}/speakers/${speaker.slug}`),
    );

    const second = await t.app.inject({ url: `/${XSS_EVENT}/talks/${program.talks[1]!.slug}` });
    expect(showsText(second.body, ATTRIBUTE_TITLE)).toBe(true);
    expect(showsText(second.body, QUOTE_SPEAKER)).toBe(true);
    expect(showsText(second.body, QUOTE_TRACK)).toBe(true);

    const third = await t.app.inject({ url: `/${XSS_EVENT}/talks/${program.talks[2]!.slug}` });
    expect(showsText(third.body, TITLE_BREAKER)).toBe(true);
    expect(titleOf(third.body).startsWith(TITLE_BREAKER)).toBe(true);

    const events = await t.app.inject({ url: '/' });
    expect(showsText(events.body, EVENT_NAME)).toBe(true);
  });

  it('shows raw HTML written in Markdown as text, and drops links to scripts', async () => {
    const program = t.agenda.event(XSS_EVENT)!;
    const page = await t.app.inject({ url: `/${XSS_EVENT}/talks/${program.talks[0]!.slug}` });

    for (const text of [
      '<script>alert(14)</script> and <a href="javascript:alert(15)">raw link</a>',
      '<div onclick="alert(28)">block html</div>',
      '<iframe src="javascript:alert(29)"></iframe> <style>body{display:none}</style>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(33)>',
      '<body onload=alert(35)> <meta http-equiv="refresh" content="0;url=javascript:alert(36)">',
      '<img src=x onerror=alert(27)>',
      '[markdown link](javascript:alert(16))',
    ]) {
      expect(showsText(page.body, text), text).toBe(true);
    }
    // Entities in the source stay what they say: "&lt;script&gt;" shows as "<script>", as text.
    expect(showsText(page.body, '<script>alert(30)</script>')).toBe(true);
    const hrefs = tags(page.body).flatMap((tag) => (tag.name === 'a' ? [attribute(tag, 'href') ?? ''] : []));
    expect(hrefs.filter((href) => !href.startsWith('/') && !href.startsWith('#'))).toEqual([
      'http://example.com/%22onmouseover=%22alert(24)',
      'https://example.com/%22%3E%3Cscript%3Ealert(32)%3C/script%3E',
    ]);
  });

  it('never writes "<script" into a page, not even inside an attribute value, but for its own two scripts', async () => {
    // A quoted attribute value cannot open an element, but escaping "<" there too keeps every
    // page clean for scanners and for whoever later moves that text out of its quotes.
    for (const url of [...publicUrls(), ...HOSTILE_REQUESTS]) {
      const response = await t.app.inject({ url });
      const body = withoutOwnScripts(response.body);
      const at = body.search(/<script/i);
      expect(at < 0 ? '' : body.slice(Math.max(0, at - 60), at + 30), url).toBe('');
    }
  });

  it('echoes a hostile search as text and as the search box value, character for character', async () => {
    const query = `"><script>alert(40)</script> 'x' & y &amp; &lt;b&gt; &#34;`;
    const page = await t.app.inject({ url: `/${XSS_EVENT}/search?q=${encodeURIComponent(query)}` });

    expect(page.statusCode).toBe(200);
    expect(showsText(page.body, query)).toBe(true);
    const boxes = tags(page.body).filter((tag) => tag.name === 'input' && attribute(tag, 'name') === 'q');
    expect(boxes.length).toBeGreaterThan(0);
    for (const box of boxes) expect(attribute(box, 'value')).toBe(query);
  });

  it('keeps the hostile text intact in valid JSON on every API endpoint', async () => {
    const program = t.agenda.event(XSS_EVENT)!;
    const urls = [
      '/api/events',
      `/api/events/${XSS_EVENT}/talks`,
      `/api/events/${XSS_EVENT}/talks?q=alert`,
      ...program.talks.map((talk) => `/api/events/${XSS_EVENT}/talks/${talk.slug}`),
      `/api/events/${XSS_EVENT}/speakers`,
      `/api/events/${XSS_EVENT}/tracks`,
    ];
    for (const url of urls) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(() => JSON.parse(response.body), url).not.toThrow();
    }

    const events = (await t.app.inject({ url: '/api/events' })).json();
    expect(events.events[0].name).toBe(EVENT_NAME);
    const talks = (await t.app.inject({ url: `/api/events/${XSS_EVENT}/talks` })).json().talks;
    expect(talks.map((talk: { title: string }) => talk.title)).toEqual([SCRIPT_TITLE, ATTRIBUTE_TITLE, TITLE_BREAKER]);
    expect(talks[0].description).toBe(DESCRIPTION);
    expect(talks[0].abstract).toBe(ABSTRACT);
    expect(talks[0].speakers.map((s: { name: string }) => s.name)).toEqual([IMG_SPEAKER, SVG_SPEAKER]);
    expect(talks[0].track.name).toBe(SCRIPT_TRACK);
    expect(talks[1].track.name).toBe(QUOTE_TRACK);
    const speakers = (await t.app.inject({ url: `/api/events/${XSS_EVENT}/speakers` })).json().speakers;
    const bio = (name: string) => speakers.find((s: { name: string }) => s.name === name).biography;
    expect(bio(IMG_SPEAKER)).toBe(BIO);
    expect(bio(SVG_SPEAKER)).toBe(BIO2);
  });

  it('gives search snippets no element but <mark>, even for hostile text', async () => {
    const talks = (await t.app.inject({ url: `/api/events/${XSS_EVENT}/talks?q=alert%20script` })).json().talks;

    expect(talks.length).toBeGreaterThan(0);
    for (const talk of talks as { snippet: string }[]) {
      const elements = new Set(tags(talk.snippet).map((tag) => tag.name));
      expect([...elements]).toEqual(['mark']);
      expect(talk.snippet).not.toMatch(/<(?!\/?mark>)/);
    }
  });
});
