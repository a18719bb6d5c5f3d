export { apiTokenActor, loadActor, rolesAt, type Actor, type ActorUser, type EventRoles } from './actor.js';
export {
  actorForApiToken,
  createApiToken,
  listApiTokens,
  revokeApiToken,
  API_TOKEN_PREFIX,
  type ApiTokenInfo,
} from './api-tokens.js';
export { MIN_PASSWORD_LENGTH } from './passwords.js';
export {
  isOrganiser,
  isReviewer,
  isTeamMember,
  requireActor,
  requireOrganiser,
  requireTeamMember,
  visibleTrackIds,
} from './policy.js';
export {
  createSession,
  deleteExpiredSessions,
  endSession,
  findSession,
  rotateSession,
  SESSION_DAYS,
  type Session,
} from './sessions.js';
export { addTeamMember, createOrganiser, listTeam, removeTeamMember, type TeamMember } from './team.js';
export {
  authenticate,
  changePassword,
  createSetPasswordLink,
  ensureUser,
  findUserByEmail,
  normaliseEmail,
  peekToken,
  requestPasswordReset,
  setPasswordWithToken,
  signUp,
  updateProfile,
  type User,
} from './users.js';
export { installationSecret } from './installation-secret.js';
