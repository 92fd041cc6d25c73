import { AsyncLocalStorage } from 'node:async_hooks';

/** A background scope's bound (0: none) and what cuts its statements off before it (the process stopping). */
export interface Scope {
  readonly ms: number;
  readonly cancel?: AbortSignal;
}

/**
 * Requests' statements are bounded BY DEFAULT, with no per-request context: the API process sets the bound once
 * (`boundStatementsByDefault`, createApiApp) and every statement sent outside a background scope carries it. The
 * exceptions, background work of the API process that no request's bound may cut (the migrations, the application's
 * start and stop (createApiApp, closeApiApp), the warm-up, the reference data's refresh, the sweepers and purges, and with PROCESS_ROLE=all the
 * consumers, the follower and the alerts' deliveries), declare themselves: `withQueryTimeout` (a bound of their own, 0: none) or
 * `startUnbounded` (work that lasts as long as the process). Those scopes are an AsyncLocalStorage, which on Node 20
 * turns promise hooks on for the whole process while enabled (every promise of every request pays them, ~0.2 ms of
 * CPU per command: bench/README.md "http"); so it is enabled only while a scope is under way and disabled again when
 * the last one ends: with PROCESS_ROLE=api, once the start's work and the warm-up are done, a request runs with the
 * hooks off (`promise-hooks.e2e-spec.ts`), except while a scope of the background work above is under way (the
 * reference data's refresh opens one for its read, about once a minute while questions come; a sweep or purge for
 * its run). With PROCESS_ROLE=all the consumers keep a scope open: the hooks stay on.
 * Outside the API process nothing sets the default: every statement is unbounded, as background work is.
 */
const scopes = new AsyncLocalStorage<Scope>();
/** Scopes under way (their work not settled); `Infinity` once a lasting one began. */
let live = 0;
let defaultMs = 0;

/** The bound of every statement sent outside a background scope from now on (the API process: its requests). */
export function boundStatementsByDefault(ms: number): void {
  defaultMs = ms;
}

/** The current scope, if any (undefined: a request's work, or any work outside the API process). */
export function currentScope(): Scope | undefined {
  return scopes.getStore();
}

/** The bound of a statement sent now: the scope's, else the default (0: none). */
export function currentBoundMs(): number {
  const scope = scopes.getStore();
  return scope ? scope.ms : defaultMs;
}

/**
 * Runs `fn`, background work, with every statement it sends (through a pool made by `dataSourceOptions`) bounded to
 * `ms` (0: none) instead of the requests' default. With `cancel`, a statement running or sent once it fires is cut
 * off at once (work that the process's stop must not wait for: the board's load as a query process starts); it fails
 * with "Query cancelled". A statement that outlives its bound fails as an outage (see query-timeout.ts).
 */
export function withQueryTimeout<T>(ms: number, fn: () => T, cancel?: AbortSignal): T {
  if (!ms && !cancel && !defaultMs && live === 0) return fn(); // (no default: unbounded anyway, no hooks turned on)
  live++;
  let result: T;
  try {
    result = scopes.run(cancel ? { ms, cancel } : { ms }, fn);
  } catch (e) {
    leave();
    throw e;
  }
  // Work under way (a promise, or any thenable): the scope lasts until it settles.
  if (typeof (result as { then?: unknown } | null | undefined)?.then === 'function') {
    return Promise.resolve(result).finally(leave) as T;
  }
  leave();
  return result;
}

/** Starts `fn`, unbounded work that lasts as long as the process (the consumers' loops): its scope never closes. */
export function startUnbounded(fn: () => void): void {
  if (!defaultMs && live === 0) return fn(); // (a worker, the CLI: unbounded anyway, no hooks turned on)
  live = Infinity;
  scopes.run({ ms: 0 }, fn);
}

/** The last scope ended: the storage off, and with it (when nothing else uses one) Node's promise hooks. */
function leave(): void {
  if (--live === 0) scopes.disable();
}

/** The bound of the current scope (default: the requests'), if any: a caller waiting on shared work bounds its wait by it. */
export function queryTimeoutOfScope(): number | undefined {
  return currentBoundMs() || undefined;
}

/** The requests' bound (`boundStatementsByDefault`), if any: what a statement outside any scope gets. */
export function defaultQueryTimeout(): number | undefined {
  return defaultMs || undefined;
}

/** The scope's cancel signal, if any: long work between statements stops when it fires (`cancelledError`). */
export function queryCancelOfScope(): AbortSignal | undefined {
  return scopes.getStore()?.cancel;
}

/**
 * Runs `fn` outside any background scope: its statements get the requests' default bound (a group-committed batch of
 * requests). No scope is entered: the storage stays off when it is.
 */
export function outsideQueryTimeout<T>(fn: () => T): T {
  try {
    return scopes.exit(fn);
  } finally {
    // Node 20's exit() turns the storage back on after `fn`, even when `fn` ended the last scope (leave's disable).
    if (live === 0) scopes.disable();
  }
}
