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

  it('reads only instants whose Beijing day is a date (1900–9999), as every date check reads days', () => {
    expect(parseInstant('9999-12-31T15:59:59Z')?.toISOString()).toBe('9999-12-31T15:59:59.000Z');
    expect(parseInstant('9999-12-31T16:00:00Z')).toBeNull(); // 10000-01-01 in Beijing
    expect(parseInstant('9999-12-31T20:00:00-08:00')).toBeNull();
    expect(parseInstant('1900-01-01T00:00:00+14:00')).toBeNull(); // 1899-12-31 in Beijing
  });
});
