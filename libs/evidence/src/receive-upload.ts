import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import { evidenceErrors } from './evidence.errors';
import type { ByteSource } from './sniff';

/**
 * Copies a request body into `file` (created, never overwritten), hashing and counting as it goes, and flushes
 * it to disk. Above `maxBytes` it stops writing and reads off the rest of the body (as the JSON body parser
 * does, so the client gets its 413 rather than a reset connection), then fails with EVIDENCE_TOO_LARGE.
 */
export function receiveUpload(
  body: Readable,
  file: string,
  maxBytes: number,
): Promise<{ sha256: string; size: number }> {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(file, { flags: 'wx' });
    const hash = createHash('sha256');
    let size = 0;
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      body.resume(); // read off whatever is left, so the connection can carry the answer
      out.destroy();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        body.off('data', onData);
        out.destroy();
        body.once('end', () => fail(evidenceErrors.tooLarge(maxBytes)));
        body.resume();
        return;
      }
      hash.update(chunk);
      if (!out.write(chunk)) {
        body.pause();
        out.once('drain', () => body.resume());
      }
    };
    body.on('data', onData);
    body.once('error', fail);
    body.once('aborted', () => fail(new Error('upload aborted')));
    out.once('error', fail);
    body.once('end', () => {
      if (size > maxBytes || settled) return;
      out.end(() => {
        fs.promises
          .open(file, 'r+')
          .then(async (h) => {
            await h.sync();
            await h.close();
            settled = true;
            resolve({ sha256: hash.digest('hex'), size });
          })
          .catch(fail);
      });
    });
  });
}

/** An open file as a ByteSource (for the sniffing), closed by `close`. */
export async function fileSource(file: string): Promise<ByteSource & { close(): Promise<void> }> {
  const handle = await fs.promises.open(file, 'r');
  const { size } = await handle.stat();
  return {
    size,
    read: async (offset, length) => {
      const n = Math.max(0, Math.min(length, size - offset));
      const buffer = Buffer.alloc(n);
      if (n > 0) await handle.read(buffer, 0, n, offset);
      return buffer;
    },
    close: () => handle.close(),
  };
}
