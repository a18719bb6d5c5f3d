export {
  countDrafts,
  deleteDraft,
  enqueueMail,
  getOutboxMessage,
  listOutbox,
  retryMail,
  sendDrafts,
  OUTBOX_CHANNEL,
  OUTBOX_PAGE_SIZE,
  type OutboxMessage,
  type OutboxPage,
  type OutgoingMail,
} from './outbox.js';
export type { OutboxListItem } from './outbox.queries.js';
export {
  EDITABLE_TEMPLATES,
  GROUP_MAIL_PLACEHOLDERS,
  getTemplate,
  isEditableTemplateKey,
  listTemplates,
  loadTemplate,
  previewTemplate,
  renderTemplate,
  resetTemplate,
  saveTemplate,
  validateGroupMail,
  validateTemplate,
  type EditableTemplateKey,
  type EventTemplate,
  type MailTemplate,
  type TemplateDefinition,
} from './templates.js';
export { mayReadBody } from './policy.js';
export { MailWorker, type MailWorkerOptions } from './worker.js';
export { retryDelayMs, type MailLogger } from './delivery.js';
