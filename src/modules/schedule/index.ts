export { diffReleases } from './changelog.js';
export { requireScheduleOrganiser } from './policy.js';
export {
  countUnplacedTalks,
  latestRelease,
  listReleases,
  releaseSchedule,
  releaseScheduleWithin,
  snapshotWorkInProgress,
  type ReleaseInput,
  type ReleaseSummary,
  type ScheduleEventRef,
  type StoredRelease,
} from './releases.js';
export type {
  ChangePlace,
  ReleasedDay,
  ReleasedRoom,
  ReleasedSchedule,
  ReleasedSlot,
  ScheduleChange,
  ScheduleChangeKind,
} from './release-snapshot.js';
