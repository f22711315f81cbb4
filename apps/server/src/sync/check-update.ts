/**
 * Checks a client's Yjs update (v1 encoding) before the server applies it, without building any Yjs
 * structs. Yjs trusts what it decodes: a GC struct of length 2^52 or an item with an enormous clock
 * is taken as is, 8 MiB of two-byte structs become four million objects (about 450 MB for
 * `Y.decodeUpdate`), and elements nested twenty thousand deep overflow the stack when Yjs garbage
 * collects them, inside a transaction it then never finishes, which breaks the document for everyone
 * (browsers' y-prosemirror recurses over them as well). So an update is refused unless
 *
 *  - it is well formed, to its last byte, as Yjs writes it: each client once, deletions in order and
 *    not overlapping;
 *  - every struct and deletion has a length and ends below MAX_CLIENT_CLOCK;
 *  - it holds at most MAX_UPDATE_STRUCTS structs, MAX_UPDATE_DELETE_RANGES deletions and
 *    MAX_UPDATE_CLIENTS clients;
 *  - every item fits the document layout of @accord/ydoc: in the `default` fragment only `paragraph`
 *    elements; in a paragraph, text runs and `footnote` elements; in a text run, text and the
 *    `bracket` mark; `meta` and attributes hold plain values, and elements only the attributes the
 *    editor schema has (a paragraph `id`, `kind`, `start`; a footnote `id`, `text`). That bounds
 *    nesting at three levels;
 *  - from a writer who may not change the header (`mayChangeHeader: false`: a delegate), it neither
 *    writes into the `meta` map (a value set, replaced, or a deleted entry put in its place) nor deletes
 *    an entry the map holds. What changes nothing there passes: a deletion of what is already deleted
 *    (every SyncStep2 repeats the client's whole delete set) and a struct the document already has.
 *
 * An item's place comes from its explicit parent or, as in Yjs, from its left neighbour (its right one
 * when it has none), looked up in the update itself or in the document. A neighbour that was garbage collected makes
 * Yjs drop the item's content, so anything goes there. An item whose parent or neighbours are nowhere
 * yet (an update after one that was lost) cannot be placed: the update is `waiting`, and must not be
 * applied until what it builds on has arrived (Yjs would keep it pending and integrate it later,
 * unchecked: that is how a chain of pending elements would nest without bound). So is an update that
 * deletes what the document does not have: Yjs would keep the deletion pending and try it again at
 * every later update, on the server and on every client, for good (a few of them naming thousands of
 * made-up clients made each keystroke cost a second).
 */
import { err, ok, type Result } from '@accord/model';
import {
  BLOCK_NODE,
  BlockAttr,
  BRACKET_MARK,
  FOOTNOTE_NODE,
  FootnoteAttr,
  FRAGMENT_NAME,
  META_NAME,
} from '@accord/ydoc';
import * as Y from 'yjs';
import { ByteReader, MalformedMessageError } from './protocol';

/** No editor session inserts four billion characters; a clock beyond this is forged. */
export const MAX_CLIENT_CLOCK = 2 ** 32;
/** Structs in one update; a 2,000-block document's whole history is far below this. */
export const MAX_UPDATE_STRUCTS = 500_000;
/** Deleted ranges in one update. */
export const MAX_UPDATE_DELETE_RANGES = 500_000;
/**
 * Client ids in one update. One id per editor session: years of daily sessions of every delegation of
 * a working party stay below it, so even a full resync after a restore from backup passes.
 */
export const MAX_UPDATE_CLIENTS = 100_000;
/** Nesting of arrays and objects in a plain value (an attribute or a header field). */
const MAX_VALUE_DEPTH = 32;

export interface UpdateLimits {
  readonly maxClientClock: number;
  readonly maxStructs: number;
  readonly maxDeleteRanges: number;
  readonly maxClients: number;
}

