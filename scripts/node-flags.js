'use strict';
/**
 * The V8 flags `npm start` gives the service (package.json's `start` script: its `--` words before the script), for
 * whatever starts the service another way (the e2e and fault tests, the benches): the same process as `npm start`.
 * `npm run start:worker` and the image carry the same ones (libs/platform/src/workspace.spec.ts).
 */
const fs = require('node:fs');
const path = require('node:path');

function serviceNodeFlags() {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  return pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

module.exports = { serviceNodeFlags };
