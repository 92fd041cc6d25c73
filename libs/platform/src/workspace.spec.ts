import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The libs are listed once, in tsconfig.json's paths (`libs.config.js` reads them for jest and eslint). nest-cli.json
 * is JSON and must name them again: this check keeps the two lists one, so a lib added to one and not the other
 * fails here instead of building without its project.
 */
const root = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS config jest and eslint share
const { libs } = require(path.join(root, 'libs.config.js')) as { libs: string[] };

interface NestProject {
  readonly type: 'library' | 'application';
  readonly root: string;
  readonly sourceRoot: string;
}

describe('the workspace', () => {
  it('lists in nest-cli.json every lib of the tsconfig paths, with its folders, and no other', () => {
    const nest = JSON.parse(fs.readFileSync(path.join(root, 'nest-cli.json'), 'utf8')) as {
      projects: Record<string, NestProject>;
    };
    const listed = Object.entries(nest.projects)
      .filter(([, p]) => p.type === 'library')
      .map(([name, p]) => ({ name, root: p.root, sourceRoot: p.sourceRoot }));
    expect(listed.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [...libs]
        .sort((a, b) => a.localeCompare(b))
        .map((name) => ({ name, root: `libs/${name}`, sourceRoot: `libs/${name}/src` })),
    );
  });

  it('runs the service with the same V8 flags from npm start, npm run start:worker and the image', () => {
    const scripts = (
      JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    const flags = (command: string) => command.split(/\s+/).filter((word) => word.startsWith('--'));
    const image = /^ENV NODE_OPTIONS=(.*)$/m.exec(
      fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'),
    )?.[1];
    expect(flags(scripts['start']!)).toEqual(['--max-semi-space-size=64']);
    expect(flags(scripts['start:worker']!)).toEqual(flags(scripts['start']!));
    expect(image?.split(' ')).toEqual(flags(scripts['start']!));
  });
});
