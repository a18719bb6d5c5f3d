/* global self, caches, fetch, Response, URL, CONFIG */
// Lectern's service worker: an event's public pages, read offline.
//
// Served at /sw.js (scope "/") by src/web/routes/public/offline.ts, which puts `CONFIG` before
// this text: { assets: [the public pages' hashed asset URLs], reserved: [first path segments
// that are never an event: the back office, accounts, the API] }.
//
// What it keeps: the assets (at install), an event's public pages and its JSON (the URL list
// at /api/events/{event}/pages, fetched when a page of the event asks), and every public page
// of an event opened since (any path under /{event}/, so pages added later are kept too).
// What it never keeps: anything outside an event's public pages (the back office, the speaker
// area, accounts, login and signup pass by untouched), a search, a response that is not a 200
// of this origin, or one marked private or no-store. Pages and the JSON are asked from the
// network first; the copy kept is used only when the network fails.
'use strict';

const CACHE = 'lectern-offline-v1';
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RESERVED = new Set(CONFIG.reserved);
/** Pages fetched at once while keeping an event: enough to be quick, few enough to leave the site answering others. */
const PARALLEL = 4;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(CONFIG.assets))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('lectern-') && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** The event a same-origin URL belongs to, and whether it is a page or the event's JSON; undefined outside. */
function placeOf(url) {
  if (url.origin !== self.location.origin) return undefined;
  const parts = url.pathname.split('/');
  if (parts[1] === 'assets') return { kind: 'asset' };
  if (parts[1] === 'api') {
    if (parts[2] === 'events' && SLUG.test(parts[3] || '') && parts.length > 4)
      return { kind: 'json', event: parts[3] };
    return undefined;
  }
  const event = parts[1] || '';
  if (!SLUG.test(event) || RESERVED.has(event)) return undefined;
  // Search asks the database; its answers are not worth keeping.
  if (parts[2] === 'search') return undefined;
  return { kind: 'page', event };
}

/** Whether a response may be kept: a 200 of this origin that nobody marked private. */
function keepable(response) {
  if (!response || response.status !== 200 || response.type !== 'basic') return false;
  // A worker never sees Set-Cookie (a forbidden header); the server marks such answers no-store.
  if (response.headers.has('set-cookie')) return false;
  return !/\b(no-store|private)\b/i.test(response.headers.get('cache-control') || '');
}

async function fromCache(request) {
  return caches.match(request, { ignoreVary: true });
}

async function cacheFirst(request) {
  const kept = await fromCache(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (keepable(response)) await (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

function offlineFallback() {
  return new Response(
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Offline · Lectern</title>' +
      '<h1>You are offline</h1><p>This page was not saved on this device.</p></html>',
    { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } },
  );
}

async function networkFirst(request, place) {
  try {
    // Revalidated (a 304 while unchanged): the browser's HTTP cache would otherwise answer for
    // up to a minute, offline too, with a page the program may have dropped.
    const response = await fetch(request, { cache: 'no-cache' });
    // The event's JSON is kept only by keepEvent: the copy kept is what the page script
    // compares a new release against.
    if (place.kind === 'page' && keepable(response)) {
      await (await caches.open(CACHE)).put(request, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await fromCache(request);
    if (kept) return kept;
    if (request.mode === 'navigate') {
      return (await fromCache(`/${place.event}/offline`)) || offlineFallback();
    }
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const place = placeOf(new URL(request.url));
  if (!place) return;
  event.respondWith(place.kind === 'asset' ? cacheFirst(request) : networkFirst(request, place));
});

/**
 * Keeps every page of the event that its URL list names, unless the list's version is the one
 * kept already. The list itself is stored last: a run cut short is done again next time.
 */
async function keepEvent(slug) {
  const cache = await caches.open(CACHE);
  const listUrl = `/api/events/${slug}/pages`;
  const response = await fetch(listUrl, { cache: 'no-store' });
  if (!keepable(response)) return false;
  const list = await response.clone().json();
  const kept = await cache.match(listUrl, { ignoreVary: true });
  if (kept && (await kept.json()).version === list.version) return true;
  const queue = list.urls.slice();
  async function work() {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      try {
        const page = await fetch(url, { cache: 'no-cache' });
        if (keepable(page)) await cache.put(url, page);
      } catch {
        // One page missing is no reason to keep none; the next visit tries again.
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, work));
  // A talk, speaker, track or day no longer on the program: its page goes, so that offline it
  // says it was not kept rather than show what is no longer true.
  const listed = new Set(list.urls);
  const stems = ['talks', 'speakers', 'tracks', 'schedule'].map((part) => `/${slug}/${part}/`);
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    const path = url.pathname;
    if (stems.some((stem) => path.startsWith(stem)) && !listed.has(path)) await cache.delete(request);
    // A page of a long list (the program, the speakers, a track) past its end now.
    else if (/^\?page=\d+$/.test(url.search) && placeOf(url)?.event === slug && !listed.has(path + url.search)) {
      await cache.delete(request);
    }
  }
  await cache.put(listUrl, response);
  return true;
}

self.addEventListener('message', (event) => {
  const message = event.data || {};
  const port = event.ports[0];
  if (message.type !== 'keep-event' || !SLUG.test(message.event || '') || !port) return;
  event.waitUntil(
    keepEvent(message.event).then(
      (kept) => port.postMessage({ kept }),
      () => port.postMessage({ kept: false }),
    ),
  );
});
