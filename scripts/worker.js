// npm run start:worker: a worker process on its own (consumers only, no HTTP).
const path = require('node:path');
const { ensureBuild, root } = require('./ensure-build');
ensureBuild();
require(path.join(root, 'dist/apps/worker/src/main.js'));
