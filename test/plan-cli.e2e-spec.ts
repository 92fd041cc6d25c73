import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { ROOT, runCli } from './support/run-cli';

const SEED = path.join(ROOT, 'seeds/jiangmen-sanqu-2020-2022.txt');

describe('CLI: plan parse / plan import', () => {
  let db: TestDatabase;
  let tmp: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-plan-cli-'));
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('parse prints the model as JSON with the fixed field names', async () => {
    const r = await runCli(['plan', 'parse', SEED]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.planKey).toBe('sanqu-2020');
    expect(plan.tasks).toHaveLength(36);
    expect(Object.keys(plan.tasks[0])).toEqual(
      expect.arrayContaining([
        'no',
        'section',
        'title',
        'workTask',
        'responsibilityText',
        'leadUnits',
        'cooperatingUnits',
        'standingRequirements',
        'zones',
        'districts',
        'milestones',
      ]),
    );
    expect(plan.tasks.flatMap((t: { milestones: unknown[] }) => t.milestones)).toHaveLength(101);
  });

  it('parse --format table prints a summary in Chinese', async () => {
    const r = await runCli(['plan', 'parse', SEED, '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('着力培育新兴产业集群');
    expect(r.stdout).toContain('sanqu-2020.T06-2021');
  });

  it.each([
    ['a missing file', () => path.join(tmp, 'nope.txt'), /No such file/],
    ['GBK bytes', () => writeTmp('gbk.txt', Buffer.from([0xbd, 0xad, 0xc3, 0xc5, 0xca, 0xd0])), /not UTF-8/],
    [
      'a document of another shape',
      () => writeTmp('other.txt', Buffer.from('会议纪要\n一、出席人员\n')),
      /./,
    ],
    ['an empty file', () => writeTmp('empty.txt', Buffer.alloc(0)), /empty/i],
  ])('refuses %s with one clear message and exit code 2, importing nothing', async (_what, file, message) => {
    const f = file();
    const parse = await runCli(['plan', 'parse', f]);
    expect(parse.code).toBe(2);
    expect(parse.stderr).toMatch(message);
    expect(parse.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
    const imp = await runCli(['plan', 'import', f], { DATABASE_URL: db.url });
    expect(imp.code).toBe(2);
    const tail = await runCli(['events', 'tail'], { DATABASE_URL: db.url });
    expect(tail.stdout).toBe('');
  });

  it('import writes the plan once; the same document again writes nothing', async () => {
    const first = await runCli(['plan', 'import', SEED], { DATABASE_URL: db.url });
    expect(first.code).toBe(0);
    // 1 PlanImported + 101 MilestonePlanned + 5 StandingItemPlanned (the plan's 常态化 requirements) = 107
    expect(first.stdout).toMatch(/^imported: plan sanqu-2020, 101 milestones, 107 events written/);
    const again = await runCli(['plan', 'import', SEED], { DATABASE_URL: db.url });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^unchanged: .* 0 events written/);
    const tail = await runCli(['events', 'tail'], { DATABASE_URL: db.url });
    expect(tail.stdout.trim().split('\n')).toHaveLength(107);
  });

  it('tokens create asks the plan catalogue for a reporter’s unit: an unknown one is refused (exit 2)', async () => {
    const unknown = await runCli(
      ['tokens', 'create', '--role', 'reporter', '--unit', 'u-nowhere', '--name', 'x'],
      {
        DATABASE_URL: db.url,
      },
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/u-nowhere/);
    const known = await runCli(
      ['tokens', 'create', '--role', 'reporter', '--unit', 'dept-transport', '--name', '交通局填报员'],
      { DATABASE_URL: db.url },
    );
    expect({ code: known.code, stderr: known.stderr }).toMatchObject({ code: 0 });
    expect(JSON.parse(known.stdout)).toMatchObject({ role: 'reporter', unit: 'dept-transport' });
  });

  function writeTmp(name: string, bytes: Buffer): string {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, bytes);
    return f;
  }
});
