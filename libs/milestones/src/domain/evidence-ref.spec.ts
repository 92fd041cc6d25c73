import { MilestoneError } from './milestone.errors';
import { validEvidence } from './milestone.validation';

const SHA = 'a'.repeat(64);

describe('evidence references (佐证材料)', () => {
  it('keeps the size and content type of an uploaded file', () => {
    expect(
      validEvidence(
        [{ name: ' 验收报告.pdf ', sha256: SHA, size: 1234, contentType: 'application/pdf' }],
        'evidence',
        true,
      ),
    ).toEqual([{ name: '验收报告.pdf', sha256: SHA, size: 1234, contentType: 'application/pdf' }]);
  });

  it('still takes a fingerprint-only reference (older events and clients): no size, no content type', () => {
    expect(validEvidence([{ name: '报告.pdf', sha256: SHA.toUpperCase() }], 'evidence', false)).toEqual([
      { name: '报告.pdf', sha256: SHA },
    ]);
  });

  it.each([
    [{ size: 0, contentType: 'application/pdf' }, 'evidence[0].size'],
    [{ size: 1.5, contentType: 'application/pdf' }, 'evidence[0].size'],
    [{ size: 10 }, 'evidence[0].contentType'],
    [{ size: 10, contentType: 'pdf' }, 'evidence[0].contentType'],
  ])('refuses a half or malformed file description %j', (extra, field) => {
    try {
      validEvidence([{ name: '报告.pdf', sha256: SHA, ...extra }], 'evidence', true);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(MilestoneError);
      expect((e as MilestoneError).field).toBe(field);
    }
  });
});
