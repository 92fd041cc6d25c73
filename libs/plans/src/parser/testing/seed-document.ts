import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGazetteer, type Gazetteer } from '../../model/gazetteer';
import { toDocumentLines } from '../table-cells.reader';
import { parseZoneTable } from '../zone-table.parser';

export const SEED_FILE_NAME = 'jiangmen-sanqu-2020-2022.txt';

/** The seed document (附件1 + 附件2), read from the repository's `seeds/`. */
export function readSeedDocument(): string {
  return readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'seeds', SEED_FILE_NAME), 'utf8');
}

/** The gazetteer of the seed's zone table (附件1). */
export function seedGazetteer(): Gazetteer {
  const lines = toDocumentLines(readSeedDocument());
  const start = lines.findIndex((l) => l.text === '附件1');
  const end = lines.findIndex((l) => l.text === '附件2');
  return buildGazetteer(parseZoneTable(lines.slice(start + 1, end)).zones);
}
