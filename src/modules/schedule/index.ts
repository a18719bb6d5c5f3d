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
export {
  addDay,
  createDaysFromEventDates,
  countSlotsByDay,
  dayLabel,
  formatDay,
  formatRange,
  formatTime,
  getDay,
  listDays,
  localInstant,
  localValue,
  removeDay,
  updateDay,
  type DayInput,
  type DayItem,
  type ScheduleEvent,
} from './days.js';
export {
  createRoom,
  deleteRoom,
  getRoom,
  listRooms,
  moveRoom,
  updateRoom,
  type RoomInput,
  type RoomItem,
} from './rooms.js';
export {
  addBlock,
  getBlock,
  listBlocks,
  placeTalk,
  removeBlock,
  unscheduleTalk,
  updateBlock,
  BLOCK_KINDS,
  type BlockInput,
  type BlockItem,
  type BlockKind,
  type PlaceTalkInput,
  type Placement,
} from './placements.js';
export { listScheduleWarnings, type ScheduleWarning, type WarningKind } from './conflicts.js';
export {
  addOwnAvailability,
  listOwnAvailability,
  listSpeakerAvailability,
  removeOwnAvailability,
  type AvailabilityInput,
  type AvailabilityWindow,
} from './availability.js';
export {
  loadReleasePreview,
  loadScheduleEditor,
  loadTalkPlacement,
  ROOMS_PER_PAGE,
  UNPLACED_PER_PAGE,
  type EditorQuery,
  type EditorSlot,
  type EditorTalk,
  type GridCell,
  type GridRow,
  type ReleasePreview,
  type ScheduleEditor,
  type TalkPlacement,
} from './editor.js';
export {
  layOutGrid,
  type GridItem,
  type GridModel,
  type GridOptions,
  type GridOverlaps,
  type GridPlacement,
  type GridRows,
} from './grid.js';
