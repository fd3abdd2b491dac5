/**
 * The project folder (the one holding package.json), found from this module's
 * own place. The connector runs from connector/ under tsx (tests, `npm run
 * setup`) and from dist-connector/ compiled (`npm start`), so paths written
 * relative to one source file would break in the other; paths from the project
 * folder hold in both.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}: the connector must run from inside its project folder`);
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** A file or folder of the project, by its path from the project folder. */
export const projectPath = (...parts: string[]): string => join(PROJECT_ROOT, ...parts);
