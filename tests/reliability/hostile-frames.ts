/**
 * The frames a hostile delegate sends at the sync endpoint: random bytes, random bytes dressed as
 * sync and awareness messages, legitimate frames cut short or with flipped bytes, unknown message
 * types, text frames, frames over the size limit, and crafted Yjs updates of the kinds known to make
 * Yjs loop, exhaust memory or overflow the stack (see yjs issues #479, #498, #516 and #687: lying
 * lengths and counts, enormous clocks and lengths, huge and overlapping delete sets, deep nesting,
 * integer overflows), plus content the document layout has no place for.
 */
import { getFragment } from '@accord/ydoc';
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { craftUpdate, type Deletion, frameUpdate, type Section, type Struct } from '../support/craft-update';

export interface HostileFrame {
  /** The family it belongs to, for the figures. */
  readonly family: string;
  readonly name: string;
  readonly data: Uint8Array | string;
}

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

function frameWith(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A frame of `length` random bytes. */
function randomBytes(gen: prng.PRNG, length: number): Uint8Array {
  return prng.uint8Array(gen, length);
}

function randomLength(gen: prng.PRNG): number {
  // Mostly short, as real messages are; now and then a few KiB.
  return prng.uint32(gen, 0, 9) === 0 ? prng.uint32(gen, 64, 4096) : prng.uint32(gen, 0, 64);
}

/** Flips `count` random bytes of a copy of `bytes`. */
function flipBytes(gen: prng.PRNG, bytes: Uint8Array, count: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  for (let i = 0; i < count; i++) {
    const at = prng.uint32(gen, 0, copy.length - 1);
    copy[at] = (copy[at] as number) ^ prng.uint32(gen, 1, 255);
  }
  return copy;
}

/** Whether applying `update` to a copy of `state` would change it (or Yjs would refuse it). */
function changesDocument(state: Uint8Array, update: Uint8Array): boolean {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const before = Y.snapshot(doc);
  let changed = false;
  doc.on('update', () => {
    changed = true;
  });
  try {
    Y.applyUpdate(doc, update);
  } catch {
    return false;
  }
  return (
    changed ||
    doc.store.pendingStructs !== null ||
    doc.store.pendingDs !== null ||
    !Y.equalSnapshots(before, Y.snapshot(doc))
  );
}

/** The first item of the fragment (a paragraph) and the first text run inside it, by id. */
function anchorsOf(state: Uint8Array): {
  paragraph: [number, number];
  text: [number, number];
  client: number;
} {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const paragraph = getFragment(doc).get(0) as Y.XmlElement;
  const text = paragraph.toArray().find((n) => n instanceof Y.XmlText) as Y.XmlText;
  const p = paragraph._item?.id as Y.ID;
  const t = text._item?.id as Y.ID;
  return { paragraph: [p.client, p.clock], text: [t.client, t.clock], client: p.client };
}

/**
 * Crafted Yjs updates by name. `state` is the document as the server holds it; `client` a fresh
 * client id. Each is sent as an Update and as a SyncStep2.
 */
export function craftHostileUpdates(
  state: Uint8Array,
  client: number,
): { name: string; update: Uint8Array }[] {
  const { paragraph, text, client: existing } = anchorsOf(state);
  const one = (structs: Struct[], deletions: Deletion[] = [], clock = 0): Uint8Array =>
    craftUpdate([{ client, clock, structs }], deletions);
  const paragraphAt = (parent: string | [number, number]): Struct => ({
    type: 'item',
    parent,
    content: { type: 'element', name: 'paragraph' },
  });
  const nested = (depth: number): Uint8Array =>
    one(Array.from({ length: depth }, (_, i) => paragraphAt(i === 0 ? 'default' : [client, i - 1])));
  const sections = (count: number): Section[] =>
    Array.from({ length: count }, (_, i) => ({
      client: client + i,
      clock: 0,
      structs: [{ type: 'gc', length: 1 }],
    }));
  /** Bytes written by `write`, for updates no struct model describes. */
  const bytes = (write: (e: encoding.Encoder) => void): Uint8Array => {
    const encoder = encoding.createEncoder();
    write(encoder);
    return encoding.toUint8Array(encoder);
  };
  const varUints = (...values: number[]) =>
    bytes((e) => {
      for (const value of values) encoding.writeVarUint(e, value);
    });
  /** One header value (`meta.subject`) whose encoded value is `value`, as raw bytes. */
  const headerValue = (value: Uint8Array) =>
    bytes((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, 0);
      encoding.writeUint8(e, 8 | 0x20);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, 'meta');
      encoding.writeVarString(e, 'subject');
      encoding.writeVarUint(e, 1);
      encoding.writeUint8Array(e, value);
      encoding.writeVarUint(e, 0);
    });

  return [
    { name: 'a garbage-collected range of length 2^52', update: one([{ type: 'gc', length: 2 ** 52 }]) },
    {
      name: 'a garbage-collected range of length 2^53 - 1',
      update: one([{ type: 'gc', length: 2 ** 53 - 1 }]),
    },
    {
      name: 'a skipped range of length 2^52',
      update: one([
        { type: 'skip', length: 2 ** 52 },
        { type: 'gc', length: 1 },
      ]),
    },
    { name: 'an item at clock 2^50 of a new client', update: one([paragraphAt('default')], [], 2 ** 50) },
    {
      name: 'text at clock 2^40 of an existing client',
      update: craftUpdate([
        {
          client: existing,
          clock: 2 ** 40,
          structs: [{ type: 'item', parent: text, content: { type: 'string', text: 'x' } }],
        },
      ]),
    },
    {
      name: 'a declared count of 2^32 - 1 structs',
      update: craftUpdate([
        { client, clock: 0, declaredCount: 2 ** 32 - 1, structs: [{ type: 'gc', length: 1 }] },
      ]),
    },
    { name: 'a declared count of 2^40 clients', update: varUints(2 ** 40) },
    { name: 'a declared count of 2^40 deleting clients', update: varUints(0, 2 ** 40) },
    { name: 'a varint of 11 bytes', update: Uint8Array.from([...Array(10).fill(0xff), 0x01]) },
    { name: 'a varint of 64 continuation bytes', update: Uint8Array.from(Array(64).fill(0x80)) },
    { name: 'an empty update', update: new Uint8Array() },
    { name: 'a struct of length 0', update: one([{ type: 'gc', length: 0 }]) },
    { name: 'a skipped range of length 0', update: one([{ type: 'skip', length: 0 }]) },
    {
      name: 'a deleted item of length 0',
      update: one([{ type: 'item', parent: text, content: { type: 'deleted', length: 0 } }]),
    },
    {
      name: 'an empty string item',
      update: one([{ type: 'item', parent: text, content: { type: 'string', text: '' } }]),
    },
    {
      name: 'a string of declared length 2^40',
      update: bytes((e) => {
        encoding.writeUint8Array(e, varUints(1, 1, client, 0));
        encoding.writeUint8(e, 4);
        encoding.writeUint8Array(e, varUints(0, text[0], text[1], 2 ** 40));
        encoding.writeUint8Array(e, Uint8Array.of(97, 98, 99, 0));
      }),
    },
    {
      name: 'a deletion of 2^52 from an existing client',
      update: craftUpdate([], [{ client: existing, ranges: [[0, 2 ** 52]] }]),
    },
    {
      name: 'a deletion far beyond an existing client',
      update: craftUpdate([], [{ client: existing, ranges: [[2 ** 45, 10]] }]),
    },
    {
      name: '1,000,000 deleted ranges of a new client',
      update: craftUpdate(
        [],
        [{ client, ranges: Array.from({ length: 1_000_000 }, (_, i) => [i * 3, 1] as const) }],
      ),
    },
    {
      name: '100,000 overlapping deleted ranges of an existing client',
      update: craftUpdate(
        [],
        [{ client: existing, ranges: Array.from({ length: 100_000 }, (_, i) => [i % 7, 3] as const) }],
      ),
    },
    {
      name: 'a deletion of length 0',
      update: craftUpdate([], [{ client: existing, ranges: [[0, 0]] }]),
    },
    {
      name: '4,000,000 garbage-collected structs of one byte (8 MB)',
      update: one(Array.from({ length: 4_000_000 }, () => ({ type: 'gc', length: 1 }) as Struct)),
    },
    { name: '200,000 sections of one struct each', update: craftUpdate(sections(200_000)) },
    { name: 'paragraphs nested 20,000 deep', update: nested(20_000) },
    { name: 'paragraphs nested 5 deep', update: nested(5) },
    {
      name: 'a paragraph inside a paragraph of the document',
      update: one([{ type: 'item', parent: paragraph, content: { type: 'element', name: 'paragraph' } }]),
    },
    {
      name: 'a new element whose parent is still to come',
      update: one([
        { type: 'item', parent: [client + 1, 7], content: { type: 'element', name: 'footnote' } },
      ]),
    },
    {
      name: 'an element that is its own parent',
      update: one([{ type: 'item', parent: [client, 0], content: { type: 'element', name: 'paragraph' } }]),
    },
    {
      name: 'items that are each other’s neighbours',
      update: one([
        { type: 'item', origin: [client, 1], content: { type: 'element', name: 'paragraph' } },
        { type: 'item', origin: [client, 0], content: { type: 'element', name: 'paragraph' } },
      ]),
    },
    { name: 'an element under a root the layout lacks', update: one([paragraphAt('evil')]) },
    {
      name: 'a map under a root the layout lacks',
      update: one([{ type: 'item', parent: 'x', content: { type: 'map' } }]),
    },
    {
      name: 'a script element in the body',
      update: one([{ type: 'item', parent: 'default', content: { type: 'element', name: 'script' } }]),
    },
    {
      name: 'text straight in the body',
      update: one([{ type: 'item', parent: 'default', content: { type: 'string', text: 'loose' } }]),
    },
    {
      name: 'an element in the header',
      update: one([
        { type: 'item', parent: 'meta', sub: 'subject', content: { type: 'element', name: 'paragraph' } },
      ]),
    },
    {
      name: 'a subdocument in a paragraph',
      update: one([{ type: 'item', parent: paragraph, content: { type: 'doc', guid: 'sub' } }]),
    },
    {
      name: 'binary content in a text run',
      update: one([{ type: 'item', parent: text, content: { type: 'binary', bytes: new Uint8Array(16) } }]),
    },
    {
      name: 'an embed in a text run',
      update: one([{ type: 'item', parent: text, content: { type: 'embed', json: '{"a":1}' } }]),
    },
    {
      name: 'legacy JSON content in a text run',
      update: one([{ type: 'item', parent: text, content: { type: 'json', values: ['1'] } }]),
    },
    {
      name: 'a mark the editor does not have',
      update: one([{ type: 'item', parent: text, content: { type: 'format', key: 'script', json: '{}' } }]),
    },
    {
      name: 'a mark whose value is not JSON',
      update: one([{ type: 'item', parent: text, content: { type: 'format', key: 'bracket', json: '{' } }]),
    },
    {
      name: 'a header value nested 100,000 deep',
      update: headerValue(
        bytes((e) => {
          for (let i = 0; i < 100_000; i++) encoding.writeUint8Array(e, Uint8Array.of(117, 1));
          encoding.writeUint8(e, 126);
        }),
      ),
    },
    { name: 'an unknown value type in the header', update: headerValue(Uint8Array.of(50)) },
  ];
}

