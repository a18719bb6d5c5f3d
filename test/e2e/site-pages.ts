import type { Locator, Page } from 'playwright-core';
import { navigatingBy } from './pages.js';

/**
 * Page objects for the signed-in site: account pages, the speaker area and the back office.
 * They hold locators and the actions a person takes; the tests make the assertions.
 */

/** What every page of the signed-in site shares: its heading, flash message, navigation and form errors. */
export class SitePage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  /** The one-time message shown after a form was sent ("Your review is saved."). */
  get flash(): Locator {
    return this.page.locator('main > .flash');
  }

  get accountNavigation(): Locator {
    return this.page.getByRole('navigation', { name: 'Account' });
  }

  /** The list of a refused form's problems, at the top of the form. */
  get errorSummary(): Locator {
    return this.page.locator('.form-errors');
  }

  /** The summary's entries, as read: "Title: …". */
  get errorSummaryItems(): Locator {
    return this.errorSummary.getByRole('listitem');
  }

  /** Follows a link of the page's main content (not the header's or the navigation's). */
  async follow(name: string): Promise<void> {
    await navigatingBy(this.page, () =>
      this.page.locator('main').getByRole('link', { name, exact: true }).first().click(),
    );
  }

  async press(button: string, within: Locator = this.page.locator('main')): Promise<void> {
    await navigatingBy(this.page, () => within.getByRole('button', { name: button, exact: true }).click());
  }
}

export class LoginPage extends SitePage {
  get email(): Locator {
    return this.page.getByLabel('Email (required)');
  }

  get password(): Locator {
    return this.page.getByLabel('Password (required)');
  }

  async logIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.press('Log in');
  }
}

export class SignupPage extends SitePage {
  async signUp(person: { name: string; email: string; password: string }): Promise<void> {
    await this.page.getByLabel('Your name (required)').fill(person.name);
    await this.page.getByLabel('Email (required)').fill(person.email);
    await this.page.getByLabel('Password (required)').fill(person.password);
    await this.press('Create account');
  }
}

/** An event's call for proposals, as speakers see it before proposing. */
export class CfpPage extends SitePage {
  get status(): Locator {
    return this.page.locator('main .cfp-state');
  }
}

export interface ProposalValues {
  title?: string;
  description?: string;
  abstract?: string;
  track?: string;
  level?: string;
  duration?: string;
  notes?: string;
  biography?: string;
  /** Question label → answer. */
  answers?: Record<string, string>;
}

/** The proposal form: new, or the edit form on a proposal's page. Fields are found by their labels. */
export class ProposalFormPage extends SitePage {
  get form(): Locator {
    return this.page
      .locator('main form.form')
      .filter({ has: this.page.getByRole('button', { name: 'Submit proposal' }) });
  }

