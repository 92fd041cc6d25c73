import { characterCount, findForbiddenCharacter, parseInstant } from './milestone.validation';

describe('milestone text and time rules', () => {
  it('counts characters as code points', () => {
    expect(characterCount('进展🚧👍')).toBe(4);
    expect('进展🚧👍'.length).toBe(6);
  });

  it('allows line feeds and tabs only in multi-line text', () => {
    expect(findForbiddenCharacter('一\n二\t三', true)).toBeNull();
    expect(findForbiddenCharacter('一\n二', false)).toEqual({ position: 2, char: 'U+000A' });
    expect(findForbiddenCharacter('一\r\n二', true)).toEqual({ position: 2, char: 'U+000D' });
    expect(findForbiddenCharacter('ok\u007f', true)).toEqual({ position: 3, char: 'U+007F' });
  });

  it('reads ISO instants with a zone only', () => {
    expect(parseInstant('2021-06-01T10:00:00+08:00')?.toISOString()).toBe('2021-06-01T02:00:00.000Z');
    expect(parseInstant('2021-06-01T02:00Z')?.toISOString()).toBe('2021-06-01T02:00:00.000Z');
    expect(parseInstant('2021-06-01T10:00:00')).toBeNull();
    expect(parseInstant('2021-02-29T10:00:00Z')).toBeNull();
    expect(parseInstant(20210601)).toBeNull();
  });
});
