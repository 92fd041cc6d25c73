import { findForbiddenCharacter } from './forbidden-characters';

describe('the one rule for characters in a text', () => {
  it('allows line feeds and tabs only in multi-line text', () => {
    expect(findForbiddenCharacter('一\n二\t三', true)).toBeNull();
    expect(findForbiddenCharacter('一\n二', false)).toEqual({ position: 2, char: 'U+000A' });
    expect(findForbiddenCharacter('一\r\n二', true)).toEqual({ position: 2, char: 'U+000D' });
  });

  it('refuses NUL, DEL, C1 controls, line and paragraph separators and unpaired surrogates; counts code points', () => {
    expect(findForbiddenCharacter('a\u0000', true)).toEqual({ position: 2, char: 'U+0000' });
    expect(findForbiddenCharacter('ok\u007f', true)).toEqual({ position: 3, char: 'U+007F' });
    expect(findForbiddenCharacter('\u0085', true)).toEqual({ position: 1, char: 'U+0085' });
    expect(findForbiddenCharacter('a\u2028b', true)).toEqual({ position: 2, char: 'U+2028' });
    expect(findForbiddenCharacter('🎉\ud800', false)).toEqual({ position: 2, char: 'U+D800' });
    expect(findForbiddenCharacter('\udc00x', false)).toEqual({ position: 1, char: 'U+DC00' });
  });

  it('lets every other character through: CJK, emoji, right-to-left text', () => {
    expect(findForbiddenCharacter('进展🚧👍 مرحبا ‮ok', false)).toBeNull();
  });
});
