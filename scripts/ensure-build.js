// Builds dist/ with tsc when it is missing or older than any source file (apps/, libs/).
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const dashboardApp = path.join(root, 'apps', 'dashboard');

function newest(dir) {
  let max = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    // (apps/dashboard is the SPA, built by Vite; apps/api/src/dashboard is the API's and counts)
    if (entry.name === 'node_modules' || entry.name === 'dist' || p === dashboardApp) continue;
    if (entry.isDirectory()) max = Math.max(max, newest(p));
    else if (entry.name.endsWith('.ts')) max = Math.max(max, fs.statSync(p).mtimeMs);
  }
  return max;
}

function ensureBuild({ quiet = false } = {}) {
  const sources = Math.max(newest(path.join(root, 'apps')), newest(path.join(root, 'libs')));
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (built >= sources) return;
  if (!quiet) process.stderr.write('Building (tsc)…\n');
  // From scratch: tsc never deletes an output, and a stale one would still be found (migrations are read from
  // their folder). Built beside dist/ (the same depth, so the source maps' relative paths hold), then swapped in:
  // a service running from dist/ meanwhile keeps finding its files until the swap.
  const next = `.dist-next-${process.pid}`;
  fs.rmSync(path.join(root, next), { recursive: true, force: true });
  const bin = (name) => path.join(root, 'node_modules', '.bin', name);
  try {
    execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', next], {
      cwd: root,
      stdio: 'inherit',
    });
    execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', next], {
      cwd: root,
      stdio: 'inherit',
    });
    fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
    for (const d of ['apps', 'libs']) {
      const target = path.join(root, 'dist', d);
      const old = path.join(root, 'dist', `.old-${process.pid}-${d}`);
      if (fs.existsSync(target)) fs.renameSync(target, old);
      fs.renameSync(path.join(root, next, d), target);
      fs.rmSync(old, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(path.join(root, next), { recursive: true, force: true });
  }
  fs.writeFileSync(stamp, new Date().toISOString());
}

module.exports = { ensureBuild, root };
if (require.main === module) ensureBuild();
