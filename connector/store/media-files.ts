/**
 * The bytes of media files, on disk, named by SHA-256: the same file stored
 * twice takes the space once, and a name says whether the content changed.
 * With several connector instances, MEDIA_DIR must be a shared volume.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredFile {
  sha256: string;
  size: number;
  /** The first bytes, for checking the real type. */
  head: Buffer;
}

export class MediaFiles {
  constructor(readonly root: string) {}

  path(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /**
   * Streams `source` to disk while hashing it, up to `maxBytes` (a larger file
   * is cut off and reported with `size > maxBytes` so the caller can refuse it
   * without holding it in memory).
   */
  async write(source: Readable | ReadableStream<Uint8Array>, options: { maxBytes: number; headBytes: number }): Promise<StoredFile & { tooLarge: boolean }> {
    await mkdir(this.root, { recursive: true });
    const temp = join(this.root, `.upload-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    let tooLarge = false;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > options.maxBytes) {
          tooLarge = true;
          done(new Error('too large'));
          return;
        }
        if (headLength < options.headBytes) {
          head.push(chunk.subarray(0, options.headBytes - headLength));
          headLength += Math.min(chunk.length, options.headBytes - headLength);
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const input = source instanceof Readable ? source : Readable.fromWeb(source as import('node:stream/web').ReadableStream<Uint8Array>);
    try {
      await pipeline(input, counter, createWriteStream(temp));
    } catch (error) {
      await rm(temp, { force: true });
      if (tooLarge) return { sha256: '', size, head: Buffer.concat(head), tooLarge: true };
      throw error;
    }
    const sha256 = hash.digest('hex');
    const target = this.path(sha256);
    await mkdir(dirname(target), { recursive: true });
    await rename(temp, target);
    return { sha256, size, head: Buffer.concat(head), tooLarge: false };
  }

  /** Removes a file; one already gone is not an error. */
  async remove(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }

  async readAll(sha256: string): Promise<Buffer> {
    const handle = await open(this.path(sha256));
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }
}
