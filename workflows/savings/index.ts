export * from './types';
export {
  simulateSavings,
  runTimeline,
  statutoryLimitOf,
  catalogHasStatutoryLimits,
  NOTIFY_COMMIT_DECISION_DAYS,
} from './simulate';
export {
  planFromHistory,
  PLANNED_FIRST_SECTION_DAYS,
  PLANNED_SECTION_INTERVAL_DAYS,
  type HistoryEvent,
} from './history';
export { stageWorkingDays } from './stage-days';
export { catalogForProject } from './project-catalog';
