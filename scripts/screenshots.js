// npm run screenshots [-- --out DIR] [-- --full]: screenshots of every dashboard page on the demo's simulated history, at
// 1440×900 (desktop) and 390×844 (phone), as docs/screenshots/<page>-<width>.png. It starts `npm run demo` on a
// database of its own (a temporary DEMO_DATA_DIR, removed afterwards), signs in with the demo's logins in
// headless Chromium (playwright-core) and says which browser and which Chinese font it used. Each shot is the
// first screen of the page; --full takes whole pages (much larger files).
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { execFileSync, spawn } = require('node:child_process');
const { chromium } = require('playwright-core');

const root = path.join(__dirname, '..');
const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const outDir = path.resolve(root, arg('out') ?? 'docs/screenshots');
const fullPage = process.argv.includes('--full');
const log = (line) => process.stdout.write(`[screenshots] ${line}\n`);

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];
/** [file name, path, what shows once the page has its data, who looks]; MILESTONE is filled in. */
const PAGES = [
  ['overview', '/', '[data-test=kpis]', 'supervisor'],
  ['rollups', '/rollups', '[data-test=rollup-table]', 'supervisor'],
  ['milestones', '/milestones', '[data-test=milestone-table]', 'supervisor'],
  ['milestone', '/milestones/MILESTONE', '[data-test=timeline] li', 'supervisor'],
  ['agenda', '/agenda', 'main article.panel', 'supervisor'],
  ['agenda-unit', '/agenda', 'main article.panel', 'reporter'],
  ['alerts', '/alerts', '[data-test=alert-count]', 'supervisor'],
  ['retrospective', '/retrospective/2021', 'main .kpis', 'supervisor'],
];

/** The browser: CHROMIUM_PATH, or the usual places (the browser tests' rule, test/support/browser.ts). */
function chromiumPath() {
  const candidates = process.env.CHROMIUM_PATH
    ? [process.env.CHROMIUM_PATH]
    : [
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/usr/bin/google-chrome',
        '/usr/bin/google-chrome-stable',
      ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    log(
      `没有找到 Chromium（${candidates.join('、')}）。请安装：sudo apt-get install -y chromium，或设置 CHROMIUM_PATH。`,
    );
    process.exit(1);
  }
  return found;
}

/** The font Chromium will use for Chinese (fontconfig's answer), or a warning that it will draw boxes. */
function chineseFont() {
  try {
    const cjk = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim();
    if (cjk === '') {
      return '没有中文字体：截图中的中文会显示为方框。请先安装：sudo apt-get install -y fonts-noto-cjk';
    }
    const family = execFileSync('fc-match', ['-f', '%{family} (%{file})', 'sans-serif:lang=zh-cn'], {
      encoding: 'utf8',
    });
    return `中文字体 ${family}`;
  } catch {
    return '无法用 fontconfig（fc-list）查询中文字体；若中文显示为方框，请安装 fonts-noto-cjk';
  }
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** `npm run demo` on a temporary data directory; resolves once it says it is ready. */
async function startDemo(dataDir) {
  const port = await freePort();
  const env = { ...process.env, DEMO_DATA_DIR: dataDir, DEMO_PORT: String(port) };
  delete env.DATA_DIR;
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [path.join(root, 'scripts/demo.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  child.stderr.on('data', (d) => (out += d.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 600_000;
  while (!out.includes('演示已就绪')) {
    if (child.exitCode !== null || out.includes('退出码') || Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`演示没有就绪：\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  return { baseUrl: `http://127.0.0.1:${port}`, stop };
}

/** Waits until nothing on the page shows as loading (the page's CSP forbids waitForFunction). */
async function settled(page) {
  const deadline = Date.now() + 30_000;
  while ((await page.locator('[aria-busy=true]').count()) > 0) {
    if (Date.now() > deadline) throw new Error(`${page.url()} still loading`);
    await page.waitForTimeout(100);
  }
  await page.waitForTimeout(300); // charts draw on the next frames
}

async function shoot(browser, baseUrl, tokens, milestoneId) {
  const files = [];
  for (const viewport of VIEWPORTS) {
    const contexts = new Map();
    const pageOf = async (who) => {
      if (contexts.has(who)) return contexts.get(who);
      const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      await page.goto(`${baseUrl}/`);
      await page.locator('[data-test=token]').waitFor();
      if (!contexts.size) {
        await page.screenshot({ path: path.join(outDir, `login-${viewport.width}.png`) });
        files.push(`login-${viewport.width}.png`);
      }
      await page.fill('[data-test=token]', tokens[who]);
      await page.click('[data-test=sign-in]');
      await page.waitForSelector('[data-test=who] .role-chip');
      await page.waitForURL(/asOf=/); // the demo opens on its last simulated day
      contexts.set(who, page);
      return page;
    };
    await pageOf('supervisor');
    for (const [name, p, ready, who] of PAGES) {
      const page = await pageOf(who);
      const url = new URL(page.url());
      await page.goto(`${baseUrl}${p.replace('MILESTONE', encodeURIComponent(milestoneId))}${url.search}`);
      await page.locator(ready).first().waitFor();
      await settled(page);
      const file = `${name}-${viewport.width}.png`;
      await page.screenshot({ path: path.join(outDir, file), fullPage });
      files.push(file);
    }
    for (const page of contexts.values()) await page.context().close();
  }
  return files;
}

async function main() {
  const executablePath = chromiumPath();
  log(`浏览器 ${executablePath}；${chineseFont()}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-screenshots-'));
  fs.chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as another user when this runs as root
  log(`启动演示（模拟数据，${dataDir}）…`);
  const demo = await startDemo(dataDir);
  let browser;
  try {
    const { logins } = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-state.json'), 'utf8'));
    const tokens = {
      supervisor: logins.find((l) => l.role === 'supervisor').token,
      reporter: logins.find((l) => l.role === 'reporter').token,
    };
    // A milestone with a long history: the most overdue one of the overview.
    const r = await fetch(`${demo.baseUrl}/api/v1/milestones?sort=-daysLate&pageSize=1`, {
      headers: { authorization: `Bearer ${tokens.supervisor}` },
    });
    const milestoneId = (await r.json()).items?.[0]?.id;
    if (!milestoneId) throw new Error(`没有取到里程碑（HTTP ${r.status}）`);
    fs.mkdirSync(outDir, { recursive: true });
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--lang=zh-CN', '--hide-scrollbars'],
    });
    const files = await shoot(browser, demo.baseUrl, tokens, milestoneId);
    log(`已保存 ${files.length} 张截图到 ${outDir}：${files.join('、')}`);
  } finally {
    await browser?.close();
    await demo.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  log(`失败：${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