/** All the frames of a run, in a seeded order. */
export function generateHostileFrames(gen: prng.PRNG, state: Uint8Array, total: number): HostileFrame[] {
  const frames: HostileFrame[] = [];
  const push = (family: string, name: string, data: Uint8Array | string) =>
    frames.push({ family, name, data });

  // Crafted updates, each as an Update and as a SyncStep2.
  for (const { name, update } of craftHostileUpdates(state, prng.uint32(gen, 1_000_000, 0x7fffffff))) {
    push('crafted Yjs update', name, frameUpdate(update, SYNC_UPDATE));
    push('crafted Yjs update', name, frameUpdate(update, SYNC_STEP2));
  }
  // Awareness messages that lie about their count or carry millions of entries.
  const awareness = (write: (e: encoding.Encoder) => void) =>
    frameWith(1, (e) => {
      const body = encoding.createEncoder();
      write(body);
      encoding.writeVarUint8Array(e, encoding.toUint8Array(body));
    });
  push(
    'crafted awareness',
    'an awareness message declaring 2^40 entries',
    awareness((e) => encoding.writeVarUint(e, 2 ** 40)),
  );
  push(
    'crafted awareness',
    'an awareness message of 2,700,000 tiny entries',
    awareness((e) => {
      encoding.writeVarUint(e, 2_700_000);
      for (let i = 0; i < 2_700_000; i++) encoding.writeUint8Array(e, Uint8Array.of(1, 1, 0));
    }),
  );
  push(
    'crafted awareness',
    'an awareness state of JSON nested 30,000 deep',
    awareness((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 7);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, `${'['.repeat(30_000)}${']'.repeat(30_000)}`);
    }),
  );
  // Frames over the 8 MiB limit, text frames and unknown message types.
  for (let i = 0; i < 4; i++)
    push('oversized', 'a frame of 8 MiB + 1', new Uint8Array(8 * 1024 * 1024 + 1).fill(i));
  for (let i = 0; i < 20; i++) push('text frame', 'a text frame', prng.word(gen, 0, 40));
  for (let i = 0; i < 200; i++) {
    const type = prng.uint32(gen, 4, 2 ** 20);
    push(
      'unknown type',
      `message type ${type}`,
      frameWith(type, (e) => encoding.writeUint8Array(e, randomBytes(gen, randomLength(gen)))),
    );
  }
  push('unknown type', 'an empty frame', new Uint8Array());

  // Legitimate frames cut short, with the frame's length kept (lying) or fixed (the update itself cut).
  const legit = [
    frameWith(0, (e) => {
      encoding.writeVarUint(e, SYNC_STEP1);
      encoding.writeVarUint8Array(e, Y.encodeStateVectorFromUpdate(state));
    }),
    frameUpdate(state, SYNC_STEP2),
    frameWith(1, (e) => {
      const body = encoding.createEncoder();
      encoding.writeVarUint(body, 1);
      encoding.writeVarUint(body, 4242);
      encoding.writeVarUint(body, 3);
      encoding.writeVarString(body, JSON.stringify({ cursor: { anchor: 1, head: 4 } }));
      encoding.writeVarUint8Array(e, encoding.toUint8Array(body));
    }),
  ];
  const budget = Math.max(0, total - frames.length);
  const share = (part: number) => Math.floor(budget * part);
  for (let i = 0; i < share(0.1); i++) {
    const frame = prng.oneOf(gen, legit);
    push(
      'truncated',
      'a legitimate frame cut short',
      frame.subarray(0, prng.uint32(gen, 0, frame.length - 1)),
    );
  }
  for (let i = 0; i < share(0.1); i++) {
    push(
      'truncated',
      'a whole update cut short',
      frameUpdate(state.subarray(0, prng.uint32(gen, 0, state.length - 1)), prng.uint32(gen, 1, 2)),
    );
  }
  // The document's own state with bytes flipped: applying it unchanged changes nothing, so any change
  // would come from the flip. Flips that make a valid edit are edits, not attacks: left out.
  for (let i = 0; i < share(0.15); ) {
    const mutated = flipBytes(gen, state, prng.uint32(gen, 1, 4));
    if (changesDocument(state, mutated)) continue;
    push(
      'flipped bytes',
      'the document state with flipped bytes',
      frameUpdate(mutated, prng.uint32(gen, 1, 2)),
    );
    i++;
  }
  for (let i = 0; i < share(0.1); i++) {
    push(
      'awareness',
      'random awareness',
      frameWith(1, (e) => encoding.writeVarUint8Array(e, randomBytes(gen, randomLength(gen)))),
    );
  }
  for (let i = 0; i < share(0.25); i++) {
    const syncType = prng.uint32(gen, 0, 9) === 0 ? prng.uint32(gen, 3, 300) : prng.uint32(gen, 0, 2);
    const payload = randomBytes(gen, randomLength(gen));
    const lie = prng.uint32(gen, 0, 4) === 0;
    push(
      'sync-shaped',
      'random sync payload',
      frameWith(0, (e) => {
        encoding.writeVarUint(e, syncType);
        encoding.writeVarUint(e, lie ? prng.uint32(gen, 0, 2 ** 31) : payload.length);
        encoding.writeUint8Array(e, payload);
      }),
    );
  }
  while (frames.length < total) {
    push('random bytes', 'random bytes', randomBytes(gen, randomLength(gen)));
  }
  // Seeded shuffle, so that families interleave.
  for (let i = frames.length - 1; i > 0; i--) {
    const j = prng.uint32(gen, 0, i);
    [frames[i], frames[j]] = [frames[j] as HostileFrame, frames[i] as HostileFrame];
  }
  return frames;
}