export const DEFAULT_UPDATE_LIMITS: UpdateLimits = {
  maxClientClock: MAX_CLIENT_CLOCK,
  maxStructs: MAX_UPDATE_STRUCTS,
  maxDeleteRanges: MAX_UPDATE_DELETE_RANGES,
  maxClients: MAX_UPDATE_CLIENTS,
};

export type UpdateRefusal =
  | { readonly code: 'malformed'; readonly message: string }
  | { readonly code: 'too-large'; readonly message: string }
  | { readonly code: 'outside-layout'; readonly message: string }
  /** Content the writer may not write: the header, for a role without `edit-header`. */
  | { readonly code: 'not-permitted'; readonly message: string };

const HEADER_REFUSED = 'this role may not change the document header';

/** Where an item sits: what its parent is, and whether it is an attribute (a map entry) of it. */
const Place = {
  fragment: 0,
  meta: 1,
  paragraph: 2,
  footnote: 3,
  text: 4,
  /** Anything the layout does not have. */
  foreign: 5,
  /** Next to a garbage-collected neighbour: Yjs keeps no content there. */
  collected: 6,
  /** The neighbours are not known yet; Yjs keeps the item pending. */
  unknown: 7,
} as const;
type Place = (typeof Place)[keyof typeof Place];

/** What an item holds, as far as the layout cares. */
const Kind = {
  deleted: 0,
  string: 1,
  bracket: 2,
  value: 3,
  paragraph: 4,
  footnote: 5,
  text: 6,
  foreign: 7,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const ContentRef = {
  deleted: 1,
  json: 2,
  binary: 3,
  string: 4,
  embed: 5,
  format: 6,
  type: 7,
  any: 8,
  doc: 9,
};
const TypeRef = { xmlElement: 3, xmlHook: 5, xmlText: 6 };
const SKIP = 10;
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;

/** One struct of the update: an item, or a garbage-collected range (`collected`) items may point into. */
interface ParsedItem {
  readonly client: number;
  readonly clock: number;
  readonly length: number;
  readonly kind: Kind;
  readonly collected?: true;
  /** Explicit parent: a root name, or the id of a type item; else the neighbours decide. */
  readonly parentName: string | null;
  readonly parentId: [number, number] | null;
  readonly origin: [number, number] | null;
  readonly rightOrigin: [number, number] | null;
  /** The attribute's name when the item names one (else a neighbour's place is taken, as in Yjs). */
  readonly key: string | null;
}

/** Where an item is, and the attribute (map entry) of that place it is, if it is one. */
interface Placement {
  readonly place: Place;
  readonly key: string | null;
}

/** The attributes an element of the layout may carry: those of the editor schema. */
const ATTRIBUTES_OF: Partial<Record<Place, ReadonlySet<string>>> = {
  [Place.paragraph]: new Set(Object.values(BlockAttr)),
  [Place.footnote]: new Set(Object.values(FootnoteAttr)),
};

/**
 * A garbage-collected range: an item next to it loses its content, as in Yjs. Built field by field:
 * `{ ...constant, client, clock, length }` takes V8's slow path (see describe-audit.ts).
 */
function collected(client: number, clock: number, length: number) {
  return {
    kind: Kind.deleted,
    collected: true as const,
    parentName: null,
    parentId: null,
    origin: null,
    rightOrigin: null,
    key: null,
    client,
    clock,
    length,
  };
}

class Refused extends Error {
  constructor(readonly refusal: UpdateRefusal) {
    super(refusal.message);
  }
}

const refuse = (code: UpdateRefusal['code'], message: string): never => {
  throw new Refused({ code, message } as UpdateRefusal);
};

/**
 * `ready`: every item has its place. `waiting`: some build on structs the document does not have yet,
 * of `clients`: checking again is worth it only once one of those clients' state has advanced.
 */
export type UpdateReadiness =
  | { readonly type: 'ready' }
  | { readonly type: 'waiting'; readonly clients: readonly number[] };

export interface CheckOptions {
  /** @default DEFAULT_UPDATE_LIMITS */
  readonly limits?: UpdateLimits;
  /** Receives, for each client id the update writes structs as, the clock its structs end at. */
  readonly structEnds?: Map<number, number>;
  /**
   * Whether the update may set, change or delete entries of the `meta` map: only a role that may
   * `edit-header`. @default true
   */
  readonly mayChangeHeader?: boolean;
}

/** Checks `update` against `doc`'s current state. Nothing is applied. */
export function checkUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  { limits = DEFAULT_UPDATE_LIMITS, structEnds, mayChangeHeader = true }: CheckOptions = {},
): Result<UpdateReadiness, UpdateRefusal> {
  try {
    const header = mayChangeHeader ? undefined : guardHeader(doc);
    const { items, deletions } = readUpdate(new ByteReader(update), limits, structEnds, header);
    return ok(placeItems(doc, items, deletions, mayChangeHeader));
  } catch (error) {
    if (error instanceof Refused) return err(error.refusal);
    if (error instanceof MalformedMessageError) return err({ code: 'malformed', message: error.message });
    // Items whose neighbours lead on through more items than the stack holds: no editor makes those.
    if (error instanceof RangeError) return err({ code: 'malformed', message: 'items linked too deeply' });
    throw error;
  }
}

