import * as Y from 'yjs';

/**
 * Shrinks a Y.Doc just loaded from stored updates, without changing what it holds or encodes. What a
 * heap snapshot of a loaded 2,000-block document showed, and what is done about it:
 *
 * - lib0's decoder builds each attribute's value array (`ContentAny.arr`) by `push`, which leaves
 *   room for 17 values where one is used: each array is copied at its size;
 * - every decoded string is its own copy: element names and short attribute values (a paragraph's
 *   `kind`) are made one per value (attribute names are too, but they are the keys of each type's
 *   `_map`: rebuilding 2,000 maps doubled the time for a tenth of the saving);
 * - every type carries two event-handler objects with their own empty listener lists: the types of a
 *   loaded document share one frozen pair instead, since the server listens to the document only.
 *   Observing such a type throws (the frozen list refuses the listener) rather than hearing others.
 *
 * Relies on Yjs 13's internals (`_eH`, `_dEH`); `shrink.test.ts` fails if they change. Measured on
 * 30 copies of a 2,000-block document: 5.3–5.5 → 4.2–4.4 MiB each, for 2.5 ms after a 14 ms load.
 */
export function shrinkDocument(doc: Y.Doc): void {
  const strings = new Map<string, string>();
  const intern = (value: string): string => {
    if (value.length > MAX_INTERNED_LENGTH) return value;
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  };
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      const content = struct.content;
      if (content instanceof Y.ContentAny) {
        // `map` allocates the new array at its length.
        content.arr = content.arr.map((value) => (typeof value === 'string' ? intern(value) : value));
      } else if (content instanceof Y.ContentType) {
        shrinkType(content.type as unknown as TypeInternals, intern);
      }
    }
  }
}

/** Longer strings are paragraph text or notes, unlikely to repeat, and costly to hash. */
const MAX_INTERNED_LENGTH = 64;

interface EventHandler {
  l: unknown[];
}

interface TypeInternals {
  _eH: EventHandler;
  _dEH: EventHandler;
}

const NO_LISTENERS: EventHandler = Object.freeze({ l: Object.freeze([]) as unknown as unknown[] });

function shrinkType(type: TypeInternals, intern: (value: string) => string): void {
  if (type instanceof Y.XmlElement) type.nodeName = intern(type.nodeName);
  if (type._eH.l.length === 0) type._eH = NO_LISTENERS;
  if (type._dEH.l.length === 0) type._dEH = NO_LISTENERS;
}
