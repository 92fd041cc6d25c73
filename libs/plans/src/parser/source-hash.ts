import { createHash } from 'node:crypto';

/** SHA-256 of a text (UTF-8), lower-case hex: identifies the exact document a plan was parsed from. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