/** Clock ranges `[from, to)` of one client's structs, in order, adjacent ones joined. */
export type ClockRanges = [from: number, to: number][];

/**
 * The clock ranges per client of the structs `update` holds (its skips are gaps between them).
 * Throws on an update `checkUpdate` would refuse as malformed or too large.
 */
export function readStructRanges(update: Uint8Array): Map<number, ClockRanges> {
  const { items } = readUpdate(new ByteReader(update), DEFAULT_UPDATE_LIMITS);
  const ranges = new Map<number, ClockRanges>();
  for (const item of items) {
    let list = ranges.get(item.client);
    if (list === undefined) {
      list = [];
      ranges.set(item.client, list);
    }
    const last = list.at(-1);
    if (last !== undefined && last[1] === item.clock) last[1] += item.length;
    else list.push([item.clock, item.clock + item.length]);
  }
  return ranges;
}

/** Per deleting client, the end (clock + length) of its last deleted range. */
type DeletionEnds = Map<number, number>;

/** The clock ranges of the header a deleting client must not touch (see `readHeaderRanges`). */
type HeaderGuard = (client: number) => ClockRanges | undefined;

/**
 * The header's ranges for a deleting client, read from `doc` at the first deletion that asks: only a
 * deletion can touch an entry the header holds (a value written into it is refused where the item is
 * placed), and most updates, a keystroke's, delete nothing.
 */
function guardHeader(doc: Y.Doc): HeaderGuard {
  let ranges: Map<number, ClockRanges> | null = null;
  return (client) => {
    ranges ??= readHeaderRanges(doc);
    return ranges.get(client);
  };
}

/**
 * The clock ranges `[from, to)` of the entries the header (`meta` map) holds now, per client: what a
 * deletion by a writer who may not change the header must not touch. One item per field, a dozen at most.
 */
function readHeaderRanges(doc: Y.Doc): Map<number, ClockRanges> {
  const ranges = new Map<number, ClockRanges>();
  // The root type as Yjs holds it: a Y.Map once asked for as one, else the type an update created.
  const meta = doc.share.get(META_NAME);
  for (const entry of meta?._map.values() ?? []) {
    if (entry.deleted) continue;
    const { client, clock } = entry.id;
    let list = ranges.get(client);
    if (list === undefined) {
      list = [];
      ranges.set(client, list);
    }
    list.push([clock, clock + entry.length]);
  }
  return ranges;
}

/**
 * Reads and bounds the update; `header`, when given (see `guardHeader`), is refused any deletion
 * reaching into it.
 */
