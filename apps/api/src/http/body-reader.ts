import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { BadRequestException, HttpException } from '@nestjs/common';
import { AppError } from '@app/platform';

const tooLarge = (): AppError =>
  new AppError({
    kind: 'too_large',
    code: 'BODY_TOO_LARGE',
    message: 'The request body is too large',
    messageZh: '请求体超过大小限制',
  });

const badBody = (message: string): AppError =>
  new AppError({ kind: 'unsupported_media_type', code: 'BAD_BODY', message, messageZh: '请求体无法读取' });

/** The body's bytes as sent, or decompressed (gzip, deflate, br, as body-parser inflated them); else 415. */
function decoded(req: IncomingMessage): Readable {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  switch (encoding) {
    case 'identity':
      return req;
    case 'gzip':
      return req.pipe(zlib.createGunzip());
    case 'deflate':
      return req.pipe(zlib.createInflate());
    case 'br':
      return req.pipe(zlib.createBrotliDecompress());
    default:
      throw badBody(`unsupported content encoding "${encoding}"`);
  }
}

/** What is left of a refused body is read off (a keep-alive connection stays usable), then the refusal answered. */
function refuseAfterDraining(req: IncomingMessage, error: Error, reject: (e: Error) => void): void {
  if (req.complete || req.destroyed) return reject(error);
  req.once('end', () => reject(error));
  req.once('close', () => reject(error));
  req.resume();
}

/**
 * Reads a request body of at most `limitBytes` (after decompression; a declared Content-Length above it is refused
 * before reading): 413 BODY_TOO_LARGE above it, as body-parser's `raw` read it for Express.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const identity = req.headers['content-encoding'] === undefined;
    if (identity && declared > limitBytes) return refuseAfterDraining(req, tooLarge(), reject);
    let stream: Readable;
    try {
      stream = decoded(req);
    } catch (e) {
      return refuseAfterDraining(req, e as AppError, reject);
    }
    const chunks: Buffer[] = [];
    let length = 0;
    let done = false;
    const finish = (error: Error | null, body?: Buffer): void => {
      if (done) return;
      done = true;
      stream.off('data', onData);
      if (error) {
        if (stream !== req) req.unpipe();
        if (error instanceof AppError || error instanceof HttpException)
          refuseAfterDraining(req, error, reject);
        else reject(error);
      } else resolve(body!);
    };
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length > limitBytes) finish(tooLarge());
      else chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => finish(null, Buffer.concat(chunks, length)));
    // Bytes that do not decompress: a bare 400, as body-parser's inflation error was.
    stream.once('error', (e: Error) => finish(stream === req ? e : new BadRequestException()));
    req.once('close', () => {
      if (!req.complete) finish(new Error('the request was cut off before its end'));
    });
  });
}
