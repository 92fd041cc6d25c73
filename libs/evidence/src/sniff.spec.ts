import { bufferSource, sniffEvidenceType, zipEntryNames } from './sniff';
import {
  sampleDocx,
  sampleJpeg,
  sampleOle2,
  samplePdf,
  samplePng,
  samplePptx,
  sampleXlsx,
  zipOf,
} from './testing/sample-files';

const sniff = (bytes: Buffer) => sniffEvidenceType(bufferSource(bytes));

describe('sniffEvidenceType (magic numbers)', () => {
  it.each([
    ['PDF', samplePdf(), 'application/pdf'],
    ['PNG', samplePng(), 'image/png'],
    ['JPEG', sampleJpeg(), 'image/jpeg'],
    ['docx', sampleDocx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xlsx', sampleXlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['pptx', samplePptx(), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['doc', sampleOle2('WordDocument'), 'application/msword'],
    ['xls', sampleOle2('Workbook'), 'application/vnd.ms-excel'],
    ['xls (BIFF5)', sampleOle2('Book'), 'application/vnd.ms-excel'],
    ['ppt', sampleOle2('PowerPoint Document'), 'application/vnd.ms-powerpoint'],
  ])('knows a %s by its bytes', async (_, bytes, type) => {
    expect(await sniff(bytes)).toBe(type);
  });

  it.each([
    ['plain text', Buffer.from('这不是 PDF，只是一段文字', 'utf8')],
    ['an empty file', Buffer.alloc(0)],
    ['a truncated PNG signature', samplePng().subarray(0, 4)],
    ['HTML', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['a ZIP without [Content_Types].xml', zipOf({ 'word/document.xml': '<w:document/>' })],
    ['a ZIP that is some other package', zipOf({ '[Content_Types].xml': '<Types/>', 'x/y.xml': '<y/>' })],
    ['a plain ZIP', zipOf({ 'readme.txt': 'hello' })],
    ['a ZIP signature and nothing else', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])],
    ['an OLE2 file of another kind (e.g. an Outlook message)', sampleOle2('__substg1.0_0037001F')],
  ])('refuses %s', async (_, bytes) => {
    expect(await sniff(bytes)).toBeNull();
  });

  it('does not take an OLE2 stream name found off an entry boundary', async () => {
    const bytes = sampleOle2('Other');
    Buffer.from('WordDocument\0', 'utf16le').copy(bytes, 512 + 128 + 6);
    expect(await sniff(bytes)).toBeNull();
  });

  it('reads the entry names from the central directory, after a comment too', async () => {
    const zip = sampleDocx();
    const withComment = Buffer.concat([zip, Buffer.from('comment')]);
    withComment.writeUInt16LE(7, zip.length - 2);
    expect(await zipEntryNames(bufferSource(withComment))).toEqual([
      '[Content_Types].xml',
      'word/document.xml',
    ]);
  });

  it('refuses a ZIP whose directory points past the end', async () => {
    const zip = sampleDocx();
    zip.writeUInt32LE(zip.length, zip.length - 6);
    expect(await zipEntryNames(bufferSource(zip))).toBeNull();
    expect(await sniff(zip)).toBeNull();
  });
});
