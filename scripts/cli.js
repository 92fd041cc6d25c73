// npm run -s cli -- <command>: build when needed, then run the CLI.
const path = require('node:path');
const { ensureBuild, root } = require('./ensure-build');
ensureBuild({ quiet: true });
require(path.join(root, 'dist/apps/cli/src/main.js'));
