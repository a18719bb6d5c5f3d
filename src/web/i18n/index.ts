import { AsyncLocalStorage } from 'node:async_hooks';
import { IntlMessageFormat } from 'intl-messageformat';
import { escapeHtml } from '../../shared/html.js';
import { en, type MessageKey } from './messages/en.js';
import { de } from './messages/de.js';

/**
 * The languages of the public pages. Each has one catalogue of ICU messages (messages/*.ts);
 * English is the source and the default. The back office stays English for now.
 */
export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export type Catalogue = Record<MessageKey, string>;
export type { MessageKey };

export const CATALOGUES: Record<Locale, Catalogue> = { en, de };

/** The language names as the switch shows them: each in its own language. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', de: 'Deutsch' };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'de';
}

/*
 * Compiling a message parses it; a page asks for the same few hundred messages over and over
 * (a schedule day has a star per talk), so each is compiled once per language, on first use.
 */
const compiled: Record<Locale, Map<MessageKey, IntlMessageFormat>> = { en: new Map(), de: new Map() };

export function compileMessage(message: string, locale: Locale): IntlMessageFormat {
  // ignoreTag: our messages are text, and "<" in one is a character, not rich-text markup.
  return new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
}

function messageFormat(locale: Locale, key: MessageKey): IntlMessageFormat {
  let format = compiled[locale].get(key);
  if (!format) {
    format = compileMessage(CATALOGUES[locale][key], locale);
    compiled[locale].set(key, format);
  }
  return format;
}

/** What a render needs to know about the request it answers. */
export interface RenderContext {
  locale: Locale;
  /** The page's address without `lang`, for the language switch: "/pybay-2016?track=web". */
  here?: string | undefined;
}

/*
 * Pages are rendered deep inside components that know nothing of the request; the language
 * travels with the render (across the awaits of a search) rather than through every prop.
 */
const context = new AsyncLocalStorage<RenderContext>();

/** Runs `render` with `t` and the date formats speaking `locale`. */
export function renderIn<T>(render: RenderContext, build: () => T): T {
  return context.run(render, build);
}

/** The language of the render under way; English outside one (the back office, the API). */
export function currentLocale(): Locale {
  return context.getStore()?.locale ?? DEFAULT_LOCALE;
}

export function currentAddress(): string | undefined {
  return context.getStore()?.here;
}

export type MessageValues = Record<string, string | number | Date>;

/** The message `key` in the current language, as plain text: escape it where it meets HTML. */
export function t(key: MessageKey, values?: MessageValues): string {
  return tIn(currentLocale(), key, values);
}

export function tIn(locale: Locale, key: MessageKey, values?: MessageValues): string {
  return messageFormat(locale, key).format(values) as string;
}

/** The message as HTML text: for element content, where the JSX runtime would not escape it. */
export function html(key: MessageKey, values?: MessageValues): JSX.Element {
  return escapeHtml(t(key, values));
}

/**
 * The language an `Accept-Language` header (RFC 9110 §12.5.4) prefers among ours: the
 * highest q-value that names one ("de-DE", "de;q=0.9"), English when none does.
 */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  let best: Locale = DEFAULT_LOCALE;
  let bestWeight = 0;
  for (const part of acceptLanguage.split(',', 32)) {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    if (!range) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    if (!Number.isFinite(weight) || weight <= bestWeight) continue;
    const primary = range.trim().split('-')[0];
    if (isLocale(primary)) {
      best = primary;
      bestWeight = weight;
    }
  }
  return best;
}
