export { enqueueWebhook, type WebhookChange } from './enqueue.js';
export {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  pauseWebhookEndpoint,
  pingWebhookEndpoint,
  resumeWebhookEndpoint,
  sendWebhookDeliveryAgain,
  DELIVERY_LOG_SIZE,
  MAX_ENDPOINTS_PER_EVENT,
  type EndpointInput,
  type EndpointOptions,
  type WebhookEndpoint,
  type WebhookEndpointDetail,
} from './endpoints.js';
export type { DeliveryListItem } from './deliveries.queries.js';
export { WEBHOOK_CHANNEL } from './deliveries.queries.js';
export { isNonPublicAddress, validateEndpointUrl } from './addresses.js';
export { postWebhook, webhookHeaders, WebhookAttemptError } from './delivery.js';
export { proposalWebhookData, talkWebhookData, webhookBody, type WebhookTalk } from './payloads.js';
export { signWebhook, verifyWebhookSignature } from './signature.js';
export { WebhookWorker, type WebhookLogger, type WebhookWorkerOptions } from './worker.js';
export {
  WEBHOOK_EVENTS,
  type WebhookDeliveryStatus,
  type WebhookEndpointStatus,
  type WebhookEvent,
} from '../../db/schema.js';
