// The libs, read from tsconfig.json's paths (`@app/<lib>` → libs/<lib>/src, `@app/<lib>/testing` → its test
// builders, `@app/milestones/labels` → the labels the browser bundles too): the one list tsc, jest (module names)
// and eslint (lib boundaries) all use.
const { compilerOptions } = require('./tsconfig.json');

/** `{ '@app/plans': 'libs/plans/src', '@app/plans/testing': … }` */
const aliases = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, target]),
);
const libs = Object.keys(aliases)
  .filter((alias) => /^@app\/[^/]+$/.test(alias))
  .map((alias) => alias.slice('@app/'.length));

module.exports = { aliases, libs };