function readUpdate(
  reader: ByteReader,
  limits: UpdateLimits,
  structEnds?: Map<number, number>,
  header?: HeaderGuard,
): { items: ParsedItem[]; deletions: DeletionEnds } {
  const items: ParsedItem[] = [];
  const deletions: DeletionEnds = new Map();
  let structs = 0;
  const sections = reader.readVarUint();
  if (sections > limits.maxClients)
    refuse('too-large', `an update holds at most ${limits.maxClients} clients`);
  const seen = new Set<number>();
  for (let s = 0; s < sections; s++) {
    const count = reader.readVarUint();
    const client = reader.readVarUint();
    if (seen.has(client)) refuse('malformed', `client ${client} appears twice`);
    seen.add(client);
    let clock = reader.readVarUint();
    structs += count;
    if (structs > limits.maxStructs) {
      refuse('too-large', `an update holds at most ${limits.maxStructs} structs`);
    }
    for (let i = 0; i < count; i++) {
      const info = readByte(reader);
      const ref = info & 0x1f;
      let length: number;
      if (ref === 0 || ref === SKIP) {
        length = reader.readVarUint();
        if (ref === 0) items.push(collected(client, clock, length));
      } else {
        const item = readItem(reader, info, client, clock);
        items.push(item);
        length = item.length;
      }
      if (length < 1) refuse('malformed', `a struct of client ${client} has no length`);
      clock += length;
      if (clock > limits.maxClientClock) {
        refuse('too-large', `client ${client} reaches clock ${clock}, beyond ${limits.maxClientClock}`);
      }
    }
    if (count > 0) structEnds?.set(client, clock);
  }
  let ranges = 0;
  const deleters = reader.readVarUint();
  if (deleters > limits.maxClients)
    refuse('too-large', `an update holds at most ${limits.maxClients} clients`);
  seen.clear();
  for (let d = 0; d < deleters; d++) {
    const client = reader.readVarUint();
    if (seen.has(client)) refuse('malformed', `client ${client} appears twice among the deletions`);
    seen.add(client);
    const count = reader.readVarUint();
    ranges += count;
    if (ranges > limits.maxDeleteRanges) {
      refuse('too-large', `an update deletes at most ${limits.maxDeleteRanges} ranges`);
    }
    let end = 0;
    const guarded = count > 0 ? header?.(client) : undefined;
    for (let i = 0; i < count; i++) {
      const clock = reader.readVarUint();
      const length = reader.readVarUint();
      if (length < 1) refuse('malformed', `a deletion of client ${client} has no length`);
      if (clock < end) refuse('malformed', `deletions of client ${client} overlap or are out of order`);
      end = clock + length;
      if (end > limits.maxClientClock) {
        refuse('too-large', `a deletion of client ${client} reaches beyond clock ${limits.maxClientClock}`);
      }
      if (guarded?.some(([from, to]) => clock < to && from < end)) refuse('not-permitted', HEADER_REFUSED);
    }
    if (count > 0) deletions.set(client, end);
  }
  if (!reader.done) refuse('malformed', 'bytes after the end of the update');
  return { items, deletions };
}

// As lib0 decodes strings, so that lengths (UTF-16 units, the clock) agree with Yjs's: a leading BOM counts.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function readString(reader: ByteReader): string {
  const bytes = reader.readVarUint8Array();
  try {
    return utf8.decode(bytes);
  } catch {
    throw new MalformedMessageError('text that is not UTF-8');
  }
}

function readByte(reader: ByteReader): number {
  if (reader.done) throw new MalformedMessageError('unexpected end of message');
  return reader.bytes[reader.pos++] as number;
}

function readId(reader: ByteReader): [number, number] {
  return [reader.readVarUint(), reader.readVarUint()];
}

