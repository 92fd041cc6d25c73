'use strict';
// `npm run openapi`: writes docs/openapi.json (the document the API serves) and the dashboard's types generated
// from it (apps/dashboard/src/api/openapi.d.ts). Runs scripts/openapi/write-openapi.ts with the benches'
// TypeScript runner (swc on require, the @app/<lib> aliases).
const path = require('node:path');

process.argv.splice(2, 0, path.join(__dirname, 'openapi', 'write-openapi.ts'));
require('../bench/read-models/run.js');
