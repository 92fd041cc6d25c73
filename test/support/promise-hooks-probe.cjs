// Preloaded (NODE_OPTIONS=--require) into a service process by test/promise-hooks.e2e-spec.ts: on SIGUSR2 it writes
// whether Node's promise hooks are on. With them on, the resource running after an `await` is the promise itself;
// off, it is the enclosing one. (A probe of the process itself: jest's own process runs with hooks on.)
const { executionAsyncResource } = require('node:async_hooks');

process.on('SIGUSR2', () => {
  void (async () => {
    await null;
    const on = executionAsyncResource() instanceof Promise;
    process.stdout.write(`PROMISE_HOOKS ${on ? 'on' : 'off'}\n`);
  })();
});
