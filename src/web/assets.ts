import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { iconPng, iconSvg } from './icons.js';

/**
 * Static assets, read once at start and served under a name that carries their hash,
 * so browsers may keep them for a year and still never see a stale one.
 */
export interface Asset {
  url: string;
  contentType: string;
  body: Buffer;
}

function load(file: string, contentType: string): Asset {
  return asset(file, contentType, readFileSync(new URL(`./assets/${file}`, import.meta.url)));
}

function asset(file: string, contentType: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const [name, extension] = file.split('.') as [string, string];
  return { url: `/assets/${name}.${hash}.${extension}`, contentType, body };
}

export const stylesheet = load('lectern.css', 'text/css; charset=utf-8');

/** Extra styles of the signed-in site (forms, tables, back office); public pages never load them. */
export const siteStylesheet = load('site.css', 'text/css; charset=utf-8');

/**
 * Drag and drop for the schedule editor. The Content Security Policy allows no inline script:
 * it is a file of its own, and the editor works without it (every drop is a form it fills).
 */
export const scheduleEditorScript = load('schedule-editor.js', 'text/javascript; charset=utf-8');

/**
 * The proposal page's progress: it polls the progress route and updates the figures, then
 * reloads for the result. Without it, the page refreshes itself every 2 seconds.
 */
export const scheduleProposalScript = load('schedule-proposal.js', 'text/javascript; charset=utf-8');

/** The room and hallway screens' styles: a kiosk layout of their own, big type, no navigation. */
export const screenStylesheet = load('screens.css', 'text/css; charset=utf-8');

/** The embedded program's styles: the /{event}/embed page links them, the widget carries them. */
export const embedStylesheet = load('embed.css', 'text/css; charset=utf-8');

/** The <lectern-schedule> element, served at /{event}/widget.js with the embed styles put before it. */
export const widgetSource = readFileSync(new URL('./assets/widget.js', import.meta.url), 'utf8');

/** The stars of My agenda, on every public page: they stay hidden without it. */
export const myAgendaScript = load('my-agenda.js', 'text/javascript; charset=utf-8');

/** The site's icon, linked from every page's head (browsers then never ask for /favicon.ico). */
export const favicon = load('favicon.svg', 'image/svg+xml');

/**
 * Every public page's one script: it registers the service worker (offline reading) and says
 * when the schedule changed under a visitor's starred talks. The pages work without it.
 */
export const offlineScript = load('offline.js', 'text/javascript; charset=utf-8');

/** The app icon, for the web app manifest (see icons.ts). */
export const icons = {
  svg: asset('icon.svg', 'image/svg+xml', Buffer.from(iconSvg(), 'utf8')),
  png192: asset('icon-192.png', 'image/png', iconPng(192)),
  png512: asset('icon-512.png', 'image/png', iconPng(512)),
};

export const assets: Asset[] = [
  stylesheet,
  siteStylesheet,
  scheduleEditorScript,
  scheduleProposalScript,
  screenStylesheet,
  embedStylesheet,
  myAgendaScript,
  favicon,

  offlineScript,
  icons.svg,
  icons.png192,
  icons.png512,
];

/** What the service worker keeps from the first visit on: what public pages load. */
export const publicAssets: Asset[] = [
  stylesheet,
  myAgendaScript,
  offlineScript,
  favicon,
  icons.svg,
  icons.png192,
  icons.png512,
];
