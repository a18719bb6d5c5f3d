import type { Locator, Page } from 'playwright-core';

/** Does what a person does to leave the page (click, submit) and waits for the next page to load. */
export async function navigatingBy(page: Page, action: () => Promise<void>): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await action();
  await navigated;
  await page.waitForLoadState('load');
}

/**
 * Page objects: where things are on Lectern's public pages and how a person works them.
 * They hold locators and actions only; the tests make the assertions.
 */

export class SiteHeader {
  constructor(private readonly page: Page) {}

  get searchBox(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search talks' });
  }

  get navigation(): Locator {
    return this.page.getByRole('navigation', { name: 'Event' });
  }

  async search(words: string): Promise<void> {
    await this.searchBox.fill(words);
    await navigatingBy(this.page, () => this.page.getByRole('search').getByRole('button', { name: 'Search' }).click());
  }
}

/** What every list of talks shares: the event page, search results, track and speaker pages. */
export class TalkListPage {
  readonly header: SiteHeader;

  constructor(readonly page: Page) {
    this.header = new SiteHeader(page);
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  get resultCount(): Locator {
    return this.page.getByRole('status');
  }

  get talkCards(): Locator {
    return this.page.locator('main .talk-card');
  }

  get talkTitles(): Locator {
    return this.page.locator('main .talk-card__title');
  }

  talkLink(title: string): Locator {
    return this.page.locator('main .talk-card__title').getByRole('link', { name: title, exact: true });
  }

  async openTalk(title: string): Promise<void> {
    await navigatingBy(this.page, () => this.talkLink(title).click());
  }
}

export class ProgramPage extends TalkListPage {
  get filterForm(): Locator {
    return this.page.getByRole('form', { name: 'Filter talks' });
  }

  get trackSelect(): Locator {
    return this.filterForm.getByLabel('Track', { exact: true });
  }

  get levelSelect(): Locator {
    return this.filterForm.getByLabel('Level', { exact: true });
  }

  get clearFilters(): Locator {
    return this.filterForm.getByRole('link', { name: 'Clear filters' });
  }

  /** The headings of the track sections, in page order. */
  get trackHeadings(): Locator {
    return this.page.locator('main section > h2');
  }

  /** Chooses options by the text a person reads ("Security (3)") and submits the form. */
  async filter(choice: { track?: string; level?: string }): Promise<void> {
    if (choice.track !== undefined) await this.trackSelect.selectOption({ label: choice.track });
    if (choice.level !== undefined) await this.levelSelect.selectOption({ label: choice.level });
    await navigatingBy(this.page, () => this.filterForm.getByRole('button', { name: 'Filter' }).click());
  }
}

export class SearchPage extends TalkListPage {
  /** The highlighted words of each result, result by result. */
  async highlightsByResult(): Promise<string[][]> {
    const highlights: string[][] = [];
    for (const card of await this.talkCards.all()) highlights.push(await card.locator('mark').allTextContents());
    return highlights;
  }
}

export class TalkPage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  get byline(): Locator {
    return this.page.locator('.talk__byline');
  }

  get speakerLinks(): Locator {
    return this.byline.getByRole('link');
  }

  /** "Track" and "Level" with their values, as shown under the title. */
  async facts(): Promise<Record<string, string>> {
    const facts: Record<string, string> = {};
    for (const group of await this.page.locator('.facts > div').all()) {
      facts[(await group.locator('dt').innerText()).trim().toLowerCase()] = (
        await group.locator('dd').innerText()
      ).trim();
    }
    return facts;
  }

  get sectionHeadings(): Locator {
    return this.page.locator('article h2');
  }

  get speakerBioHeadings(): Locator {
    return this.page.locator('.speaker-bio h3');
  }

  async openSpeaker(name: string): Promise<void> {
    await navigatingBy(this.page, () => this.byline.getByRole('link', { name, exact: true }).click());
  }
}

export class SpeakerPage extends TalkListPage {
  get biography(): Locator {
    return this.page.locator('section[aria-labelledby="bio"] .prose');
  }
}
