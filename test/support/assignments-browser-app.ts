import { withBrowser, type BrowserApp } from './browser-app';
import { startSeparatelyScenario, type SeparatelyScenario } from './assignments-scenario';

/**
 * The scenario of `assignments-scenario.ts` (sa-t24 led separately by 蓬江 and 台山, one late, on 2021-07-31) with
 * Chromium beside it and a viewer's token: where the browser tests of separately led milestones start.
 */
export interface SeparatelyBrowserApp extends BrowserApp {
  readonly s: SeparatelyScenario;
  readonly viewer: string;
}

export async function startSeparatelyBrowserApp(): Promise<SeparatelyBrowserApp> {
  const s = await startSeparatelyScenario();
  const app = await withBrowser(s.t);
  try {
    return { ...app, s, viewer: await app.token('viewer', '只读（浏览器测试）') };
  } catch (e) {
    await app.close();
    throw e;
  }
}
