import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sampleDocx, samplePdf, samplePng } from '@app/evidence/testing';
import { runCli } from './support/run-cli';
import { startSeededService } from './support/seeded-service';
import { type TestApp } from './support/test-app';

const M = 'sanqu-2020.T06-2021'; // lead 市工业和信息化局
const MAX = 64 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('evidence files (佐证材料) over HTTP', () => {
  let t: TestApp;
  let lead: string;
  let supervisor: string;
  let viewer: string;

  const token = async (role: string, name: string, unit?: string): Promise<string> =>
    (await t.request('POST', '/api/v1/tokens', { body: { role, name, ...(unit ? { unit } : {}) } })).body
      .token as string;
  const upload = (bytes: Buffer, name: string, as = lead, contentType = 'application/octet-stream') =>
    t.request('POST', '/api/v1/evidence', {
      token: as,
      rawBody: bytes,
      headers: { 'content-type': contentType, 'x-file-name': encodeURIComponent(name) },
    });
  const storedFiles = (): string[] => {
    const root = path.join(t.config.dataDir, 'evidence');
    if (!fs.existsSync(root)) return [];
    return fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => fs.statSync(path.join(root, f)).isFile());
  };

  beforeAll(async () => {
    t = await startSeededService({ EVIDENCE_REQUIRE_UPLOAD: 'true', EVIDENCE_MAX_BYTES: String(MAX) });
    const units: { id: string; name: string }[] = (await t.request('GET', '/api/v1/units')).body;
    lead = await token('reporter', '工信局填报员', units.find((u) => u.name === '市工业和信息化局')!.id);
    supervisor = await token('supervisor', '督查室');
    viewer = await token('viewer', '审计');
  }, 90_000);
  afterAll(async () => t?.close());

  it('stores a PDF, a PNG and a docx by their bytes, content-addressed; the same bytes again are the same file', async () => {
    const pdf = samplePdf();
    const r = await upload(pdf, '2021年度验收报告.pdf', lead, 'text/plain');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      sha256: sha(pdf),
      name: '2021年度验收报告.pdf',
      size: pdf.length,
      contentType: 'application/pdf',
    });
    expect(
      fs.readFileSync(path.join(t.config.dataDir, 'evidence', sha(pdf).slice(0, 2), sha(pdf).slice(2))),
    ).toEqual(pdf);
    const png = await upload(samplePng(), '现场照片.png', supervisor);
    expect(png.body).toMatchObject({ sha256: sha(samplePng()), contentType: 'image/png' });
    const docx = await upload(sampleDocx(), '工作总结.docx');
    expect(docx.body.contentType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );

    const again = await upload(pdf, '2021年度验收报告.pdf');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(r.body);
    expect(storedFiles().filter((f) => !f.startsWith('.incoming'))).toHaveLength(3);
  });

  it('refuses wrong bytes with a .pdf name (415), a file above the limit (413), an empty file, a missing name, a viewer; nothing stored', async () => {
    const before = storedFiles();
    const fake = await upload(Buffer.from('这只是文字，不是 PDF'), '验收报告.pdf', lead, 'application/pdf');
    expect(fake.status).toBe(415);
    expect(fake.headers.get('content-type')).toContain('application/problem+json');
    expect(fake.body).toMatchObject({ code: 'EVIDENCE_TYPE_UNSUPPORTED', field: 'file' });
    expect(fake.body.detailZh).toContain('按文件内容识别');

    const big = Buffer.concat([samplePdf(), Buffer.alloc(MAX)]);
    const tooBig = await upload(big, '扫描件.pdf');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ code: 'EVIDENCE_TOO_LARGE', maxBytes: MAX });
    expect(tooBig.body.detailZh).toBe('佐证材料文件不能超过 64 KiB');

    // Sent in chunks with no Content-Length: counted as it streams, refused once past the limit.
    const chunks = [samplePdf(), Buffer.alloc(MAX / 2), Buffer.alloc(MAX / 2)];
    const streamed = await fetch(`${t.baseUrl}/api/v1/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lead}`, 'x-file-name': encodeURIComponent('分块上传.pdf') },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { code: string }).code).toBe('EVIDENCE_TOO_LARGE');

    expect((await upload(Buffer.alloc(0), '空.pdf')).body.code).toBe('EVIDENCE_EMPTY');
    const noName = await t.request('POST', '/api/v1/evidence', { token: lead, rawBody: samplePdf() });
    expect(noName.status).toBe(400);
    expect(noName.body).toMatchObject({ code: 'EVIDENCE_NAME_INVALID', field: 'X-File-Name' });
    expect((await upload(samplePdf('viewer'), '报告.pdf', viewer)).status).toBe(403);
    expect((await upload(samplePdf('none'), '报告.pdf', null as unknown as string)).status).toBe(401);

    expect(storedFiles()).toEqual(before);
  });

  it('a 销号 claim refers to an uploaded file (its size and type recorded); a hash never uploaded is 400 EVIDENCE_FILE_MISSING', async () => {
    const pdf = samplePdf();
    const missing = await t.request('POST', `/api/v1/milestones/${M}/completion`, {
      token: lead,
      body: {
        completedOn: '2021-12-20',
        narrative: '全年引进项目 52 个',
        evidence: [{ name: '没上传的.pdf', sha256: 'f'.repeat(64) }],
      },
    });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'EVIDENCE_FILE_MISSING', field: 'evidence[0].sha256' });
    expect(missing.body.detailZh).toContain('没上传的.pdf');

    const claimed = await t.request('POST', `/api/v1/milestones/${M}/completion`, {
      token: lead,
      body: {
        completedOn: '2021-12-20',
        narrative: '全年引进项目 52 个',
        evidence: [{ name: '2021年度验收报告.pdf', sha256: sha(pdf) }],
      },
    });
    expect(claimed.status).toBe(200);
    const history = await t.request('GET', `/api/v1/milestones/${M}/history`, { token: viewer });
    const submitted = (history.body as { type: string; data: { evidence: unknown } }[]).find(
      (e) => e.type === 'CompletionSubmitted',
    )!;
    expect(submitted.data.evidence).toEqual([
      { name: '2021年度验收报告.pdf', sha256: sha(pdf), size: pdf.length, contentType: 'application/pdf' },
    ]);
  });

  it('anyone who reads the milestones downloads it, with its type and its Chinese name (RFC 5987); unknown → 404', async () => {
    const pdf = samplePdf();
    const r = await t.request('GET', `/api/v1/evidence/${sha(pdf)}`, { token: viewer });
    expect(r.status).toBe(200);
    expect(r.bytes).toEqual(pdf);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toBe(
      `attachment; filename="2021______.pdf"; filename*=UTF-8''${encodeURIComponent('2021年度验收报告.pdf')}`,
    );
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');

    const unknown = await t.request('GET', `/api/v1/evidence/${'0'.repeat(64)}`, { token: viewer });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'EVIDENCE_NOT_FOUND' });
    expect((await t.request('GET', '/api/v1/evidence/not-a-hash', { token: viewer })).body.code).toBe(
      'EVIDENCE_HASH_INVALID',
    );
    expect((await t.request('GET', `/api/v1/evidence/${sha(pdf)}`, { token: null })).status).toBe(401);
  });

  it('`events verify` checks the referenced files: a corrupted one fails it, naming the milestone', async () => {
    const env = { DATABASE_URL: t.db.url, DATA_DIR: t.config.dataDir };
    const ok = await runCli(['events', 'verify'], env);
    expect(ok.stdout).toContain('1 evidence files intact');
    expect(ok.code).toBe(0);

    const pdf = samplePdf();
    const file = path.join(t.config.dataDir, 'evidence', sha(pdf).slice(0, 2), sha(pdf).slice(2));
    fs.writeFileSync(file, Buffer.concat([pdf, Buffer.from('tampered')]));
    const corrupt = await runCli(['events', 'verify'], env);
    expect(corrupt.stdout).toContain(`CORRUPT evidence ${sha(pdf)} (2021年度验收报告.pdf) of ${M}`);
    expect(corrupt.code).toBe(1);

    fs.rmSync(file);
    const missing = await runCli(['events', 'verify'], env);
    expect(missing.stdout).toContain(`MISSING evidence ${sha(pdf)} (2021年度验收报告.pdf) of ${M}`);
    expect(missing.code).toBe(1);
  });
});
