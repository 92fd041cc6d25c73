import { type DynamicModule, Module } from '@nestjs/common';

/** DATABASE_QUERY_TIMEOUT_MS as the API runs with it (0: none): for work of a request done outside its scope. */
export const QUERY_TIMEOUT_MS = Symbol('QUERY_TIMEOUT_MS');

/**
 * Provides QUERY_TIMEOUT_MS to every module: the bound `createApiApp` puts on each request (`withQueryTimeout`), for
 * the request work that runs after it, on the process's stop (the held Idempotency-Key answers).
 */
@Module({})
export class QueryTimeoutModule {
  static forRoot(ms: number): DynamicModule {
    return {
      module: QueryTimeoutModule,
      global: true,
      providers: [{ provide: QUERY_TIMEOUT_MS, useValue: ms }],
      exports: [QUERY_TIMEOUT_MS],
    };
  }
}
