import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { samplePdf } from '@app/evidence/testing';
import { runCli } from './support/run-cli';
import { startSeededService } from './support/seeded-service';
import { type TestApp } from './support/test-app';

const M = 'sanqu-2020.T06-2021'; // lead 市工业和信息化局
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('evidence files never referenced: `evidence unreferenced` lists and removes them; a command naming one then gets 400', () => {
  let t: TestApp;
  let lead: string;
  const stored = (b: Buffer) => path.join(t.config.dataDir, 'evidence', sha(b).slice(0, 2), sha(b).slice(2));
  const upload = (bytes: Buffer, name: string) =>
    t.request('POST', '/api/v1/evidence', {
      token: lead,
      rawBody: bytes,
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
    });
  const claim = (name: string, bytes: Buffer) =>
    t.request('POST', `/api/v1/milestones/${M}/completion`, {
      token: lead,
      body: {
        completedOn: '2021-12-20',
        narrative: '全年引进项目 52 个',
        evidence: [{ name, sha256: sha(bytes) }],
      },
    });

  beforeAll(async () => {
    t = await startSeededService({ EVIDENCE_REQUIRE_UPLOAD: 'true' });
    const units: { id: string; name: string }[] = (await t.request('GET', '/api/v1/units')).body;
    const unit = units.find((u) => u.name === '市工业和信息化局')!.id;
    lead = (await t.request('POST', '/api/v1/tokens', { body: { role: 'reporter', name: '工信局', unit } }))
      .body.token as string;
  }, 90_000);
  afterAll(async () => t?.close());

  it('lists what would go, removes it with --remove, keeps the referenced file; the removed one is then 400, not 500', async () => {
    const abandoned = samplePdf('没提交的表单');
    const sent = samplePdf('已提交的验收报告');
    expect((await upload(abandoned, '草稿.pdf')).status).toBe(200);
    expect((await upload(sent, '验收报告.pdf')).status).toBe(200);
    expect((await claim('验收报告.pdf', sent)).status).toBe(200);
    const owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    await owner.query(`UPDATE evidence_files SET uploaded_at = now() - interval '45 days'`);
    const upkeep = async () =>
      (
        await owner.query(
          'SELECT (SELECT position FROM evidence_reference_scan) AS scan, count(*) AS named FROM evidence_named',
        )
      ).rows;

    const env = { DATABASE_URL: t.db.url, DATA_DIR: t.config.dataDir };
    const before = await upkeep();
    const listed = await runCli(['evidence', 'unreferenced'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(
      `1 evidence file(s) never referenced and uploaded more than 30 days ago: ${abandoned.length} bytes`,
    );
    expect(listed.stdout).toContain('超过 30 天未被任何填报引用的佐证材料：1 份');
    expect(fs.existsSync(stored(abandoned))).toBe(true); // listing removes nothing
    expect(await upkeep()).toEqual(before); // nor writes anything (the claim's event is still to be read)
    await owner.end();

    const removed = await runCli(['evidence', 'unreferenced', '--remove'], env);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`removed 1 evidence file(s), ${abandoned.length} bytes`);
    expect(fs.existsSync(stored(abandoned))).toBe(false);
    expect(fs.existsSync(stored(sent))).toBe(true);
    expect((await runCli(['evidence', 'unreferenced'], env)).stdout).toContain('0 evidence file(s)');
    expect((await runCli(['events', 'verify'], env)).code).toBe(0); // every referenced file still whole

    const late = await claim('草稿.pdf', abandoned);
    expect(late.status).toBe(400);
    expect(late.headers.get('content-type')).toContain('application/problem+json');
    expect(late.body).toMatchObject({ code: 'EVIDENCE_FILE_MISSING', field: 'evidence[0].sha256' });
    expect(late.body.detailZh).toContain('草稿.pdf');
    expect((await t.request('GET', `/api/v1/evidence/${sha(abandoned)}`, { token: lead })).status).toBe(404);
  });

  it('refuses an unknown option with the CLI’s bad-input exit code', async () => {
    const r = await runCli(['evidence', 'unreferenced', '--purge'], {
      DATABASE_URL: t.db.url,
      DATA_DIR: t.config.dataDir,
    });
    expect(r.code).toBe(2);
  });
});
