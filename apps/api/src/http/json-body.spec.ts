import { findUnstorableText, jsonDeeperThan } from './json-body';

describe('JSON body checks', () => {
  it('measures nesting without parsing, skipping brackets inside strings and escaped quotes', () => {
    expect(jsonDeeperThan(Buffer.from('{"a":[[1]]}'), 3)).toBe(false);
    expect(jsonDeeperThan(Buffer.from('{"a":[[[1]]]}'), 3)).toBe(true);
    expect(jsonDeeperThan(Buffer.from('{"a":"[[[[[[\\"{{{{"}'), 1)).toBe(false);
    expect(jsonDeeperThan(Buffer.from('[]'.repeat(1000)), 1)).toBe(false);
  });

  it('finds NUL, unpaired surrogates and prototype keys at any depth, naming the field', () => {
    expect(findUnstorableText({ a: ['ok', { b: '🎉 进展 \n' }] })).toBeNull();
    expect(findUnstorableText({ a: ['ok', { b: 'x\u0000' }] })).toEqual({ field: 'a[1].b', reason: 'text' });
    expect(findUnstorableText({ contacts: [{ name: 'a\ud800' }] })).toEqual({
      field: 'contacts[0].name',
      reason: 'text',
    });
    expect(findUnstorableText(JSON.parse('{"x":{"__proto__":{}}}'))).toEqual({
      field: 'x.__proto__',
      reason: 'key',
    });
    expect(findUnstorableText({ 'k\udc00': 1 })).toEqual({ field: 'k\udc00', reason: 'key' });
    // Names of Object.prototype's members: class-transformer would drop them before the unknown-field check.
    for (const k of ['toString', 'valueOf', 'hasOwnProperty', '__defineGetter__']) {
      expect(findUnstorableText(JSON.parse(`{"a":[{"${k}":"y"}]}`))).toEqual({
        field: `a[0].${k}`,
        reason: 'key',
      });
    }
  });
});
