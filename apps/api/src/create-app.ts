import { type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import {
  type AppConfig,
  boundStatementsByDefault,
  type Clock,
  DEFAULT_SERVICE_SETTINGS,
  withQueryTimeout,
} from '@app/platform';
import { AppModule } from './app.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createValidationPipe } from './http/validation';
import { UndeclaredQueryGuard } from './http/query-names';
import { unitNamesFrom } from './http/unit-names';
import { PlanCatalogQueries } from '@app/plans';
import { useJsonBody } from './http/json-body';
import { RouteMethods } from './http/method-not-allowed';
import { routerErrors, useRequestChecks } from './http/request-checks';
import { useEntityTags } from './http/entity-tag';
import { answerClientErrorsWithProblems } from './http/client-error';
import { isEvidenceUpload } from './evidence/evidence-body';
import { routedTarget } from './http/request-path';
import { boundSlowClients } from './http/slow-clients';
import { finishDocument } from './http/openapi/finish-document';
import { trackConnections } from './http/graceful-close';

export interface CreateAppOptions {
  readonly config: AppConfig;
  readonly databaseUrl: string;
  /** The schema owner for the migrations (see PlatformOptions). */
  readonly migrationUrl?: string | undefined;
  readonly clock?: Clock;
  readonly logger?: false | ('fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose')[];
  /** DATABASE_QUERY_TIMEOUT_MS: the longest one statement of a request may wait for the database (0: no limit). */
  readonly queryTimeoutMs?: number;
}

const LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

/** TRUST_PROXY as Express read it: a number trusts that many hops from the socket (Fastify's own trusts none). */
function trustProxyOf(
  trust: AppConfig['trustProxy'],
): boolean | string[] | ((a: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust === false ? false : [...trust];
}

/**
 * Fastify routed as Express did: paths in any case, with or without a trailing slash (not doubled slashes), path
 * parameters of any length (a too-long id is the route's 400 or 404, not the router's); the client addresses a
 * trusted proxy reports (TRUST_PROXY). Node's parser errors and router errors are answered as problem+json here
 * (answerClientErrorsWithProblems, routerErrors), not by Fastify's defaults.
 */
function fastifyOptions(config: AppConfig) {
  return {
    trustProxy: trustProxyOf(config.trustProxy),
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: false,
      maxParamLength: 65_536,
    },
    frameworkErrors: routerErrors,
    // No fragment (find-my-way would read `#x` as a query parameter), `:close` in lower case: see routedTarget.
    rewriteUrl: routedTarget,
    clientErrorHandler: (): void => undefined,
    return503OnClosing: false,
  };
}

/**
 * Builds and initializes the HTTP application (used by main and by the e2e tests): filters, validation, limits,
 * OpenAPI; close it with `closeApiApp`.
 */
export async function createApiApp(opts: CreateAppOptions): Promise<INestApplication> {
  const logger = opts.logger ?? LEVELS.slice(0, LEVELS.indexOf(opts.config.logLevel) + 1);
  const queryTimeoutMs = opts.queryTimeoutMs ?? DEFAULT_SERVICE_SETTINGS.queryTimeoutMs;
  // Each statement of a request waits at most this long for the database (a frozen one: 503, not a hang): every
  // statement sent outside a background scope, with no per-request context (query-scope.ts: no promise hooks).
  boundStatementsByDefault(queryTimeoutMs);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config: opts.config,
      databaseUrl: opts.databaseUrl,
      migrationUrl: opts.migrationUrl,
      ...(opts.clock ? { clock: opts.clock } : {}),
    }),
    new FastifyAdapter(fastifyOptions(opts.config)),
    { bodyParser: false, logger },
  );
  const doc = new DocumentBuilder()
    .setTitle('progress-monitor API（三区并进重点任务督办）')
    .setDescription(
      'Event-sourced progress monitor for the Jiangmen 三区并进 plan 2020–2022. Every error is RFC 7807 ' +
        'problem+json with `code`, `field`, `detail` (English) and `detailZh` (Chinese).',
    )
    .setVersion('1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'opaque (pm_…)',
        description: 'API token, an opaque `pm_…` string (POST /api/v1/tokens)',
      },
      'token',
    )
    .addSecurityRequirements('token')
    .build();
  let document: OpenAPIObject | undefined;
  const documentFactory = (): OpenAPIObject =>
    (document ??= finishDocument(app, SwaggerModule.createDocument(app, doc)));
  const methods = new RouteMethods(() => documentFactory().paths);
  // A request cut for its slowness: one warning line (reason, peer), no stack, never the body.
  const httpLog = new Logger('HTTP');
  const warn = (line: string): void => httpLog.warn(line);
  answerClientErrorsWithProblems(app.getHttpServer(), methods, warn);
  boundSlowClients(app.getHttpServer(), opts.config.http, isEvidenceUpload, warn);
  trackConnections(app.getHttpServer()); // for drainHttp on shutdown
  // Before any route: headers, a clean request target, 405 for a known path; then the body (JSON only; an
  // evidence upload's file is streamed by its route); every answer in bytes tagged.
  const adapter = app.getHttpAdapter() as FastifyAdapter;
  useRequestChecks(adapter, methods, opts.config.bodyLimitBytes);
  useJsonBody(adapter.getInstance());
  useEntityTags(adapter.getInstance());
  app.useGlobalFilters(new ProblemDetailsFilter(unitNamesFrom(app.get(PlanCatalogQueries))));
  app.useGlobalPipes(createValidationPipe());
  // A query parameter the route does not declare (in the document above): 400, after the AuthGuard.
  app.get(UndeclaredQueryGuard).readDeclarationsFrom(documentFactory);
  SwaggerModule.setup('api/docs', app, documentFactory, {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });
  // The application's start (its modules' init and bootstrap: the seed plan's import, the tokens, the robots' reseal)
  // is background work: unbounded, as the migrations (PlatformModule). It runs here, in its scope: a caller's later
  // init() or listen() finds the application initialized and starts nothing. (Nest's application proxy ignores an
  // assigned `app.init`.) Its timers' later rounds declare their own scopes (startUpkeep, the purge, the warm-up, the
  // alerts' deliveries, the consumers).
  await withQueryTimeout(0, () => app.init());
  return app;
}

/** Closes the application (its modules' shutdown hooks: the consumers, the pool) as background work: unbounded. */
export function closeApiApp(app: INestApplication): Promise<void> {
  return withQueryTimeout(0, () => app.close());
}
