import { isDeepStrictEqual } from 'node:util';
import type { Download, Locator, Page } from 'playwright-core';
import { startSeededBrowserApp, type BrowserApp, type Opened, type OpenOptions } from './browser-app';
import type { TestApp } from './test-app';

/*
 * What a browser spec file shares: one service and Chromium for its tests (`useBrowserApp`, started once before them
 * and closed once after them), and the page reads its tests repeat.
 */

export interface BrowserAppFixture<A extends BrowserApp> {
  /** The started app (read it in hooks and tests, not while the file is being declared). */
  readonly app: A;
  readonly t: TestApp;
  /** Signs in with `token` at `path` in a new browser context; resolves once the page has nothing loading. */
  open(token: string, path: string, opts?: Omit<OpenOptions, 'path'>): Promise<Opened>;
}

/**
 * Starts `start` (default: the seeded service and Chromium) before the tests of the enclosing block and closes it
 * after them, with its own `close()`: a fixture that holds more (a mail server, a client of the service's
 * database) closes it there in the order it needs (a `pg` client before its database is dropped). `startMs`: how
 * long starting may take (more for a start that may play the simulated history into the run's template).
 */
export function useBrowserApp<A extends BrowserApp = BrowserApp>(
  start: () => Promise<A> = startSeededBrowserApp as () => Promise<A>,
  startMs = 240_000,
): BrowserAppFixture<A> {
  let started: A | undefined;
  beforeAll(async () => {
    started = await start();
  }, startMs);
  afterAll(async () => {
    await started?.close();
  });
  const app = (): A => {
    if (!started) throw new Error('the browser app has not started (see the error of beforeAll)');
    return started;
  };
  return {
    get app() {
      return app();
    },
    get t() {
      return app().t;
    },
    open: (token, path, opts = {}) => app().open(token, { ...opts, path, settled: true }),
  };
}

/** The inner texts of what `selector` matches, white space folded. */
export async function texts(page: Page, selector: string): Promise<string[]> {
  return (await page.locator(selector).allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
}

/**
 * Polls `read` (every 100 ms) until `ok` holds of its answer or `timeoutMs` passed: what a browser test waits with
 * when what it reads is filled by a request of its own (a reload after a command, a list refiltered) and may still
 * show the old answer under the loading bar. A read that throws (the element not there yet) counts as not yet.
 */
async function poll<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs: number,
): Promise<{ done: boolean; last: T | undefined }> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (ok(last)) return { done: true, last };
    } catch {
      last = undefined;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { done: false, last };
}

/** Waits (generously) until `read` gives `want` (deeply equal); fails showing the last value otherwise. */
export async function eventually<T>(read: () => Promise<T>, want: T, timeoutMs = 20_000): Promise<void> {
  const { done, last } = await poll(read, (v) => isDeepStrictEqual(v, want), timeoutMs);
  if (!done) expect(last).toEqual(want);
}

/** Waits (generously) until a locator's text, white space folded, is `want` or matches it. */
export async function expectText(locator: Locator, want: string | RegExp, timeoutMs = 20_000): Promise<void> {
  const { done, last } = await poll(
    async () => (await locator.innerText()).replace(/\s+/g, ' ').trim(),
    (s) => (typeof want === 'string' ? s === want : want.test(s)),
    timeoutMs,
  );
  if (!done) throw new Error(`expected ${String(want)}, saw "${last ?? ''}"`);
}

/**
 * A download's bytes, whether Chromium is the file's own or the run's (connected to: `download.path()` is not
 * there, as the file is on the browser server's side).
 */
export async function downloaded(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
