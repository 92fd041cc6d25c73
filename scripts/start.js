// npm start: build when needed, then run the service (API + worker in one process).
const path = require('node:path');
const { ensureBuild, root } = require('./ensure-build');
const { ensureDashboardBuild } = require('../apps/dashboard/ensure-build.cjs');
ensureBuild();
ensureDashboardBuild(); // when missing; never throws: without Vite the API still runs and / says how to build
require(path.join(root, 'dist/apps/api/src/main.js'));
