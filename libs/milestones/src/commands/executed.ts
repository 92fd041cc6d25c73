/**
 * A command's result as its handler answers it. `replayed`: its events were already stored by an earlier execution
 * under the same idempotency key (found by their ids, which derive from the key), so nothing was recorded now and the
 * result is the first execution's. False for a command that recorded its events now, and for one without a key.
 */
export type Executed<R> = R & { readonly replayed: boolean };
