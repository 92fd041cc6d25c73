import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/**
 * The browser of the browser tests: Debian's `chromium` (playwright-core drives it; `npx playwright install`
 * downloads are not possible here; one left by them is used). `ensureChromium()` runs once per test run in the
 * e2e global setup: it finds a Chromium, or installs Debian's when it may (apt-get as root, or through sudo without
 * a password), and says what it did or exactly why it could not. Every browser test
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

/**
 * A Chromium that Playwright's own installer left (`npx playwright install chromium`, on a machine that can
 * download it): under PLAYWRIGHT_BROWSERS_PATH or ~/.cache/ms-playwright, the newest first.
 */
function playwrightChromium(): string | null {
  const dir = process.env.PLAYWRIGHT_BROWSERS_PATH || path.join(os.homedir(), '.cache', 'ms-playwright');
  let builds: string[];
  try {
    builds = fs.readdirSync(dir).filter((d) => /^chromium-\d+$/.test(d));
  } catch {
    return null;
  }
  builds.sort((a, b) => Number(b.slice(9)) - Number(a.slice(9)));
  for (const b of builds) {
    for (const exe of ['chrome-linux64/chrome', 'chrome-linux/chrome']) {
      const p = path.join(dir, b, exe);
      if (fs.existsSync(p)) return p;
    }
  }
  return null;
}

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? playwrightChromium();
}

const HOW_TO_INSTALL =
  'Install it and run the tests again: `sudo apt-get update && sudo apt-get install -y chromium` (Debian), ' +
  'or set CHROMIUM_PATH to a Chrome/Chromium executable.';

/** Whether `sudo` runs without asking for a password (a CI runner's user, a developer's NOPASSWD rule). */
function sudoWithoutPassword(): boolean {
  try {
    execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** How to run apt-get here (as root, or through sudo), or why the tests may not install Chromium. */
function installer(): { prefix: string[] } | { refusal: string } {
  if (process.env.PM_SKIP_BROWSER_INSTALL === '1') return { refusal: 'PM_SKIP_BROWSER_INSTALL=1 is set' };
  if (!fs.existsSync('/usr/bin/apt-get')) return { refusal: 'there is no apt-get (not Debian or Ubuntu)' };
  if (process.getuid?.() === 0) return { prefix: [] };
  if (sudoWithoutPassword()) return { prefix: ['sudo', '-n'] };
  return { refusal: 'the tests do not run as root and sudo needs a password (or is not installed)' };
}

function version(path: string): string {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim();
  } catch {
    return 'version unknown';
  }
}

/**
 * Finds Chromium or installs Debian's `chromium` with apt-get (as root or through sudo), once per run; tells the workers
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
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    const elsewhere = CANDIDATES.find((p) => fs.existsSync(p)) ?? playwrightChromium();
    process.env[MISSING_ENV] =
      `CHROMIUM_PATH=${fromEnv} does not exist. Point it at a Chrome/Chromium executable, or unset it` +
      (elsewhere
        ? ` to use ${elsewhere}.`
        : ` and the tests install Debian chromium when they may. ${HOW_TO_INSTALL}`);
    log(`browser tests: ${process.env[MISSING_ENV]}`);
    return;
  }
  const how = installer();
  if ('refusal' in how) {
    process.env[MISSING_ENV] =
      `Chromium is not installed and the tests could not install it (${how.refusal}). ${HOW_TO_INSTALL}`;
    log(`browser tests: ${process.env[MISSING_ENV]}`);
    return;
  }
  const aptGet = [...how.prefix, 'apt-get'].join(' ');
  log(`browser tests: Chromium is not installed; installing Debian chromium with \`${aptGet}\` (once)…`);
  const started = Date.now();
  try {
    // (sudo keeps DEBIAN_FRONTEND only when passed as an argument)
    const run = (args: string[], timeout: number): void => {
      const cmd = [
        ...how.prefix,
        ...(how.prefix.length ? ['DEBIAN_FRONTEND=noninteractive'] : []),
        'apt-get',
      ];
      execFileSync(cmd[0]!, [...cmd.slice(1), ...args], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        timeout,
      });
    };
    run(['update', '-qq'], 600_000);
    run(['install', '-y', '-qq', 'chromium'], 900_000);
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
    `browser tests: installed Debian chromium with \`${aptGet}\` in ${Math.round((Date.now() - started) / 1000)} s: ` +
      `${found} (${version(found)})`,
  );
}

/** The Chromium to drive; throws with what to run when there is none. */
export function chromiumPath(): string {
  const found = process.env[FOUND_ENV] ?? findChromium();
  if (found) return found;
  throw new Error(
    process.env[MISSING_ENV] ??
      `Chromium is not installed. ${HOW_TO_INSTALL} (npm test installs it when run as root or with sudo.)`,
  );
}

/** Launches headless Chromium (no network beyond what a page asks for, zh-CN). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 30_000 });
}
