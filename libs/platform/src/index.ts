export {
  type BatchLimits,
  type BatchRunner,
  type BatchStats,
  GroupCommit,
  type UnitOutcome,
} from './batching/group-commit';
export { runServiceProcess } from './bootstrap/service-process';
export { beginShutdown, shutdownSignal } from './bootstrap/shutdown';
export { PORT_UNAVAILABLE_EXIT_CODE } from './bootstrap/port-check';
export {
  DEFAULT_SERVICE_SETTINGS,
  type ServiceSettings,
  loadServiceSettings,
  stopDeadlineMs,
} from './bootstrap/service-settings';
export { Clock, FixedClock } from './clock/clock';
export {
  addDays,
  dateInZone,
  daysBetween,
  endOfDayInZone,
  isIsoDate,
  type IsoDate,
  MIN_DATE_YEAR,
  PLAN_TIME_ZONE,
} from './clock/plan-dates';
export { isInPlanCalendar, parseIsoInstant, parseKnownAt } from './clock/instants';
export { formatPlanTime, timeInZone } from './clock/plan-time';
export {
  APP_CONFIG,
  type AppConfig,
  CONFIG_ERROR_EXIT_CODE,
  type HealthThresholds,
  loadConfig,
} from './config/app-config';
export { ConfigError, type Env, EnvReader } from './config/env-reader';
export { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from './config/http-timeouts';
export { projectRoot } from './config/project-root';
export { startUpkeep } from './config/upkeep';
export { dataSourceOptions } from './database/data-source-options';
export { DATABASE_STATES, DatabaseHealth } from './database/database-health';
export { DATABASE_OUTAGES, type DatabaseOutage, databaseOutageOf } from './database/database-unavailable';
export { assertTestDatabase, withDatabaseName } from './database/database-url';
export { EmbeddedPostgresServer, freePort } from './database/embedded-postgres';
export { cancelledError, queryTimeoutError } from './database/query-timeout';
export {
  boundStatementsByDefault,
  defaultQueryTimeout,
  queryCancelOfScope,
  queryTimeoutOfScope,
  startUnbounded,
  withQueryTimeout,
} from './database/query-scope';
export { type PreparedStatement, preparedStatement, queryPrepared } from './database/prepared-statement';
export { queryAffected, queryReturning } from './database/query-returning';
export { resolveSharedDatabase } from './database/shared-database';
export {
  AppError,
  assertUnreachable,
  type ErrorInit,
  type ErrorKind,
  invalidParam,
} from './errors/app-error';
export { createFileOnce } from './files/create-file-once';
export { DATABASE_URL, PlatformModule, type PlatformOptions } from './platform.module';
export { findForbiddenCharacter } from './text/forbidden-characters';
