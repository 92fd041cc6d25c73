import { createHash } from 'node:crypto';
import {
  APPEND_BATCH_1764889941000,
  appendBatch1764800500000,
  HEAD_CHECK_1764801400000,
  PM_APPEND_1764460000000,
} from './append-functions';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The texts earlier migrations wrote: a fresh install and every down() rebuild the functions from them, so they must
 * never change (a change would give new databases other functions than old ones). Change a function with a new
 * migration instead.
 */
describe('append-functions (frozen)', () => {
  it.each([
    [
      'PM_APPEND_1764460000000',
      PM_APPEND_1764460000000,
      '1b2206c8590b2e23e914f9f0fd2d73741ce7695e312223f338ad1ff3468974f2',
    ],
    [
      'HEAD_CHECK_1764801400000',
      HEAD_CHECK_1764801400000,
      '22b8cd26e6015248dd04eca077325c40cfc04d71ee3d9b69d6e84b4ccb78b1fd',
    ],
    [
      'appendBatch1764800500000(no check)',
      appendBatch1764800500000(''),
      'b16ebe2be04ee3ebf03e47d135131160c49398998487ba7c6f41c6332af2844a',
    ],
    [
      'appendBatch1764800500000(HEAD_CHECK_1764801400000)',
      appendBatch1764800500000(HEAD_CHECK_1764801400000),
      'fae5ba35d8e1bab370d25e11fb9f896ed349725450110e6d82aaffbab3156535',
    ],
    [
      'APPEND_BATCH_1764889941000',
      APPEND_BATCH_1764889941000,
      '993133bb05358b9e347a0e12eb3da1d4e9891f08b4822aa0745840e1dad1a006',
    ],
  ])('%s is the text its migration wrote', (_name, text, hash) => {
    expect(sha256(text)).toBe(hash);
  });
});
