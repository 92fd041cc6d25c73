'use strict';
// Runs a read-models bench: `node bench/read-models/run.js <file.ts>`. The runner of bench/event-store
// (swc on require, `@app/<lib>` → libs/<lib>/src), plus `@app/<lib>/testing` → libs/<lib>/src/testing.
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '..', '..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveTestingAlias(request, ...rest) {
  const m = /^@app\/([a-z0-9-]+)\/testing$/.exec(request);
  if (m) return resolveFilename.call(this, path.join(root, 'libs', m[1], 'src', 'testing'), ...rest);
  return resolveFilename.call(this, request, ...rest);
};

require('../event-store/run.js');
