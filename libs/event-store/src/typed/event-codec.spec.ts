import type { StoredEvent } from '../event-store.port';
import { EventCodec, MalformedEventError } from './event-codec';
import { shape } from './payload';

interface Payloads {
  Opened: { readonly name: string; readonly size?: number };
  Closed: { readonly reason: string };
}
interface OtherPayloads {
  Noted: { readonly text: string };
}

/** A second shape of `Opened` was written once: `title` instead of `name`. */
const codec = new EventCodec<Payloads>('thing', {
  Opened: shape<Payloads['Opened'], { name?: string; title?: string; size?: number }>(
    { name: 'string?', title: 'string?', size: 'number?' },
    (d) => ({ name: d.name ?? d.title ?? '', ...(d.size !== undefined ? { size: d.size } : {}) }),
  ),
  Closed: shape({ reason: 'string' }),
});
const other = new EventCodec<OtherPayloads>('other', { Noted: shape({ text: 'string' }) });

function stored(type: string, data: unknown, version = 1): StoredEvent {
  return {
    eventId: `e-${version}`,
    type,
    data,
    metadata: { occurredAt: '2021-03-01T00:00:00.000Z' },
    streamId: 'thing-1',
    version,
    position: version,
    recordedAt: new Date('2021-03-01T00:00:00.000Z'),
    prevHash: '',
    hash: '',
  };
}

describe('EventCodec', () => {
  it('decodes a stored event narrowed by its type: the payload needs no cast', () => {
    const e = codec.decode(stored('Closed', { reason: 'done' }));
    if (e === undefined) throw new Error('expected a decoded event');
    switch (e.type) {
      case 'Opened':
        // @ts-expect-error: an Opened payload has no `reason`
        expect(e.data.reason).toBeUndefined();
        break;
      case 'Closed':
        expect(e.data.reason).toBe('done');
        // @ts-expect-error: a Closed payload has no `name`
        expect(e.data.name).toBeUndefined();
        break;
    }
    expect(e).toMatchObject({ streamId: 'thing-1', version: 1, position: 1 });
    expect(codec.payload(e)).toEqual({ type: 'Closed', data: { reason: 'done' } });
  });

  it('upcasts an older shape in its decoder, the one place readers get the current shape from', () => {
    expect(codec.decode(stored('Opened', { title: 'old' }))?.data).toEqual({ name: 'old' });
    expect(codec.decode(stored('Opened', { name: 'new', size: 3 }))?.data).toEqual({ name: 'new', size: 3 });
  });

  it('leaves other unions’ events out: undefined from decode, skipped by the filter', () => {
    expect(codec.decode(stored('Noted', { text: 'x' }))).toBeUndefined();
    const batch = [
      stored('Opened', { name: 'a' }, 1),
      stored('Noted', { text: 'x' }, 2),
      stored('Closed', { reason: 'r' }, 3),
    ];
    expect(codec.filter(batch).map((e) => [e.type, e.version])).toEqual([
      ['Opened', 1],
      ['Closed', 3],
    ]);
    expect(codec.and(other).filter(batch)).toHaveLength(3);
    expect(
      codec
        .pick('Closed')
        .filter(batch)
        .map((e) => e.type),
    ).toEqual(['Closed']);
    expect(codec.pick('Closed').knows('Opened')).toBe(false);
  });

  it('names the stream, version and type of a malformed payload, and why', () => {
    const read = () => codec.decode(stored('Closed', { reason: 42 }, 7));
    expect(read).toThrow(MalformedEventError);
    expect(read).toThrow(
      'Stored event thing-1@7 is not a valid Closed (thing events): field "reason" is number, not string',
    );
    expect(() => codec.decode(stored('Closed', null, 2))).toThrow(
      'Stored event thing-1@2 is not a valid Closed (thing events): the payload is null, not an object',
    );
    expect(() => codec.decode(stored('Closed', {}, 3))).toThrow('field "reason" is missing, not string');
  });

  it('reads a record that kept an event’s type and payload (a row), and rejects a type it does not know', () => {
    expect(codec.pick('Closed').expect({ type: 'Closed', data: { reason: 'r' } }).data.reason).toBe('r');
    expect(() => codec.expect({ type: 'Noted', data: {}, streamId: 's' })).toThrow(
      'Stored event s@? is not a valid Noted (thing events): not one of its types (Opened, Closed)',
    );
  });

  it('refuses to join unions whose type names overlap', () => {
    expect(() => codec.and(codec.pick('Closed'))).toThrow('Event unions overlap on Closed');
  });
});
