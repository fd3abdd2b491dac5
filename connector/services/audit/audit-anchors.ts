/**
 * The anchor file: one JSON line per anchored head ({"id","hash","at"}),
 * appended by `npm run audit:verify -- --anchor <file>`. It is only worth
 * something where whoever can write the database cannot write it (another
 * machine, a write-once bucket, a log archive): an anchor kept in the same
 * database could be cut along with the rows it vouches for.
 */
import { appendFile, readFile } from 'node:fs/promises';
import type { AuditAnchor } from '@domain/audit';

export class AnchorFileError extends Error {}

/** The newest anchor in the file; null when the file does not exist yet or is empty. */
export async function readLastAnchor(path: string): Promise<AuditAnchor | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const last = text
    .split('\n')
    .filter((line) => line.trim())
    .at(-1);
  if (last === undefined) return null;
  try {
    const anchor = JSON.parse(last) as AuditAnchor;
    if (Number.isSafeInteger(anchor.id) && anchor.id > 0 && /^[0-9a-f]{64}$/.test(anchor.hash) && typeof anchor.at === 'string') return anchor;
  } catch {
    // reported below
  }
  throw new AnchorFileError(`the last line of ${path} is not an anchor ({"id":…,"hash":"…","at":"…"}); fix or move the file`);
}

export async function appendAnchor(path: string, anchor: AuditAnchor): Promise<void> {
  await appendFile(path, `${JSON.stringify(anchor)}\n`, 'utf8');
}
