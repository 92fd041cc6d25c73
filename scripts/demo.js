// npm run demo [-- --seed S --port P]: the service like `npm start`, but on a database of its own
// (DEMO_DATA_DIR, default ./.data-demo; never DATA_DIR or DATABASE_URL, so the demo never mixes with real
// data), mails as .eml files only, bound to 127.0.0.1; on an empty database it then plays a deterministic,
// simulated 2020–2022 history (模拟数据) through the real command path and prints a login per role.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');
const { ensureBuild, root } = require('./ensure-build');
const { ensureDashboardBuild } = require('../apps/dashboard/ensure-build.cjs');

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seed = arg('seed') ?? process.env.DEMO_SEED ?? 'sanqu-2020';
const port = arg('port') ?? process.env.DEMO_PORT ?? process.env.PORT ?? '3000';
const host = process.env.DEMO_HOST ?? '127.0.0.1';
const baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
const dataDir = path.resolve(root, process.env.DEMO_DATA_DIR ?? '.data-demo');
fs.mkdirSync(dataDir, { recursive: true });

// The demo's admin token: random on the first run, kept beside the demo database (mode 0600).
const adminFile = path.join(dataDir, 'demo-admin-token');
let adminToken;
try {
  adminToken = fs.readFileSync(adminFile, 'utf8').trim();
} catch {
  adminToken = `demo-admin-${crypto.randomBytes(18).toString('base64url')}`;
  fs.writeFileSync(adminFile, `${adminToken}\n`, { mode: 0o600 });
}

const env = {
  ...process.env,
  DATA_DIR: dataDir,
  PORT: String(port),
  HOST: host,
  BASE_URL: baseUrl,
  BOOTSTRAP_ADMIN_TOKEN: adminToken,
  IMPORT_SEED_ON_START: 'true',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  DEMO_SEED: seed,
  DEMO_BASE_URL: baseUrl,
};
// Never the real database or a real mail server: alert digests of simulated data go to DATA_DIR/mail.
delete env.DATABASE_URL;
delete env.SMTP_URL;
if (process.env.DEMO_DATABASE_URL) env.DATABASE_URL = process.env.DEMO_DATABASE_URL;
// An external database needs SECRETS_KEY (the robots' credentials): the demo's own, where the service keeps its key file.
if (env.DATABASE_URL && !env.SECRETS_KEY) {
  const keyFile = path.join(dataDir, 'keys', 'secrets.key');
  if (!fs.existsSync(keyFile)) {
    fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
    fs.writeFileSync(keyFile, `${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  env.SECRETS_KEY = fs.readFileSync(keyFile, 'utf8').trim();
}

const started = Date.now();
const log = (line) => process.stdout.write(`[demo] ${line}\n`);
log(`演示数据目录 ${dataDir}（模拟数据，与正式数据分开）`);
try {
  ensureBuild();
} catch {
  log('编译失败（见上方 tsc 的输出），演示没有启动。');
  process.exit(1);
}
ensureDashboardBuild({ ifStale: true });

const service = spawn(process.execPath, [path.join(root, 'dist/apps/api/src/main.js')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
let simulator = null;
let stopping = false;
service.on('exit', (code, signal) => {
  if (!stopping) log(`服务已退出（${code ?? signal}）`);
  if (simulator && simulator.exitCode === null) simulator.kill('SIGTERM');
  process.exit(code ?? (stopping ? 0 : 1));
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    if (simulator && simulator.exitCode === null) simulator.kill('SIGTERM');
    service.kill('SIGTERM');
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what, fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await fn()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what}：${timeoutMs / 1000} 秒内未就绪`);
    await sleep(300);
  }
}

/** The dashboard's URL on the last simulated day, as the service says it (its session's simulatedUntil). */
async function dashboardUrl() {
  try {
    const r = await fetch(`${baseUrl}/api/v1/dashboard/session`, {
      headers: { authorization: `Bearer ${adminToken}` },
      signal: AbortSignal.timeout(5000),
    });
    const day = r.ok ? (await r.json()).simulatedData?.simulatedUntil : null;
    if (day) return `${baseUrl}/?asOf=${day}（模拟数据截至 ${day}，仪表盘打开在这一天；选“今天”看当前）`;
  } catch {
    // the plain URL
  }
  return `${baseUrl}/`;
}

async function main() {
  await waitUntil(
    '服务',
    async () =>
      (await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(3000) })).status === 200,
    150_000,
  );
  await waitUntil(
    '计划导入',
    async () => {
      const r = await fetch(`${baseUrl}/api/v1/plans`, {
        headers: { authorization: `Bearer ${adminToken}` },
        signal: AbortSignal.timeout(5000),
      });
      const plans = r.ok ? await r.json() : [];
      return Array.isArray(plans) && plans.some((p) => p.counts && p.counts.milestones > 0);
    },
    120_000,
  );
  simulator = spawn(
    process.execPath,
    [path.join(root, 'dist/apps/cli/src/demo/demo.main.js'), '--seed', seed, '--base-url', baseUrl],
    { cwd: root, env, stdio: 'inherit' },
  );
  const code = await new Promise((resolve) => simulator.on('exit', (c) => resolve(c)));
  if (stopping) return;
  if (code === 0) {
    log(
      `演示已就绪（${Math.round((Date.now() - started) / 1000)} 秒）：${await dashboardUrl()}   按 Ctrl+C 停止。`,
    );
  } else {
    log(`模拟数据没有生成（退出码 ${code}）；服务仍在运行：${baseUrl}/   按 Ctrl+C 停止。`);
  }
}

main().catch((e) => {
  log(`启动失败：${e instanceof Error ? e.message : String(e)}`);
  stopping = true;
  service.kill('SIGTERM');
});
