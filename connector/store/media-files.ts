/**
 * The bytes of media files, on disk, named by SHA-256: the same file stored
 * twice takes the space once, and a name says whether the content changed.
 * With several connector instances, MEDIA_DIR must be a shared volume.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredFile {
  sha256: string;
  size: number;
  /** The first bytes, for checking the real type. */
  head: Buffer;
}

/** Temporary names of files being received; anything else under the root is a kept file. */
const TEMP_PREFIX = '.upload-';

/** A file on disk the sweep may consider: a kept file (its SHA-256) or an upload's leftover. */
export interface FileOnDisk {
  path: string;
  /** The SHA-256 name of a kept file; null for a temporary upload file. */
  sha256: string | null;
  modifiedAt: number;
}

export class MediaFiles {
  constructor(readonly root: string) {}

  path(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /**
   * Streams `source` to disk while hashing it, up to `maxBytes` (a larger file
   * is cut off and reported with `size > maxBytes` so the caller can refuse it
   * without holding it in memory). `accept` sees the whole file's facts before
   * it is kept: when it throws, the file is discarded, so a refused upload
   * leaves nothing behind (issue 11 §5). The file is kept under its hash; a
   * caller that then fails to record it leaves an orphan for `sweep`.
   */
  async write<Verdict = void>(
    source: Readable | ReadableStream<Uint8Array>,
    options: { maxBytes: number; headBytes: number; accept?: (file: StoredFile) => Verdict },
  ): Promise<(StoredFile & { tooLarge: false; verdict: Verdict }) | (StoredFile & { tooLarge: true })> {
    await mkdir(this.root, { recursive: true });
    const temp = join(this.root, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
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
      if (tooLarge) return { sha256: '', size, head: Buffer.concat(head), tooLarge: true as const };
      throw error;
    }
    const file = { sha256: hash.digest('hex'), size, head: Buffer.concat(head) };
    let verdict: Verdict;
    try {
      verdict = options.accept?.(file) as Verdict;
      const target = this.path(file.sha256);
      await mkdir(dirname(target), { recursive: true });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { ...file, tooLarge: false, verdict };
  }

  /**
   * Every file under the root, a directory at a time (kept files live in 256
   * folders named by their hash's first two hex digits), for the orphan sweep.
   */
  async *list(): AsyncGenerator<FileOnDisk[]> {
    const top = await readdir(this.root, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const temps = top.filter((e) => e.isFile() && e.name.startsWith(TEMP_PREFIX)).map((e) => ({ path: join(this.root, e.name), sha256: null }));
    yield await withTimes(temps);
    for (const dir of top.filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name))) {
      const names = await readdir(join(this.root, dir.name)).catch(() => [] as string[]);
      const kept = names
        .filter((name) => /^[0-9a-f]{64}$/.test(name) && name.startsWith(dir.name))
        .map((name) => ({ path: join(this.root, dir.name, name), sha256: name }));
      yield await withTimes(kept);
    }
  }

  /**
   * Removes a file found by `list`, unless it was written again since (the same
   * content uploaded anew is renamed over it, and its row is about to be
   * recorded); one already gone is not an error. Says whether it removed it.
   */
  async removeFound(file: FileOnDisk): Promise<boolean> {
    const now = await stat(file.path).catch(() => null);
    if (!now || now.mtimeMs !== file.modifiedAt) return false;
    await rm(file.path, { force: true });
    return true;
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

/** A file that vanished between listing and stat (removed by another instance) is left out. */
async function withTimes(files: Array<{ path: string; sha256: string | null }>): Promise<FileOnDisk[]> {
  const found = await Promise.all(
    files.map(async (f) => {
      const info = await stat(f.path).catch(() => null);
      return info ? { ...f, modifiedAt: info.mtimeMs } : null;
    }),
  );
  return found.filter((f): f is FileOnDisk => f !== null);
}