  /** A field by the start of its label ("Title" finds "Title (required)"). */
  field(label: string): Locator {
    return this.form.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(required\\))?$`));
  }

  async fill(values: ProposalValues): Promise<void> {
    const texts: [string, string | undefined][] = [
      ['Title', values.title],
      ['Description', values.description],
      ['Abstract', values.abstract],
      ['Notes to the organisers', values.notes],
      ['Your biography', values.biography],
      ...Object.entries(values.answers ?? {}),
    ];
    for (const [label, value] of texts) if (value !== undefined) await this.field(label).fill(value);
    const choices: [string, string | undefined][] = [
      ['Track', values.track],
      ['Level', values.level],
      ['Talk length', values.duration],
    ];
    for (const [label, value] of choices)
      if (value !== undefined) await this.field(label).selectOption({ label: value });
  }

  async submitProposal(): Promise<void> {
    await this.press('Submit proposal', this.form);
  }
}

/** One proposal, as its speakers see it. */
export class SpeakerProposalPage extends SitePage {
  get state(): Locator {
    return this.page.locator('main .state').first();
  }

  /** The sentence beside the state badge: what it means and what to do next. */
  get stateExplanation(): Locator {
    return this.state.locator('xpath=following-sibling::span[1]');
  }

  get confirmation(): Locator {
    return this.page.getByRole('region', { name: 'Will you give this talk?' });
  }

  async confirm(): Promise<void> {
    await this.press('Confirm: I will give this talk', this.confirmation);
  }
}

/** A data table's rows as the cells people read, keyed by column heading. */
async function tableRows(table: Locator): Promise<Record<string, string>[]> {
  const headings = (await table.locator('thead th').allInnerTexts()).map((text) => text.replace(/[▲▼]/g, '').trim());
  const rows: Record<string, string>[] = [];
  for (const row of await table.locator('tbody tr').all()) {
    const cells = await row.locator('td, th').allInnerTexts();
    const values: Record<string, string> = {};
    headings.forEach((heading, i) => {
      if (heading) values[heading] = (cells[i] ?? '').replace(/\s+/g, ' ').trim();
    });
    rows.push(values);
  }
  return rows;
}

export class SpeakerProposalListPage extends SitePage {
  rows(): Promise<Record<string, string>[]> {
    return tableRows(this.page.locator('main table.data'));
  }
}

/** A page of one event's back office, with its navigation. */
export class OrgaPage extends SitePage {
  get navigation(): Locator {
    return this.page.locator('nav.orga-nav');
  }

  async openSection(name: string): Promise<void> {
    await navigatingBy(this.page, () => this.navigation.getByRole('link', { name, exact: true }).click());
  }
}

export class EventSettingsPage extends OrgaPage {
  field(label: string): Locator {
    return this.page.locator('main form').getByLabel(label, { exact: true });
  }

  async openCallForProposals(window: { opens: string; closes: string }): Promise<void> {
    await this.field('Call for proposals opens').fill(window.opens);
    await this.field('Call for proposals closes').fill(window.closes);
  }

  async setReviewScale(lowest: number, highest: number): Promise<void> {
    await this.field('Lowest score (required)').fill(String(lowest));
    await this.field('Highest score (required)').fill(String(highest));
  }

  async save(): Promise<void> {
    await this.press('Save settings');
  }
}

/** The organisers' page of the proposal form: fields and the event's own questions. */
export class ProposalFormSettingsPage extends OrgaPage {
  get addQuestionForm(): Locator {
    return this.page.getByRole('form', { name: 'Add a question' });
  }

  questionRows(): Promise<Record<string, string>[]> {
    return tableRows(this.page.getByRole('region', { name: 'Questions' }).locator('table.data'));
  }

  async addQuestion(question: {
    label: string;
    helpText?: string;
    required: boolean;
    isPublic: boolean;
  }): Promise<void> {
    const form = this.addQuestionForm;
    await form.getByLabel('Question (required)').fill(question.label);
    if (question.helpText) await form.getByLabel('Help text').fill(question.helpText);
    await form.getByLabel('Kind').selectOption({ label: 'Text' });
    await form.getByLabel('Speakers must answer it to submit').setChecked(question.required);
    await form.getByLabel(/^Public:/).setChecked(question.isPublic);
    await this.press('Add question', form);
  }
}

/** The back office's list of proposals, with its filters and scores. */
export class OrgaProposalListPage extends OrgaPage {
  get table(): Locator {
    return this.page.locator('main table.data');
  }

  rows(): Promise<Record<string, string>[]> {
    return tableRows(this.table);
  }

  async openProposal(title: string): Promise<void> {
    await navigatingBy(this.page, () => this.table.getByRole('link', { name: title, exact: true }).click());
  }
}

/** One proposal in the back office: its text, reviews, the review form and the decision. */
export class OrgaProposalPage extends OrgaPage {
  get state(): Locator {
    return this.page.locator('main .state').first();
  }

  get reviewForm(): Locator {
    return this.page.getByRole('region', { name: /^(Your review|Change your review)$/ });
  }

  get reviews(): Locator {
    return this.page.getByRole('region', { name: 'Reviews' });
  }

  /** The headings of the reviews: "Rita Reviewer (you): 4 of 5". */
  get reviewHeadings(): Locator {
    return this.reviews.getByRole('heading', { level: 3 });
  }

  get speakers(): Locator {
    return this.page.getByRole('region', { name: 'Speakers' });
  }

  get decision(): Locator {
    return this.page.getByRole('region', { name: 'Decision' });
  }

  async review(review: { score?: number; comment: string }): Promise<void> {
    const form = this.reviewForm;
    if (review.score !== undefined) await form.getByRole('radio', { name: String(review.score), exact: true }).check();
    await form.getByLabel('Comment').fill(review.comment);
    await this.press('Save review', form);
  }

  async decide(decision: 'Accept' | 'Reject' | 'Wait-list'): Promise<void> {
    await this.press(decision, this.decision);
  }
}

export class OutboxPage extends OrgaPage {
  rows(): Promise<Record<string, string>[]> {
    return tableRows(this.page.locator('main table.data'));
  }

  async openMessage(subject: string): Promise<void> {
    await this.follow(subject);
  }

  /** The text of the mail on a message's page. */
  get mailBody(): Locator {
    return this.page.locator('main .mail-body');
  }
}
