import { characterCount } from './milestone.validation';

describe('milestone text rules', () => {
  it('counts characters as code points', () => {
    expect(characterCount('进展🚧👍')).toBe(4);
    expect('进展🚧👍'.length).toBe(6);
  });
});
