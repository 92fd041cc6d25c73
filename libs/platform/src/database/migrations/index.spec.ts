import * as fs from 'node:fs';
import { MIGRATIONS, migrationFiles } from '.';

describe('migrations (every file of the folder, in timestamp order)', () => {
  it('are found in order, skipping the index, specs, source maps and declarations', () => {
    const names = ['1764800300000-b.js', 'index.js', 'index.js.map', '1764460000000-a-b2.js', 'x.d.ts'];
    expect(migrationFiles(names).map((m) => m.file)).toEqual(['1764460000000-a-b2.js', '1764800300000-b.js']);
    expect(migrationFiles(['index.ts', 'index.spec.ts', '1764460000000-a.ts'])).toEqual([
      { file: '1764460000000-a.ts', timestamp: '1764460000000' },
    ]);
  });

  it.each([
    'rebaselines.ts',
    '1764801400000_rebaselines.ts',
    '176480140000-rebaselines.ts',
    '1764801400000-Re.ts',
  ])('refuse a misnamed file (%s): it would never run', (name) => {
    expect(() => migrationFiles(['1764460000000-a.ts', name])).toThrow(
      `${name}: a migration is named <13-digit timestamp>-<kebab-description>.ts`,
    );
  });

  it('refuse two migrations with the same timestamp', () => {
    expect(() => migrationFiles(['1764460000000-a.ts', '1764460000000-b.ts'])).toThrow(
      '1764460000000-b.ts and 1764460000000-a.ts have the same timestamp',
    );
  });

  it('load each file of this folder, its class named after its timestamp', () => {
    const files = migrationFiles(fs.readdirSync(__dirname));
    expect(files.length).toBeGreaterThan(18);
    expect(MIGRATIONS.map((m) => m.name.slice(-13))).toEqual(files.map((f) => f.timestamp));
    expect(MIGRATIONS[0]?.name).toBe('EventStore1764460000000');
  });
});
