export { apiTokenActor, loadActor, rolesAt, type Actor, type ActorUser, type EventRoles } from './actor.js';
export {
  isOrganiser,
  isReviewer,
  isTeamMember,
  requireActor,
  requireOrganiser,
  requireTeamMember,
  visibleTrackIds,
} from './policy.js';