function readItem(reader: ByteReader, info: number, client: number, clock: number): ParsedItem {
  const origin = info & HAS_ORIGIN ? readId(reader) : null;
  const rightOrigin = info & HAS_RIGHT_ORIGIN ? readId(reader) : null;
  let parentName: string | null = null;
  let parentId: [number, number] | null = null;
  let key: string | null = null;
  if (origin === null && rightOrigin === null) {
    if (reader.readVarUint() === 1) parentName = readString(reader);
    else parentId = readId(reader);
    if (info & HAS_PARENT_SUB) key = readString(reader);
  }
  const { kind, length } = readContent(reader, info & 0x1f);
  return { client, clock, length, kind, parentName, parentId, origin, rightOrigin, key };
}

function readContent(reader: ByteReader, ref: number): { kind: Kind; length: number } {
  switch (ref) {
    case ContentRef.deleted:
      return { kind: Kind.deleted, length: reader.readVarUint() };
    case ContentRef.string:
      return { kind: Kind.string, length: readString(reader).length };
    case ContentRef.format: {
      const key = readString(reader);
      readJson(reader);
      return { kind: key === BRACKET_MARK ? Kind.bracket : Kind.foreign, length: 1 };
    }
    case ContentRef.type: {
      const typeRef = reader.readVarUint();
      if (typeRef === TypeRef.xmlText) return { kind: Kind.text, length: 1 };
      if (typeRef === TypeRef.xmlElement || typeRef === TypeRef.xmlHook) {
        const name = readString(reader);
        if (typeRef === TypeRef.xmlElement && name === BLOCK_NODE) return { kind: Kind.paragraph, length: 1 };
        if (typeRef === TypeRef.xmlElement && name === FOOTNOTE_NODE)
          return { kind: Kind.footnote, length: 1 };
        return { kind: Kind.foreign, length: 1 };
      }
      if (typeRef > TypeRef.xmlText) throw new MalformedMessageError(`unknown type ${typeRef}`);
      return { kind: Kind.foreign, length: 1 };
    }
    case ContentRef.any: {
      const count = reader.readVarUint();
      for (let i = 0; i < count; i++) skipValue(reader);
      return { kind: Kind.value, length: count };
    }
    case ContentRef.json: {
      const count = reader.readVarUint();
      for (let i = 0; i < count; i++) readString(reader);
      return { kind: Kind.foreign, length: count };
    }
    case ContentRef.binary:
      reader.readVarUint8Array();
      return { kind: Kind.foreign, length: 1 };
    case ContentRef.embed:
      readJson(reader);
      return { kind: Kind.foreign, length: 1 };
    case ContentRef.doc:
      readString(reader);
      skipValue(reader);
      return { kind: Kind.foreign, length: 1 };
    default:
      throw new MalformedMessageError(`unknown content ${ref}`);
  }
}

function readJson(reader: ByteReader): void {
  try {
    JSON.parse(readString(reader));
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError('a value that is not JSON');
  }
}

/** Skips one value of lib0's `writeAny` encoding (recursion bounded by MAX_VALUE_DEPTH). */
function skipValue(reader: ByteReader, depth = 0): void {
  if (depth > MAX_VALUE_DEPTH) throw new MalformedMessageError('a value nested too deeply');
  const type = readByte(reader);
  switch (type) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return;
    case 125: // varInt
      for (let i = 0; readByte(reader) & 0x80; i++) {
        if (i > 8) throw new MalformedMessageError('integer out of range');
      }
      return;
    case 124: // float32
      skipBytes(reader, 4);
      return;
    case 123: // float64
    case 122: // bigint64
      skipBytes(reader, 8);
      return;
    case 119: // string
      readString(reader);
      return;
    case 116: // Uint8Array
      reader.readVarUint8Array();
      return;
    case 118: {
      // object: count, then key and value pairs
      const count = reader.readVarUint();
      for (let i = 0; i < count; i++) {
        readString(reader);
        skipValue(reader, depth + 1);
      }
      return;
    }
    case 117: {
      // array: count, then values
      const count = reader.readVarUint();
      for (let i = 0; i < count; i++) skipValue(reader, depth + 1);
      return;
    }
    default:
      throw new MalformedMessageError(`unknown value type ${type}`);
  }
}

