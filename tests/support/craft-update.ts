/**
 * Writes Yjs v1 updates by hand, struct by struct, so that tests can send what no Yjs encoder would
 * produce: forged clocks and lengths, lying counts, foreign content, deep nesting.
 *
 *   update      = varUint sections, section*, deleteSet
 *   section     = varUint structCount, varUint client, varUint clock, struct*
 *   struct      = byte info, then: GC (info 0) varUint length | Skip (info 10) varUint length |
 *                 Item: [origin id] [right origin id] [parent: 1 varString name | 0 id] [varString sub] content
 *   deleteSet   = varUint clients, (varUint client, varUint ranges, (varUint clock, varUint length)*)*
 */
import * as encoding from 'lib0/encoding';

export type Id = readonly [client: number, clock: number];

export type Content =
  | { readonly type: 'deleted'; readonly length: number }
  | { readonly type: 'string'; readonly text: string }
  | { readonly type: 'format'; readonly key: string; readonly json: string }
  | { readonly type: 'element'; readonly name: string }
  | { readonly type: 'text' }
  | { readonly type: 'map' }
  | { readonly type: 'any'; readonly values: readonly unknown[] }
  | { readonly type: 'json'; readonly values: readonly string[] }
  | { readonly type: 'binary'; readonly bytes: Uint8Array }
  | { readonly type: 'embed'; readonly json: string }
  | { readonly type: 'doc'; readonly guid: string };

export type Struct =
  | { readonly type: 'gc'; readonly length: number }
  | { readonly type: 'skip'; readonly length: number }
  | {
      readonly type: 'item';
      readonly origin?: Id;
      readonly rightOrigin?: Id;
      /** A root type's name or the id of a type item; only written when there is no origin. */
      readonly parent?: string | Id;
      readonly sub?: string;
      readonly content: Content;
    };

export interface Section {
  readonly client: number;
  readonly clock: number;
  readonly structs: readonly Struct[];
  /** Written instead of structs.length, to lie about the count. */
  readonly declaredCount?: number;
}

export interface Deletion {
  readonly client: number;
  readonly ranges: readonly (readonly [clock: number, length: number])[];
}

const CONTENT_REF = {
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

function writeId(encoder: encoding.Encoder, [client, clock]: Id): void {
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, clock);
}

function contentRef(content: Content): number {
  switch (content.type) {
    case 'element':
    case 'text':
    case 'map':
      return CONTENT_REF.type;
    default:
      return CONTENT_REF[content.type];
  }
}

function writeContent(encoder: encoding.Encoder, content: Content): void {
  switch (content.type) {
    case 'deleted':
      encoding.writeVarUint(encoder, content.length);
      return;
    case 'string':
      encoding.writeVarString(encoder, content.text);
      return;
    case 'format':
      encoding.writeVarString(encoder, content.key);
      encoding.writeVarString(encoder, content.json);
      return;
    case 'element':
      encoding.writeVarUint(encoder, 3);
      encoding.writeVarString(encoder, content.name);
      return;
    case 'text':
      encoding.writeVarUint(encoder, 6);
      return;
    case 'map':
      encoding.writeVarUint(encoder, 1);
      return;
    case 'any':
      encoding.writeVarUint(encoder, content.values.length);
      for (const value of content.values) encoding.writeAny(encoder, value as encoding.AnyEncodable);
      return;
    case 'json':
      encoding.writeVarUint(encoder, content.values.length);
      for (const value of content.values) encoding.writeVarString(encoder, value);
      return;
    case 'binary':
      encoding.writeVarUint8Array(encoder, content.bytes);
      return;
    case 'embed':
      encoding.writeVarString(encoder, content.json);
      return;
    case 'doc':
      encoding.writeVarString(encoder, content.guid);
      encoding.writeAny(encoder, {});
      return;
  }
}

export function writeStruct(encoder: encoding.Encoder, struct: Struct): void {
  if (struct.type === 'gc' || struct.type === 'skip') {
    encoding.writeUint8(encoder, struct.type === 'gc' ? 0 : 10);
    encoding.writeVarUint(encoder, struct.length);
    return;
  }
  const hasParentInfo = struct.origin === undefined && struct.rightOrigin === undefined;
  const info =
    contentRef(struct.content) |
    (struct.origin === undefined ? 0 : 0x80) |
    (struct.rightOrigin === undefined ? 0 : 0x40) |
    (hasParentInfo && struct.sub !== undefined ? 0x20 : 0);
  encoding.writeUint8(encoder, info);
  if (struct.origin !== undefined) writeId(encoder, struct.origin);
  if (struct.rightOrigin !== undefined) writeId(encoder, struct.rightOrigin);
  if (hasParentInfo) {
    const parent = struct.parent ?? 'default';
    if (typeof parent === 'string') {
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, parent);
    } else {
      encoding.writeVarUint(encoder, 0);
      writeId(encoder, parent as Id);
    }
    if (struct.sub !== undefined) encoding.writeVarString(encoder, struct.sub);
  }
  writeContent(encoder, struct.content);
}

export function writeDeletions(encoder: encoding.Encoder, deletions: readonly Deletion[]): void {
  encoding.writeVarUint(encoder, deletions.length);
  for (const { client, ranges } of deletions) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, ranges.length);
    for (const [clock, length] of ranges) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, length);
    }
  }
}

/** A v1 update from its parts. */
export function craftUpdate(sections: readonly Section[], deletions: readonly Deletion[] = []): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, sections.length);
  for (const section of sections) {
    encoding.writeVarUint(encoder, section.declaredCount ?? section.structs.length);
    encoding.writeVarUint(encoder, section.client);
    encoding.writeVarUint(encoder, section.clock);
    for (const struct of section.structs) writeStruct(encoder, struct);
  }
  writeDeletions(encoder, deletions);
  return encoding.toUint8Array(encoder);
}

/** A sync Update message (type 0, sync type 2) carrying `update`. */
export function frameUpdate(update: Uint8Array, syncType = 2): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, update);
  // A copy typed as the DOM's WebSocket.send takes it (lib0's array may sit on any buffer).
  return new Uint8Array(encoding.toUint8Array(encoder));
}
