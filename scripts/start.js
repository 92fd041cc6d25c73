// npm start: build when needed, then run the service (API + worker in one process).
const path = require('node:path');
const { ensureBuild, root } = require('./ensure-build');
ensureBuild();
require(path.join(root, 'dist/apps/api/src/main.js'));