function skipBytes(reader: ByteReader, count: number): void {
  if (reader.bytes.length - reader.pos < count) throw new MalformedMessageError('unexpected end of message');
  reader.pos += count;
}

/** The kinds each place may hold (attributes hold plain values wherever they are). */
function fits(placement: Placement, kind: Kind): boolean {
  if (kind === Kind.deleted || placement.place === Place.collected) return true;
  if (placement.key !== null) {
    if (kind !== Kind.value) return false;
    if (placement.place === Place.meta || placement.place === Place.unknown) return true;
    return ATTRIBUTES_OF[placement.place]?.has(placement.key) ?? false;
  }
  switch (placement.place) {
    case Place.fragment:
      return kind === Kind.paragraph;
    case Place.paragraph:
      return kind === Kind.text || kind === Kind.footnote;
    case Place.text:
      return kind === Kind.string || kind === Kind.bracket;
    case Place.unknown:
      // Not placed yet; content that fits nowhere is refused at once.
      return kind !== Kind.foreign;
    default:
      return false;
  }
}

const PLACE_OF_KIND: Partial<Record<Kind, Place>> = {
  [Kind.paragraph]: Place.paragraph,
  [Kind.footnote]: Place.footnote,
  [Kind.text]: Place.text,
};

/**
 * Finds each item's place (in order, neighbours in the update first) and checks it fits, and, unless
 * `mayChangeHeader`, that it writes nothing new into the header.
 */
