// The schedule solver's public face inside the schedule module (which re-exports it).
export { computeLowerBound, type BoundOptions, type BoundResult, type SlotSets } from './bound.js';
export { evaluateAssignments, type Evaluation } from './evaluate.js';
export { BENCH_SIZES, generateInstance, type BenchInstance, type InstanceSize } from './generate.js';
export {
  BENCH_FORMAT,
  InstanceError,
  orderSlots,
  readScheduleProblem,
  slotsOccupied,
  type Assignment,
  type ScheduleProblem,
  type SolverBallot,
  type SolverRoom,
  type SolverSlot,
  type SolverTalk,
} from './instance.js';
export type { ObjectiveTerms, ObjectiveWeights } from './objective.js';
export { solveSchedule, type SolveOptions, type SolveProgress, type SolveResult, type UnplacedTalk } from './search.js';
export { proposeSchedule, type ProposeOptions, type ProposeProgress, type ProposeResult } from './propose.js';
export { proposeScheduleInWorker, type WorkerOptions } from './worker.js';
