'use strict';
// Runs a TypeScript bench without a build: `node bench/event-store/run.js <file.ts>`.
// Compiles .ts files on require with @swc/core (the same options as jest.config.js: legacy decorators
// with metadata, CommonJS) and maps `@app/<lib>` to `libs/<lib>/src`. node_modules is left alone
// (@nestjs/* is ESM-only and loads through Node's require(esm), Node >= 20.19).
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');

process.setSourceMapsEnabled(true);

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
  swcrc: false,
  configFile: false,
};

Module._extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcOptions, filename });
  module._compile(code, filename);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAppAlias(request, ...rest) {
  const m = /^@app\/([a-z0-9-]+)(\/labels)?$/.exec(request);
  if (m) return resolveFilename.call(this, path.join(root, 'libs', m[1], 'src', m[2] ?? ''), ...rest);
  return resolveFilename.call(this, request, ...rest);
};

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node bench/event-store/run.js <file.ts> [args...]\n');
  process.exit(2);
}
process.argv.splice(1, 1); // the bench sees itself as argv[1]
require(path.resolve(file));
