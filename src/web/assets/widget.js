/* global document, location, URL, HTMLElement, Document, CSSStyleSheet, fetch, getComputedStyle, CustomEvent, customElements, LECTERN_EMBED_CSS, LECTERN_MESSAGES */
// <lectern-schedule event="pybay-2016" day="2016-08-20" track="web" room="main-hall">: the
// event's program on another site. It shows the same fragment as the /{event}/embed page,
// fetched from the Lectern that served this script, in a shadow root with the same styles.
// The server puts the styles in LECTERN_EMBED_CSS before this file, and the widget's own words
// in each language in LECTERN_MESSAGES. lang="de" on the element picks the language (of the
// fragment too); without it, the host page's <html lang>, else English.
(() => {
  const script = document.currentScript;
  const origin = script ? new URL(script.src).origin : location.origin;
  // The event of the script's own address (/{event}/widget.js) when the element names none.
  const scriptEvent = script ? decodeURIComponent(new URL(script.src).pathname.split('/')[1] || '') : '';
  const FILTERS = ['day', 'track', 'room'];
  let sheet;

  class LecternSchedule extends HTMLElement {
    static get observedAttributes() {
      return ['event', 'lang', ...FILTERS];
    }

    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
      if (!sheet && 'adoptedStyleSheets' in Document.prototype) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(LECTERN_EMBED_CSS);
      }
      if (sheet) this.shadowRoot.adoptedStyleSheets = [sheet];
      else {
        const style = document.createElement('style');
        style.textContent = LECTERN_EMBED_CSS;
        this.shadowRoot.append(style);
      }
      this.content = document.createElement('div');
      this.content.setAttribute('part', 'content');
      this.shadowRoot.append(this.content);
    }

    connectedCallback() {
      this.load();
    }

    attributeChangedCallback() {
      if (this.isConnected) this.load();
    }

    /** The element's lang, else the page's, as one of Lectern's languages; English otherwise. */
    language() {
      const wanted = (this.getAttribute('lang') || document.documentElement.lang || 'en').toLowerCase().split('-')[0];
      return Object.hasOwn(LECTERN_MESSAGES, wanted) ? wanted : 'en';
    }

    async load() {
      const event = this.getAttribute('event') || scriptEvent;
      const url = new URL(`/${encodeURIComponent(event)}/embed.html`, origin);
      for (const name of FILTERS) {
        const value = this.getAttribute(name);
        if (value) url.searchParams.set(name, value);
      }
      const lang = this.language();
      url.searchParams.set('lang', lang);
      const messages = LECTERN_MESSAGES[lang];
      const asked = url.href;
      this.asked = asked;
      this.setAttribute('aria-busy', 'true');
      try {
        const response = await fetch(asked, { mode: 'cors', credentials: 'omit' });
        const html = await response.text();
        // A slower answer to an older request must not replace a newer one.
        if (this.asked !== asked) return;
        // The fragment is Lectern's own escaped HTML (or, on an error, its plain message).
        if (response.ok) this.content.innerHTML = html;
        else this.content.textContent = messages.failed.replace('{status}', String(response.status));
        const root = this.content.querySelector('[data-accent]');
        if (root && !getComputedStyle(this).getPropertyValue('--lectern-accent').trim()) {
          this.style.setProperty('--lectern-accent', root.getAttribute('data-accent'));
        }
      } catch {
        if (this.asked === asked) this.content.textContent = messages.unreachable;
      } finally {
        if (this.asked === asked) {
          this.removeAttribute('aria-busy');
          this.dispatchEvent(new CustomEvent('lectern-load', { bubbles: true }));
        }
      }
    }
  }

  if (!customElements.get('lectern-schedule')) customElements.define('lectern-schedule', LecternSchedule);
})();
