import { isIP } from 'node:net';
import * as path from 'node:path';
import { projectRoot } from './project-root';
import { isIsoDate, PLAN_TIME_ZONE } from '../clock/plan-dates';
import { type Env, EnvReader } from './env-reader';
import { listenHostProblem } from './listen-host';
import { type HttpTimeouts, readHttpTimeouts } from './http-timeouts';

/** Typed configuration, parsed once at boot from the environment. */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** External PostgreSQL; `undefined` = embedded PostgreSQL under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** The schema owner for the migrations with an external `databaseUrl` (`undefined`: `databaseUrl` migrates). */
  readonly databaseMigrationUrl: string | undefined;
  readonly dataDir: string;
  /** Real SMTP; `undefined` = `.eml` files under `dataDir/mail`. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly baseUrl: string;
  readonly bootstrapAdminToken: string | undefined;
  readonly planTimeZone: string;
  readonly logLevel: LogLevel;
  readonly role: ProcessRole;
  /** `postgres` (default) or `kurrentdb` (events in KurrentDB, ledger in PostgreSQL). */
  readonly eventStore: EventStoreKind;
  /** KurrentDB connection string; required with EVENT_STORE=kurrentdb. */
  readonly kurrentdbUrl: string | undefined;
  /** Prefix of every stream name in KurrentDB ('' by default). */
  readonly kurrentdbStreamPrefix: string;
  readonly consumerBatchSize: number;
  readonly consumerPollMs: number;
  /**
   * How long a consumer woken at the head of the log waits before its next batch when its last batch held more
   * than one event (appends arriving in a stream), so that the appends of those milliseconds share one batch (one
   * transaction) instead of a few each (CONSUMER_LINGER_MS). The wait ends early once no append has arrived for
   * three times the recent mean gap between appends within a burst, 10 to 25 ms (the burst is over: `LoopWaits`). A
   * lone append is applied at once. 250 ms by default: under a sustained stream the board and the monitor take a
   * batch per 150-200 events, not per 40, at about half the worker's CPU and round trips per command (bench/README
   * "http", 2026-12-07 13:44-13:58), its projections up to that much behind while the stream lasts.
   */
  readonly consumerLingerMs: number;
  readonly readYourWritesTimeoutMs: number;
  readonly bodyLimitBytes: number;
  /** How long the HTTP server waits for a slow client (see HttpTimeouts). */
  readonly http: HttpTimeouts;
  /** The largest evidence file (佐证材料) an upload may carry (EVIDENCE_MAX_BYTES, default 20 MiB). */
  readonly evidenceMaxBytes: number;
  /**
   * A command's evidence must name an uploaded file (EVIDENCE_REQUIRE_UPLOAD, default true); false keeps the
   * older fingerprint-only references (a name and a hash, no file) working for older clients.
   */
  readonly evidenceRequireUpload: boolean;
  /**
   * An uploaded evidence file no command has referenced is removed (row and bytes) once uploaded this many days
   * ago (EVIDENCE_UNREFERENCED_DAYS, default 30): a form abandoned, a file replaced before sending.
   */
  readonly evidenceUnreferencedDays: number;
  readonly rateLimitPerMinute: number;
  /**
   * Which peers' `X-Forwarded-For` is believed for the client address: `false` (none: the socket's address),
   * a hop count, or proxy addresses (`loopback`, `linklocal`, `uniquelocal`, IPs, CIDR ranges).
   */
  readonly trustProxy: TrustProxy;
  /** `Idempotency-Key` records are kept this long, then purged; a key reused later runs again. */
  readonly idempotencyRetentionHours: number;
  readonly importSeedOnStart: boolean;
  /**
   * The service's own upkeep at start and on timers (secrets re-encrypted under the current key, crashed uploads'
   * staging files swept, evidence files never referenced removed): true in the API and worker processes, false in
   * short-lived tools (the CLI, the demo), which must not rewrite or remove anything they were not asked to. Not
   * an environment setting.
   */
  readonly upkeep: boolean;
  readonly seedPlanFile: string;
  readonly holidays: readonly string[];
  readonly health: HealthThresholds;
}

