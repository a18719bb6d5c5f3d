export { NO_REVIEWS, type ReviewAggregates } from './aggregates.queries.js';
export { fieldsNamingSpeakers, hideSpeakerNames, HIDDEN_NAME, speakerNamesIn, type NamedField } from './anonymise.js';
export { loadReviewDashboard, type ReviewDashboard, type ScoreDistribution } from './dashboard.js';
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
export { saveReview, type ReviewInput } from './reviews.js';
