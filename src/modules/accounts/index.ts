// The actor and the role checks live in access, below mail, so that accounts can queue mail
// and mail can check roles without a cycle; accounts stays the one entry for the layers above.
export {
  apiTokenActor,
  loadActor,
  rolesAt,
  isOrganiser,
  isReviewer,
  isTeamMember,
  requireActor,
  requireOrganiser,
  requireTeamMember,
  visibleTrackIds,
  type Actor,
  type ActorUser,
  type EventRoles,
} from '../access/index.js';
export {
  actorForApiToken,
  createApiToken,
  listApiTokens,
  revokeAccountApiTokens,
  revokeApiToken,
  API_TOKEN_PREFIX,
  type ApiTokenInfo,
} from './api-tokens.js';
export { MIN_PASSWORD_LENGTH } from './passwords.js';
export {
  createSession,
  deleteExpiredSessions,
  endAllSessions,
  endSession,
  findSession,
  rotateSession,
  SESSION_DAYS,
  SESSION_MAX_DAYS,
  type Session,
} from './sessions.js';
export {
  addTeamMember,
  createOrganiser,
  listTeam,
  organiserAddresses,
  removeTeamMember,
  type TeamMember,
} from './team.js';
export {
  authenticate,
  canLogIn,
  changePassword,
  createSetPasswordLink,
  ensureUser,
  findUserByEmail,
  mailVerificationLink,
  normaliseEmail,
  peekToken,
  requestPasswordReset,
  setPasswordWithToken,
  signUp,
  updateProfile,
  verifyEmail,
  VERIFY_LINK_HOURS,
  type Authentication,
  type PasswordChange,
  type User,
} from './users.js';
export { installationSecret } from './installation-secret.js';
export {
  createFirstOrganiser,
  issueSetupToken,
  needsFirstOrganiser,
  requireSetupToken,
  SETUP_LINK_HOURS,
} from './first-run.js';