export interface HealthThresholds {
  /** red when progress < redBelow × expected */
  readonly redBelow: number;
  /** amber when progress < amberBelow × expected */
  readonly amberBelow: number;
  /** amber when due within this many working days and not submitted */
  readonly amberDueWithinWorkingDays: number;
  /** grey when no report within this many days */
  readonly reportCadenceDays: number;
}

export type TrustProxy = false | number | readonly string[];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const PROCESS_ROLES = ['all', 'api', 'worker'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];
export const EVENT_STORES = ['postgres', 'kurrentdb'] as const;
export type EventStoreKind = (typeof EVENT_STORES)[number];
const KURRENTDB_URL_RE = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\/\S+$/;

/** Exit code used when the configuration is invalid (EX_CONFIG from sysexits.h). */
export const CONFIG_ERROR_EXIT_CODE = 78;

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: unset/false, a hop count 1–10, or a comma-separated list of proxy names, IPs and CIDR ranges. */
function trustProxy(r: EnvReader): TrustProxy {
  const v = r.raw('TRUST_PROXY');
  if (v === undefined || /^(false|no|off|0)$/i.test(v)) return false;
  if (/^\d+$/.test(v)) return r.int('TRUST_PROXY', 0, 1, 10);
  const entries = v.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => {
    if (PROXY_NAMES.includes(e)) return false;
    const [ip, prefix, ...rest] = e.split('/');
    const family = isIP(ip ?? '');
    if (family === 0 || rest.length > 0) return true;
    return prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  if (bad.length > 0) {
    r.problems.push(
      `TRUST_PROXY: ${bad.map((e) => `"${e}"`).join(', ')} not understood: give false, a hop count (1–10) or the ` +
        'proxies: loopback, linklocal, uniquelocal, IP addresses or CIDR ranges (never "true": any client could ' +
        'then choose its address with X-Forwarded-For)',
    );
    return false;
  }
  return entries;
}

/**
 * Parses and validates the environment; throws ConfigError listing every problem at once. HOST is tried (in a child
 * process) only with `listens`: the CLI, the demo and the worker never listen on it.
 */
export function loadConfig(env: Env = process.env, opts: { readonly listens?: boolean } = {}): AppConfig {
  const r = new EnvReader(env);
  const port = r.int('PORT', 3000, 0, 65535);
  const dataDir = path.resolve(r.raw('DATA_DIR') ?? './.data');
  const databaseUrl = r.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseMigrationUrl = r.url('DATABASE_MIGRATION_URL', ['postgres:', 'postgresql:']);
  if (databaseMigrationUrl !== undefined && databaseUrl === undefined) {
    r.problems.push(
      'DATABASE_MIGRATION_URL: needs DATABASE_URL (the embedded default already migrates as the owner)',
    );
  }
  const smtpUrl = r.url('SMTP_URL', ['smtp:', 'smtps:']);
  const baseUrl = r.url('BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  // The plan's calendar is fixed (see PLAN_TIME_ZONE); a different value would split the dates of the domain,
  // the read models and the reports, so it is refused rather than half-honoured.
  const planTimeZone = PLAN_TIME_ZONE;
  const tz = r.raw('TZ_PLAN');
  if (tz !== undefined && tz !== PLAN_TIME_ZONE) {
    r.problems.push(
      `TZ_PLAN: "${tz}" is not supported: the plan's calendar is ${PLAN_TIME_ZONE} (leave TZ_PLAN unset)`,
    );
  }
  const bootstrapAdminToken = r.raw('BOOTSTRAP_ADMIN_TOKEN');
  if (bootstrapAdminToken !== undefined && bootstrapAdminToken.length < 16) {
    r.problems.push('BOOTSTRAP_ADMIN_TOKEN: must be at least 16 characters');
  }
  const holidays = r.list('HOLIDAYS');
  for (const h of holidays) {
    if (!isIsoDate(h)) r.problems.push(`HOLIDAYS: "${h}" is not a calendar date YYYY-MM-DD`);
  }
  const health: HealthThresholds = {
    redBelow: r.ratio('HEALTH_RED_BELOW', 0.85),
    amberBelow: r.ratio('HEALTH_AMBER_BELOW', 0.95),
    amberDueWithinWorkingDays: r.int('HEALTH_AMBER_DUE_WITHIN_WORKING_DAYS', 10, 0, 365),
    reportCadenceDays: r.int('REPORT_CADENCE_DAYS', 31, 1, 366),
  };
  if (health.amberBelow < health.redBelow) {
    r.problems.push('HEALTH_AMBER_BELOW: must not be below HEALTH_RED_BELOW');
  }
  const eventStore = r.oneOf('EVENT_STORE', EVENT_STORES, 'postgres');
  const kurrentdbUrl = r.raw('KURRENTDB_URL');
  if (kurrentdbUrl !== undefined && !KURRENTDB_URL_RE.test(kurrentdbUrl)) {
    // (never echo the value: it may hold credentials)
    r.problems.push(
      'KURRENTDB_URL: not a KurrentDB connection string (kurrentdb://host:2113?tls=false, kurrentdb+discover://…)',
    );
  }
  if (eventStore === 'kurrentdb' && kurrentdbUrl === undefined) {
    r.problems.push('KURRENTDB_URL: required when EVENT_STORE=kurrentdb');
  }
  const kurrentdbStreamPrefix = r.raw('KURRENTDB_STREAM_PREFIX') ?? '';
  if (kurrentdbStreamPrefix.startsWith('$')) {
    r.problems.push('KURRENTDB_STREAM_PREFIX: must not start with $ (reserved by KurrentDB)');
  }
  const host = r.raw('HOST') ?? '0.0.0.0';
  const hostProblem = opts.listens ? listenHostProblem(host) : undefined;
  if (hostProblem !== undefined) r.problems.push(hostProblem);
  const config: AppConfig = {
    eventStore,
    kurrentdbUrl,
    kurrentdbStreamPrefix,
    port,
    host,
    databaseUrl,
    databaseMigrationUrl,
    dataDir,
    smtpUrl,
    mailFrom: r.raw('MAIL_FROM') ?? '三区并进督办系统 <noreply@progress-monitor.example.org>',
    baseUrl: baseUrl.replace(/\/+$/, ''),
    bootstrapAdminToken,
    planTimeZone,
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'log'),
    role: r.oneOf('PROCESS_ROLE', PROCESS_ROLES, 'all'),
    consumerBatchSize: r.int('CONSUMER_BATCH_SIZE', 500, 1, 100_000),
    consumerPollMs: r.int('CONSUMER_POLL_MS', 1000, 10, 600_000),
    consumerLingerMs: r.int('CONSUMER_LINGER_MS', 250, 0, 1000),
    readYourWritesTimeoutMs: r.int('READ_YOUR_WRITES_TIMEOUT_MS', 5000, 0, 60_000),
    bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 256 * 1024, 1024, 50 * 1024 * 1024),
    http: readHttpTimeouts(r),
    evidenceMaxBytes: r.int('EVIDENCE_MAX_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    evidenceRequireUpload: r.bool('EVIDENCE_REQUIRE_UPLOAD', true),
    evidenceUnreferencedDays: r.int('EVIDENCE_UNREFERENCED_DAYS', 30, 1, 36_500),
    rateLimitPerMinute: r.int('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    trustProxy: trustProxy(r),
    idempotencyRetentionHours: r.int('IDEMPOTENCY_RETENTION_HOURS', 168, 1, 87_600),
    importSeedOnStart: r.bool('IMPORT_SEED_ON_START', true),
    upkeep: true,
    seedPlanFile: path.resolve(
      r.raw('SEED_PLAN_FILE') ?? path.join(projectRoot(), 'seeds/jiangmen-sanqu-2020-2022.txt'),
    ),
    holidays,
    health,
  };
  return r.done(config);
}

export const APP_CONFIG = Symbol('APP_CONFIG');
