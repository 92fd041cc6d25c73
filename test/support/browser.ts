import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * The browser of the browser tests: Debian's `chromium` (playwright-core drives it; `npx playwright install`
 * downloads are not possible here). `ensureChromium()` runs once per test run in the e2e global setup: it finds
 * a Chromium, or installs Debian's when it may (root with apt-get), and says what it did. Every browser test
 * launches through `launchChromium()`, which fails with the exact command to run when there is none.
 */

/** Where a Chromium may be: CHROMIUM_PATH first, then Debian's and other usual places. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** Set by the global setup for the test workers: the browser found, or why there is none. */
const FOUND_ENV = 'PM_CHROMIUM_PATH';
const MISSING_ENV = 'PM_CHROMIUM_MISSING';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=zh-CN',
];

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

const HOW_TO_INSTALL =
  'Install it and run the tests again: `sudo apt-get update && sudo apt-get install -y chromium` (Debian), ' +
  'or set CHROMIUM_PATH to a Chrome/Chromium executable.';

function canInstall(): string | null {
  if (process.env.PM_SKIP_BROWSER_INSTALL === '1') return 'PM_SKIP_BROWSER_INSTALL=1 is set';
  if (process.env.CHROMIUM_PATH) return `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`;
  if (process.getuid?.() !== 0) return 'the tests do not run as root';
  if (!fs.existsSync('/usr/bin/apt-get')) return 'there is no apt-get (not Debian)';
  return null;
}

function version(path: string): string {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim();
  } catch {
    return 'version unknown';
  }
}

/**
 * Finds Chromium or installs Debian's `chromium` with apt-get (as root), once per run; tells the workers
 * through the environment. Never throws: the tests that need a browser fail with the reason instead.
 */
export function ensureChromium(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  if (process.env[FOUND_ENV] || process.env[MISSING_ENV]) return; // another project of this run did it
  let found = findChromium();
  if (found) {
    process.env[FOUND_ENV] = found;
    log(`browser tests: Chromium at ${found}`);
    return;
  }
  const refusal = canInstall();
  if (refusal !== null) {
    process.env[MISSING_ENV] =
      `Chromium is not installed and the tests could not install it (${refusal}). ${HOW_TO_INSTALL}`;
    log(`browser tests: ${process.env[MISSING_ENV]}`);
    return;
  }
  log('browser tests: Chromium is not installed; installing Debian chromium with apt-get (once)…');
  const started = Date.now();
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
      timeout: 600_000,
    });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
      timeout: 900_000,
    });
  } catch (e) {
    process.env[MISSING_ENV] =
      `Installing Debian chromium failed (${e instanceof Error ? e.message.split('\n')[0] : String(e)}). ${HOW_TO_INSTALL}`;
    log(`browser tests: ${process.env[MISSING_ENV]}`);
    return;
  }
  found = findChromium();
  if (!found) {
    process.env[MISSING_ENV] = `apt-get installed chromium but no executable was found. ${HOW_TO_INSTALL}`;
    log(`browser tests: ${process.env[MISSING_ENV]}`);
    return;
  }
  process.env[FOUND_ENV] = found;
  log(
    `browser tests: installed Debian chromium with apt-get in ${Math.round((Date.now() - started) / 1000)} s: ` +
      `${found} (${version(found)})`,
  );
}

/** The Chromium to drive; throws with what to run when there is none. */
export function chromiumPath(): string {
  const found = process.env[FOUND_ENV] ?? findChromium();
  if (found) return found;
  throw new Error(
    process.env[MISSING_ENV] ??
      `Chromium is not installed. ${HOW_TO_INSTALL} (npm test installs it when run as root.)`,
  );
}

/** Launches headless Chromium (no network beyond what a page asks for, zh-CN). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 30_000 });
}
