import type { MigrationInterface } from 'typeorm';
import { MIGRATIONS } from '../database/migrations';

/** Every migration, in order: a spec migrates to just before one (`createTestDataSource({ migrations })`) to try it. */
export { MIGRATIONS };

/** The migration whose class is named `name` (<Description><timestamp>): a spec runs its `up` and `down`. */
export function migrationNamed(name: string): new () => MigrationInterface {
  const found = MIGRATIONS.find((m) => m.name === name);
  if (found === undefined) throw new Error(`No migration ${name} in libs/platform/src/database/migrations`);
  return found;
}
