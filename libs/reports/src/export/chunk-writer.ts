import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writes text chunks to a stream, waiting for `drain` when it is full, so a large review is never one string
 * in memory. Chunks are buffered into writes of about 64 KiB.
 */
export async function writeChunks(out: Writable, chunks: Iterable<string>): Promise<void> {
  let buffer = '';
  const flush = async (): Promise<void> => {
    if (buffer.length === 0) return;
    const ok = out.write(buffer);
    buffer = '';
    if (!ok) await once(out, 'drain');
  };
  for (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length >= 65_536) await flush();
  }
  await flush();
}