function placeItems(
  doc: Y.Doc,
  items: readonly ParsedItem[],
  deletions: DeletionEnds,
  mayChangeHeader: boolean,
): UpdateReadiness {
  // Items of the update by client, in clock order (as encoded), for lookups by id.
  const byClient = new Map<number, ParsedItem[]>();
  for (const item of items) {
    let list = byClient.get(item.client);
    if (list === undefined) {
      list = [];
      byClient.set(item.client, list);
    }
    list.push(item);
  }
  const placements = new Map<ParsedItem, Placement>();
  /** Clients whose missing structs leave an item without a place. */
  const waitingOn = new Set<number>();
  const findInUpdate = ([client, clock]: [number, number]): ParsedItem | null => {
    const list = byClient.get(client);
    if (list === undefined) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const item = list[mid] as ParsedItem;
      if (clock < item.clock) high = mid - 1;
      else if (clock >= item.clock + item.length) low = mid + 1;
      else return item;
    }
    return null;
  };

  // An explicit parent: the place inside that type item.
  const insideOf = (id: [number, number], visiting: Set<ParsedItem>): Place => {
    const inUpdate = findInUpdate(id);
    if (inUpdate !== null) {
      // A parent item of this same update must be placed first (it cannot be its own ancestor).
      if (visiting.has(inUpdate)) return Place.foreign;
      placeOf(inUpdate, visiting);
      // Yjs takes the parent's `content.type`: an item that is no type (any more) makes the child a GC.
      return PLACE_OF_KIND[inUpdate.kind] ?? Place.collected;
    }
    const struct = findInDoc(doc, id);
    if (struct === undefined) {
      waitingOn.add(id[0]);
      return Place.unknown;
    }
    // A deleted element's content is replaced once collected: its children are dropped the same way.
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) return Place.collected;
    return placeOfType(doc, struct.content.type);
  };

  // A neighbour: the item sits where the neighbour sits.
  const besideOf = (id: [number, number], visiting: Set<ParsedItem>): Placement => {
    const inUpdate = findInUpdate(id);
    if (inUpdate !== null) {
      if (visiting.has(inUpdate)) return UNKNOWN;
      return placeOf(inUpdate, visiting);
    }
    const struct = findInDoc(doc, id);
    if (struct === undefined) {
      waitingOn.add(id[0]);
      return UNKNOWN;
    }
    if (struct instanceof Y.GC || !(struct instanceof Y.Item)) return COLLECTED_PLACE;
    const parent = struct.parent;
    if (!(parent instanceof Y.AbstractType)) return COLLECTED_PLACE;
    return { place: placeOfType(doc, parent), key: struct.parentSub };
  };

  const placeOf = (item: ParsedItem, visiting: Set<ParsedItem>): Placement => {
    const known = placements.get(item);
    if (known !== undefined) return known;
    visiting.add(item);
    let placement: Placement;
    if (item.collected) {
      placement = COLLECTED_PLACE;
    } else if (item.parentName !== null) {
      const place =
        item.parentName === FRAGMENT_NAME
          ? Place.fragment
          : item.parentName === META_NAME
            ? Place.meta
            : Place.foreign;
      placement = { place, key: item.key };
    } else if (item.parentId !== null) {
      placement = { place: insideOf(item.parentId, visiting), key: item.key };
    } else {
      const left = item.origin === null ? null : besideOf(item.origin, visiting);
      const right = item.rightOrigin === null ? null : besideOf(item.rightOrigin, visiting);
      // As in Yjs: a collected neighbour on either side drops the content; else the left one decides,
      // and an item whose left one has not arrived waits for it, whatever its right one (Yjs keeps it
      // pending, then puts it where the left one is: judged by the right, it could land anywhere).
      if (left?.place === Place.collected || right?.place === Place.collected) {
        placement = COLLECTED_PLACE;
      } else {
        placement = (left ?? right) as Placement;
      }
    }
    visiting.delete(item);
    placements.set(item, placement);
    return placement;
  };

  let waiting = false;
  for (const item of items) {
    const placement = placeOf(item, new Set());
    if (placement.place === Place.unknown) waiting = true;
    if (!fits(placement, item.kind)) {
      refuse(
        'outside-layout',
        `client ${item.client} clock ${item.clock}: this content does not belong there in a Council document`,
      );
    }
    // Any item there changes the header: a value, or a deleted entry, which Yjs integrates as the key's
    // latest and so deletes the value before it. Yjs skips what the document already has.
    if (
      !mayChangeHeader &&
      placement.place === Place.meta &&
      item.clock + item.length > Y.getState(doc.store, item.client)
    ) {
      refuse('not-permitted', HEADER_REFUSED);
    }
  }
  // A deletion of what neither the document nor the update holds waits for it like an item does.
  for (const [client, end] of deletions) {
    const own = byClient.get(client)?.at(-1);
    const known = Math.max(Y.getState(doc.store, client), own === undefined ? 0 : own.clock + own.length);
    if (end > known) {
      waiting = true;
      waitingOn.add(client);
    }
  }
  return waiting ? { type: 'waiting', clients: [...waitingOn] } : { type: 'ready' };
}

const UNKNOWN: Placement = { place: Place.unknown, key: null };
const COLLECTED_PLACE: Placement = { place: Place.collected, key: null };

function findInDoc(doc: Y.Doc, [client, clock]: [number, number]): Y.Item | Y.GC | undefined {
  if (clock >= Y.getState(doc.store, client)) return undefined;
  return Y.getItem(doc.store, Y.createID(client, clock)) as Y.Item | Y.GC;
}

/** The place inside a type of the document: a root type by its name, an element by its node name. */
function placeOfType(doc: Y.Doc, type: Y.AbstractType<unknown>): Place {
  if (type._item === null) {
    if (doc.share.get(FRAGMENT_NAME) === type) return Place.fragment;
    if (doc.share.get(META_NAME) === type) return Place.meta;
    return Place.foreign;
  }
  if (type instanceof Y.XmlText) return Place.text;
  if (type instanceof Y.XmlElement) {
    if (type.nodeName === BLOCK_NODE) return Place.paragraph;
    if (type.nodeName === FOOTNOTE_NODE) return Place.footnote;
  }
  return Place.foreign;
}
