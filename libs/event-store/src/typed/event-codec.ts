import type { StoredEvent } from '../event-store.port';
import { PayloadError } from './payload';

/** Event type → payload in its current shape: the one declaration of an event union. */
export type PayloadsByType = object;

/** The type names of a union. */
export type EventTypeOf<M extends PayloadsByType> = keyof M & string;

/** What a codec reads: a stored event, or any record of one (a row that kept its type and payload). */
export interface EventRecord {
  readonly type: string;
  readonly data: unknown;
  readonly streamId?: string;
  readonly version?: number;
}

/** `E` with its payload decoded: narrowed by `type`, so a `switch (e.type)` narrows `e.data` without a cast. */
export type Decoded<M extends PayloadsByType, E extends EventRecord = StoredEvent> = {
  [K in EventTypeOf<M>]: Omit<E, 'type' | 'data'> & { readonly type: K; readonly data: M[K] };
}[EventTypeOf<M>];

/** A stored event of the union `M`, decoded. */
export type TypedEvent<M extends PayloadsByType> = Decoded<M, StoredEvent>;

/** Just the type and payload of an event of the union (what a domain event is made of). */
export type EventPayload<M extends PayloadsByType> = Decoded<M, { type: string; data: unknown }>;

/**
 * The decode step of each type: a stored payload, in any shape ever written, to the current one (the one place
 * older shapes are upcast). Throws a `PayloadError` (or any error) for a payload it cannot read.
 */
export type PayloadDecoders<M extends PayloadsByType> = {
  readonly [T in EventTypeOf<M>]: (data: unknown) => M[T];
};

/** A stored event the codec of its type cannot read: names the stream, version and type, and why. */
export class MalformedEventError extends Error {
  constructor(
    readonly event: EventRecord,
    readonly union: string,
    readonly reason: string,
  ) {
    super(
      `Stored event ${event.streamId ?? '(unknown stream)'}@${event.version ?? '?'} is not a valid ${event.type} ` +
        `(${union} events): ${reason}`,
    );
    this.name = 'MalformedEventError';
  }
}

/**
 * The typed reading of one event union, declared where its events are: which types it knows and how each
 * payload is decoded. `decode` reads one stored event (undefined for another union's type), `filter` the events
 * of a batch or stream that belong to the union.
 */
export class EventCodec<M extends PayloadsByType> {
  /** The types the union knows, in declaration order. */
  readonly types: readonly EventTypeOf<M>[];

  constructor(
    /** For messages: `milestone`, `alert`, … */
    readonly union: string,
    private readonly decoders: PayloadDecoders<M>,
  ) {
    this.types = Object.keys(decoders) as EventTypeOf<M>[];
  }

  /** Whether the union has this type. */
  knows(type: string): type is EventTypeOf<M> {
    return Object.prototype.hasOwnProperty.call(this.decoders, type);
  }

  /** The event decoded, or undefined when its type is not the union's; a `MalformedEventError` if unreadable. */
  decode<E extends EventRecord>(e: E): Decoded<M, E> | undefined {
    if (!this.knows(e.type)) return undefined;
    // The one place a stored payload becomes typed: the decoder of its type has just read it.
    const decoded: unknown = { ...e, data: this.decodeData(e, e.type) };
    return decoded as Decoded<M, E>;
  }

  /** Only its type and decoded payload (what a domain event is made of), without copying the stored fields. */
  payload(e: EventRecord): EventPayload<M> | undefined {
    if (!this.knows(e.type)) return undefined;
    const payload: unknown = { type: e.type, data: this.decodeData(e, e.type) };
    return payload as EventPayload<M>;
  }

  private decodeData(e: EventRecord, type: EventTypeOf<M>): unknown {
    try {
      return this.decoders[type](e.data);
    } catch (err) {
      throw new MalformedEventError(e, this.union, err instanceof PayloadError ? err.message : String(err));
    }
  }

  /** Like `decode`, for an event that must be the union's (an unknown type is an error too). */
  expect<E extends EventRecord>(e: E): Decoded<M, E> {
    const decoded = this.decode(e);
    if (decoded === undefined) {
      throw new MalformedEventError(e, this.union, `not one of its types (${this.types.join(', ')})`);
    }
    return decoded;
  }

  /** The typed event filter: the union's events of a batch (or stream), in order, decoded; others skipped. */
  filter<E extends EventRecord>(events: Iterable<E>): Decoded<M, E>[] {
    const out: Decoded<M, E>[] = [];
    for (const e of events) {
      const d = this.decode(e);
      if (d !== undefined) out.push(d);
    }
    return out;
  }

  /** The codec of some of the union's types (a consumer's filter: the others are skipped, never decoded). */
  pick<T extends EventTypeOf<M>>(...types: readonly T[]): EventCodec<Pick<M, T>> {
    const decoders: Partial<Record<T, (data: unknown) => unknown>> = {};
    for (const t of types) decoders[t] = this.decoders[t];
    return new EventCodec<Pick<M, T>>(this.union, decoders as PayloadDecoders<Pick<M, T>>);
  }

  /** One codec for the types of both unions (a consumer reading several); their type names must not overlap. */
  and<N extends PayloadsByType>(other: EventCodec<N>): EventCodec<M & N> {
    const overlap = other.types.filter((t) => this.knows(t));
    if (overlap.length > 0) throw new Error(`Event unions overlap on ${overlap.join(', ')}`);
    const decoders = { ...this.decoders, ...other.decoders } as PayloadDecoders<M & N>;
    return new EventCodec<M & N>(`${this.union} + ${other.union}`, decoders);
  }
}
