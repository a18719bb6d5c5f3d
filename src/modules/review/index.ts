export { NO_REVIEWS, type ReviewAggregates } from './aggregates.queries.js';
export {
  answersNamingSpeakers,
  fieldsNamingSpeakers,
  hideSpeakerNames,
  HIDDEN_NAME,
  speakerNamesIn,
  type NamedField,
} from './anonymise.js';
export {
  categoryScale,
  formatReviewCategories,
  listReviewCategories,
  parseReviewCategories,
  saveReviewCategories,
  valueLabel,
  type ReviewCategory,
} from './categories.js';
export {
  loadReviewDashboard,
  type CategorySummary,
  type ReviewDashboard,
  type ScoreDistribution,
} from './dashboard.js';
export {
  loadReviewQueue,
  nextInQueue,
  REVIEW_ORDER_NAMES,
  REVIEW_ORDERS,
  requireReviewOrder,
  type ReviewOrder,
  type ReviewQueue,
} from './review-queue.js';
export {
  decideProposal,
  decideProposals,
  MAX_PROPOSALS_PER_DECISION,
  type DecisionInput,
  type DecisionOutcome,
} from './decisions.js';
export {
  DECIDABLE_STATES,
  DECISION_NAMES,
  DECISIONS,
  isDecision,
  MAX_COMMENT_LENGTH,
  REVIEWABLE_STATES,
  REVIEWS_WANTED,
  STATE_WORDS,
  type Decision,
  type ReviewEvent,
} from './policy.js';
export {
  countProposals,
  getProposal,
  listProposals,
  listReviews,
  type AnswerView,
  type ProposalDetail,
  type ProposalList,
  type ProposalListFilter,
  type ProposalListQuery,
  type ProposalSummary,
  type ReviewListItem,
  type ReviewView,
  type SpeakerView,
} from './proposals.js';
export { categoryField, deleteReview, saveReview, type ReviewInput } from './reviews.js';
export {
  draftGroupMail,
  GROUP_AUDIENCES,
  loadGroupMailChoices,
  MAX_PICKED_SPEAKERS,
  previewGroupMail,
  type GroupAudience,
  type GroupMailChoices,
  type GroupMailInput,
  type GroupMailPlan,
  type GroupMailRecipient,
} from './group-mail.js';
