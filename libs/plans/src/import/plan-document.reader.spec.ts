import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPlanDocumentText, decodePlanDocument } from './plan-document.reader';

const SEED = path.join(__dirname, '../../../../seeds/jiangmen-sanqu-2020-2022.txt');

describe('plan document text', () => {
  it('takes the seed, and line breaks in any convention', () => {
    const seed = fs.readFileSync(SEED, 'utf8');
    expect(checkPlanDocumentText(seed)).toBe(seed);
    expect(checkPlanDocumentText('一\r\n二\r三\n\t四')).toBe('一\r\n二\r三\n\t四');
  });

  it('refuses NUL, other control characters and unpaired surrogates, naming the line', () => {
    for (const [text, char, line] of [
      ['一\n二\u0000', 'U+0000', 2],
      ['一\r\n\u000c', 'U+000C', 2],
      ['\u0085', 'U+0085', 1],
      ['a\n\nb\ud800', 'U+D800', 3],
    ] as const) {
      expect(() => checkPlanDocumentText(text)).toThrow(
        expect.objectContaining({
          code: 'DOCUMENT_INVALID_CHARACTERS',
          details: expect.objectContaining({ char, line }),
        }),
      );
    }
  });

  it('applies when a file is decoded, too (CLI and seed)', () => {
    expect(() => decodePlanDocument(Buffer.from('附件\u0001', 'utf8'))).toThrow(
      expect.objectContaining({ code: 'DOCUMENT_INVALID_CHARACTERS' }),
    );
  });
});
