import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Every table belongs to one lib (or app); others ask its public API. This check reads the sources: a
 * table's name in SQL (after FROM / JOIN / INTO / UPDATE / TABLE) outside its owner fails it. Migrations
 * (all in platform) and tests are left out. A new table must be given an owner here.
 */
const OWNERS: Readonly<Record<string, string>> = {
  events: 'libs/event-store',
  consumer_checkpoints: 'libs/event-store',
  consumer_skips: 'libs/event-store',
  plan_plans: 'libs/plans',
  plan_tasks: 'libs/plans',
  plan_milestones: 'libs/plans',
  plan_units: 'libs/plans',
  plan_standing_items: 'libs/plans',
  rm_milestones: 'libs/read-models',
  rm_version_segments: 'libs/read-models',
  rm_milestone_timeline: 'libs/read-models',
  rm_board_meta: 'libs/read-models',
  rm_health_history: 'libs/read-models',
  alerts: 'libs/alerts',
  alert_contacts: 'libs/alerts',
  alert_deliveries: 'libs/alerts',
  alert_notices: 'libs/alerts',
  alert_restatements: 'libs/alerts',
  alert_notified_events: 'libs/alerts',
  alert_robots: 'libs/alerts',
  alert_unit_names: 'libs/alerts',
  api_tokens: 'libs/access',
  evidence_files: 'libs/evidence',
  evidence_reference_scan: 'libs/evidence',
  evidence_named: 'libs/evidence',
  idempotency_keys: 'apps/api',
};

const ROOT = path.resolve(__dirname, '../../../..');
const MIGRATIONS = path.join(ROOT, 'libs/platform/src/database/migrations');
/** Migrations' SQL kept outside their folder (frozen texts that a later migration's down() restores): migrations too. */
const MIGRATION_TEXTS = [path.join(ROOT, 'libs/platform/src/database/append-functions.ts')];
const COMMENT = /\/\*[\s\S]*?\*\/|(?<![:'"`])\/\/.*$/gm;
const SQL_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)\b/gi;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name) ? [full] : [];
  });
}

/** `libs/<name>` or `apps/<name>` of a file. */
function ownerOf(file: string): string {
  return path.relative(ROOT, file).split(path.sep).slice(0, 2).join('/');
}

function crossOwnerSql(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    // Comments blanked (same length, so line numbers hold): only code is read.
    const text = fs.readFileSync(file, 'utf8').replace(COMMENT, (c) => c.replace(/[^\n]/g, ' '));
    for (const m of text.matchAll(SQL_TABLE)) {
      const table = (m[1] ?? '').toLowerCase();
      const owner = OWNERS[table];
      if (owner === undefined || owner === ownerOf(file)) continue;
      const line = text.slice(0, m.index).split('\n').length;
      found.push(`${path.relative(ROOT, file)}:${line} reads ${table} (owned by ${owner})`);
    }
  }
  return found;
}

describe('table owners', () => {
  it('every table the migrations create has an owner', () => {
    const created = new Set<string>();
    for (const f of fs.readdirSync(MIGRATIONS)) {
      const text = fs.readFileSync(path.join(MIGRATIONS, f), 'utf8');
      for (const m of text.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_][a-z0-9_]*)/g))
        created.add(m[1] ?? '');
    }
    expect([...created].filter((t) => OWNERS[t] === undefined)).toEqual([]);
  });

  it('no lib or app puts another one’s table in its SQL', () => {
    const files = ['libs', 'apps']
      .flatMap((top) => fs.readdirSync(path.join(ROOT, top)).map((d) => path.join(ROOT, top, d, 'src')))
      .filter((d) => fs.existsSync(d))
      .flatMap(sourceFiles)
      .filter((f) => !f.startsWith(MIGRATIONS) && !MIGRATION_TEXTS.includes(f))
      .filter((f) => !f.includes(`${path.sep}testing${path.sep}`));
    expect(crossOwnerSql(files)).toEqual([]);
  });
});
