import { characterCount, parseInstant } from './milestone.validation';

describe('milestone text and time rules', () => {
  it('counts characters as code points', () => {
    expect(characterCount('进展🚧👍')).toBe(4);
    expect('进展🚧👍'.length).toBe(6);
  });

  it('reads ISO instants with a zone only', () => {
    expect(parseInstant('2021-06-01T10:00:00+08:00')?.toISOString()).toBe('2021-06-01T02:00:00.000Z');
    expect(parseInstant('2021-06-01T02:00Z')?.toISOString()).toBe('2021-06-01T02:00:00.000Z');
    expect(parseInstant('2021-06-01T10:00:00')).toBeNull();
    expect(parseInstant('2021-02-29T10:00:00Z')).toBeNull();
    expect(parseInstant(20210601)).toBeNull();
  });
});
