// Builds the dashboard SPA (apps/dashboard/dist) with Vite when it is missing, or (ifStale) older than
// its sources. Used by scripts/demo.js, the browser tests and (proposed) scripts/start.js. Never throws:
// a dashboard that cannot be built leaves the API running, and `/` then says how to build it.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const dir = __dirname;
const root = path.join(dir, '..', '..');
const indexFile = path.join(dir, 'dist', 'index.html');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.mts'];

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, e)));
  return max;
}

const lockDir = path.join(dir, '.build-lock');
const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function isFresh(ifStale) {
  const built = fs.existsSync(indexFile) ? fs.statSync(indexFile).mtimeMs : 0;
  return built > 0 && (!ifStale || built >= Math.max(...SOURCES.map((s) => newest(path.join(dir, s)))));
}

/** One build at a time across processes (parallel test files, demo and start): a lock directory. */
function withLock(fn) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      let age = 0;
      try {
        age = Date.now() - fs.statSync(lockDir).mtimeMs;
      } catch {
        continue;
      }
      if (age > 180_000 || Date.now() > deadline) fs.rmSync(lockDir, { recursive: true, force: true });
      else sleepSync(250);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** @returns {'fresh' | 'built' | 'unavailable' | 'failed'} */
function ensureDashboardBuild({ ifStale = false, quiet = false } = {}) {
  if (isFresh(ifStale)) return 'fresh';
  return withLock(() => (isFresh(ifStale) ? 'fresh' : build(quiet)));
}

function build(quiet) {
  const viteBin = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!fs.existsSync(viteBin)) {
    process.stderr.write(
      'dashboard: not built and Vite is not installed (npm ci installs it); the API runs, / explains how to build.\n',
    );
    return 'unavailable';
  }
  if (!quiet) process.stderr.write('Building the dashboard (vite)…\n');
  const r = spawnSync(
    process.execPath,
    [
      viteBin,
      'build',
      dir,
      '--config',
      path.join(dir, 'vite.config.mts'),
      '--logLevel',
      quiet ? 'error' : 'warn',
    ],
    { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' },
  );
  if (r.status !== 0) {
    process.stderr.write(
      `dashboard: vite build failed (exit ${r.status ?? r.signal}); the API runs without it.\n`,
    );
    return 'failed';
  }
  return 'built';
}

module.exports = { ensureDashboardBuild, dashboardIndexFile: indexFile };
if (require.main === module) {
  const status = ensureDashboardBuild({ ifStale: process.argv.includes('--if-stale') });
  process.exitCode = status === 'failed' ? 1 : 0;
}
