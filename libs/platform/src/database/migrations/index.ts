import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MigrationInterface } from 'typeorm';

/** `<timestamp>-<kebab-description>`: compiled to .js in dist/, loaded as .ts by jest and the TypeScript runners. */
const MIGRATION_FILE = /^(\d{13})-[a-z0-9]+(?:-[a-z0-9]+)*\.(?:ts|js)$/;
/** The folder's other files: this index, specs, source maps, declarations. */
const NOT_A_MIGRATION = /^index\.(?:ts|js)$|\.spec\.ts$|\.map$|\.d\.ts$/;

/** A migration file and the timestamp its class name must end with (the order TypeORM runs them in). */
export interface MigrationFile {
  readonly file: string;
  readonly timestamp: string;
}

/**
 * The migrations among a folder's file names, in order (by timestamp). Throws on a file that is neither a
 * migration nor one of the folder's other files (a misnamed migration would otherwise never run), and on two
 * migrations with the same timestamp (their order would be undefined).
 */
export function migrationFiles(names: readonly string[]): MigrationFile[] {
  const found: MigrationFile[] = [];
  for (const file of names) {
    if (NOT_A_MIGRATION.test(file)) continue;
    const timestamp = MIGRATION_FILE.exec(file)?.[1];
    if (timestamp === undefined) {
      throw new Error(`${file}: a migration is named <13-digit timestamp>-<kebab-description>.ts`);
    }
    const twin = found.find((m) => m.timestamp === timestamp);
    if (twin) throw new Error(`${file} and ${twin.file} have the same timestamp`);
    found.push({ file, timestamp });
  }
  return found.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}

/** The migration class a file exports; its name ends with the file's timestamp. */
function migrationClass(dir: string, { file, timestamp }: MigrationFile): new () => MigrationInterface {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- one file per migration, found at run time
  const exported = Object.values(require(path.join(dir, file)) as object) as unknown[];
  const [cls] = exported;
  if (exported.length !== 1 || typeof cls !== 'function' || !cls.name.endsWith(timestamp)) {
    throw new Error(`${file}: export one migration class, named <Description>${timestamp}`);
  }
  return cls as new () => MigrationInterface;
}

/**
 * Every schema migration, in order: each `<timestamp>-<kebab-description>.ts` of this folder (raw SQL, a class named
 * `<Description><timestamp>`). A new migration is its file alone.
 */
export const MIGRATIONS = migrationFiles(fs.readdirSync(__dirname)).map((m) => migrationClass(__dirname, m));
