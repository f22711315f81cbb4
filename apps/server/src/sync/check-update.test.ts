import type { CouncilDocument } from '@accord/model';
import { createBlockElement, findBlockElement, getFragment, getMeta, writeDocument } from '@accord/ydoc';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate, readStructRanges } from './check-update';

const COUNCIL: CouncilDocument = {
  metadata: {
    number: '7923/17',
    place: 'Brussels',
    date: null,
    language: 'en',
    codes: ['CYBER 91'],
    marking: null,
    type: null,
    from: null,
    to: null,
    previous: [],
    subject: 'Cyber diplomacy',
  },
  blocks: [
    { id: 'b1', kind: 'numbered', number: null, text: 'The EU [stands ready] to respond.' },
    { id: 'b2', kind: 'paragraph', number: null, text: 'Second.' },
  ],
  footnotes: [{ id: 'f1', number: 0, blockId: 'b1', offset: 6, text: 'Doc. 6122/15.' }],
};

/** The server's copy: the document as created. */
function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeDocument(doc, COUNCIL);
  return doc;
}

/** The update an edit on a copy of `doc` produces. */
function editOf(doc: Y.Doc, edit: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  edit(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

const textOf = (doc: Y.Doc, id: string) => findBlockElement(doc, id)?.get(0) as Y.XmlText;

/** A hand-written v1 update: one section of structs for `client` from `clock`, then a delete set. */
function forge(
  client: number,
  clock: number,
  structs: ((e: encoding.Encoder) => void)[],
  deletes: (e: encoding.Encoder) => void = (e) => encoding.writeVarUint(e, 0),
  count = structs.length,
): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, count);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  for (const write of structs) write(e);
  deletes(e);
  return encoding.toUint8Array(e);
}

/** A delete set of one client's ranges. */
const deleting =
  (client: number, ranges: [number, number][]) =>
  (e: encoding.Encoder): void => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, ranges.length);
    for (const [clock, length] of ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, length);
    }
  };

const gc = (length: number) => (e: encoding.Encoder) => {
  encoding.writeUint8(e, 0);
  encoding.writeVarUint(e, length);
};

/** An item with an explicit parent (a root name or an id) and content ref `ref`. */
const item =
  (parent: string | [number, number], ref: number, content: (e: encoding.Encoder) => void, sub?: string) =>
  (e: encoding.Encoder) => {
    encoding.writeUint8(e, ref | (sub === undefined ? 0 : 0x20));
    if (typeof parent === 'string') {
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, parent);
    } else {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, parent[0]);
      encoding.writeVarUint(e, parent[1]);
    }
    if (sub !== undefined) encoding.writeVarString(e, sub);
    content(e);
  };

const element = (name: string) => (e: encoding.Encoder) => {
  encoding.writeVarUint(e, 3);
  encoding.writeVarString(e, name);
};
const string = (text: string) => (e: encoding.Encoder) => encoding.writeVarString(e, text);

/** An item placed by its neighbours (left, right), with content ref `ref`. */
const beside =
  (left: [number, number], right: [number, number], ref: number, content: (e: encoding.Encoder) => void) =>
  (e: encoding.Encoder) => {
    encoding.writeUint8(e, ref | 0x80 | 0x40);
    for (const [client, clock] of [left, right]) {
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, clock);
    }
    content(e);
  };

/** The id of the first item of a type's content (a text run's first characters, a fragment's first block). */
function firstChildOf(type: { readonly _start: Y.Item | null }): [number, number] {
  const id = (type._start as Y.Item).id;
  return [id.client, id.clock];
}

/** The id of the first item of a block's element in `doc`. */
function idOf(type: { readonly _item: Y.Item | null }): [number, number] {
  const id = type._item?.id as Y.ID;
  return [id.client, id.clock];
}

/** Edits a writer of the text may send: each is a real client's update against `serverDoc()`. */
const legitimate: [string, (doc: Y.Doc) => Uint8Array][] = [
  ['the whole document as written by the server', () => Y.encodeStateAsUpdate(serverDoc())],
  ['typing into a paragraph', (doc) => editOf(doc, (c) => textOf(c, 'b2').insert(3, 'ond and sec'))],
  ['typing bracketed text', (doc) => editOf(doc, (c) => textOf(c, 'b2').insert(0, 'x', { bracket: {} }))],
  ['removing a bracket', (doc) => editOf(doc, (c) => textOf(c, 'b1').format(7, 12, { bracket: null }))],
  ['deleting text', (doc) => editOf(doc, (c) => textOf(c, 'b1').delete(0, 4))],
  [
    'splitting a block into a new paragraph',
    (doc) =>
      editOf(doc, (c) =>
        getFragment(c).insert(1, [
          createBlockElement({ id: 'b9', kind: 'paragraph', number: null, text: 'Tail [text]' }, []),
        ]),
      ),
  ],
  [
    'adding a footnote',
    (doc) =>
      editOf(doc, (c) => {
        const footnote = new Y.XmlElement('footnote');
        footnote.setAttribute('id', 'f2');
        footnote.setAttribute('text', 'See above.');
        findBlockElement(c, 'b2')?.insert(1, [footnote]);
      }),
  ],
  [
    'changing a block kind',
    (doc) => editOf(doc, (c) => findBlockElement(c, 'b2')?.setAttribute('kind', 'bullet')),
  ],
  ['changing the header', (doc) => editOf(doc, (c) => getMeta(c).set('codes', ['CYBER 91', 'RELEX 482']))],
  ['deleting a block', (doc) => editOf(doc, (c) => getFragment(c).delete(0, 1))],
  [
    'restarting a numbered paragraph, and overwriting its id',
    (doc) =>
      editOf(doc, (c) => {
        findBlockElement(c, 'b1')?.setAttribute('start', 3 as unknown as string);
        findBlockElement(c, 'b1')?.setAttribute('id', 'b1-new');
      }),
  ],
  [
    'editing a footnote’s text',
    (doc) =>
      editOf(doc, (c) =>
        ((findBlockElement(c, 'b1') as Y.XmlElement).get(1) as Y.XmlElement).setAttribute('text', 'Doc.'),
      ),
  ],
];

describe('checkUpdate', () => {
  it('accepts text typed into a paragraph that another delegate has meanwhile deleted', () => {
    const doc = serverDoc();
    const empty = new Y.XmlElement('paragraph');
    empty.setAttribute('id', 'b3');
    getFragment(doc).insert(2, [empty]);
    // Typed into the empty paragraph: the run names the paragraph as its parent.
    const typed = editOf(doc, (c) => findBlockElement(c, 'b3')?.insert(0, [new Y.XmlText('new text')]));
    getFragment(doc).delete(2, 1);
    expect(checkUpdate(doc, typed)).toEqual({ ok: true, value: { type: 'ready' } });
  });

  it('tells, for each client an update writes structs as, the clock its structs end at', () => {
    const doc = serverDoc();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(copy);
    textOf(copy, 'b2').insert(0, 'four');
    const structEnds = new Map<number, number>();
    checkUpdate(doc, Y.encodeStateAsUpdate(copy, before), { structEnds });
    expect([...structEnds]).toEqual([[copy.clientID, 4]]);
  });

  it.each(legitimate)('accepts %s', (_name, make) => {
    const doc = serverDoc();
    expect(checkUpdate(doc, make(doc))).toEqual({ ok: true, value: { type: 'ready' } });
  });

  it('accepts an item next to a range the same update holds as garbage collected', () => {
    const doc = serverDoc();
    const update = forge(77, 0, [
      gc(3),
      (e) => {
        // A paragraph whose left neighbour is the collected range: Yjs drops its content as well.
        encoding.writeUint8(e, 7 | 0x80);
        encoding.writeVarUint(e, 77);
        encoding.writeVarUint(e, 2);
        element('script')(e);
      },
    ]);
    expect(checkUpdate(doc, update)).toEqual({ ok: true, value: { type: 'ready' } });
  });

  it('makes an edit wait for the update it builds on, and accepts it once that has arrived', () => {
    const doc = serverDoc();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    let before = Y.encodeStateVector(copy);
    // A new paragraph, then text typed into it: the first update is lost on the way.
    getFragment(copy).insert(2, [new Y.XmlElement('paragraph')]);
    const lost = Y.encodeStateAsUpdate(copy, before);
    before = Y.encodeStateVector(copy);
    (getFragment(copy).get(2) as Y.XmlElement).insert(0, [new Y.XmlText('typed on')]);
    const typed = Y.encodeStateAsUpdate(copy, before);
    expect(checkUpdate(doc, typed)).toEqual({
      ok: true,
      value: { type: 'waiting', clients: [copy.clientID] },
    });
    expect(checkUpdate(doc, lost)).toEqual({ ok: true, value: { type: 'ready' } });
    Y.applyUpdate(doc, lost);
    expect(checkUpdate(doc, typed)).toEqual({ ok: true, value: { type: 'ready' } });
  });

  it('makes an item wait for its left neighbour, even when its right one is known, then judges it there', () => {
    const doc = serverDoc();
    // Another writer's next struct (not sent yet) as the left neighbour of a paragraph whose right one is
    // the first block: Yjs would keep it pending, then put it beside the left one, wherever that is.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const next: [number, number] = [other.clientID, Y.getState(other.store, other.clientID)];
    const forged = forge(77, 0, [beside(next, firstChildOf(getFragment(doc)), 7, element('paragraph'))]);
    expect(checkUpdate(doc, forged)).toEqual({
      ok: true,
      value: { type: 'waiting', clients: [other.clientID] },
    });
    // That struct turns out to be text typed into a paragraph: the paragraph would nest in a text run.
    const before = Y.encodeStateVector(other);
    textOf(other, 'b2').insert(0, 'x');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, before));
    expect(checkUpdate(doc, forged)).toMatchObject({ ok: false, error: { code: 'outside-layout' } });
  });

  it('makes a deletion of what the document does not have wait, instead of pending for good', () => {
    const doc = serverDoc();
    // Deletions naming clients nobody has written as (Yjs would retry them at every later update).
    const update = (() => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      for (const client of [1_000_000_001, 1_000_000_002]) {
        encoding.writeVarUint(e, client);
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 1);
      }
      return encoding.toUint8Array(e);
    })();
    expect(checkUpdate(doc, update)).toEqual({
      ok: true,
      value: { type: 'waiting', clients: [1_000_000_001, 1_000_000_002] },
    });
    // Beyond what the document has of a client it knows: waits as well; within it: ready.
    const known = doc.clientID;
    const end = Y.getState(doc.store, known);
    expect(checkUpdate(doc, forge(77, 0, [], deleting(known, [[end - 1, 2]])))).toEqual({
      ok: true,
      value: { type: 'waiting', clients: [known] },
    });
    expect(checkUpdate(doc, forge(77, 0, [], deleting(known, [[end - 2, 2]])))).toEqual({
      ok: true,
      value: { type: 'ready' },
    });
    // What the update itself writes it may delete.
    const typedAndDeleted = editOf(doc, (c) => {
      textOf(c, 'b2').insert(0, 'typo');
      textOf(c, 'b2').delete(0, 4);
    });
    expect(checkUpdate(doc, typedAndDeleted)).toEqual({ ok: true, value: { type: 'ready' } });
  });

  const refused: [string, string, (doc: Y.Doc) => Uint8Array][] = [
    ['an empty update', 'malformed', () => new Uint8Array()],
    ['a truncated update', 'malformed', (doc) => Y.encodeStateAsUpdate(doc).subarray(0, 40)],
    ['bytes after the end', 'malformed', (doc) => Uint8Array.from([...Y.encodeStateAsUpdate(doc), 0])],
    ['an integer of more than 53 bits', 'malformed', () => Uint8Array.from([...Array(10).fill(0xff), 1])],
    ['a struct of length 0', 'malformed', () => forge(77, 0, [gc(0)])],
    ['an empty text item', 'malformed', () => forge(77, 0, [item('default', 4, string(''))])],
    ['an unknown content', 'malformed', () => forge(77, 0, [item('default', 17, () => {})])],
    [
      'a mark whose value is not JSON',
      'malformed',
      () =>
        forge(77, 0, [
          item('default', 6, (e) => {
            encoding.writeVarString(e, 'bracket');
            encoding.writeVarString(e, '{');
          }),
        ]),
    ],
    [
      'deletions that overlap',
      'malformed',
      () =>
        forge(
          77,
          0,
          [],
          deleting(77, [
            [0, 5],
            [3, 5],
          ]),
        ),
    ],
    [
      'deletions out of order',
      'malformed',
      () =>
        forge(
          77,
          0,
          [],
          deleting(77, [
            [10, 1],
            [0, 1],
          ]),
        ),
    ],
    ['a deletion of length 0', 'malformed', () => forge(77, 0, [], deleting(77, [[0, 0]]))],
    [
      'one client written twice',
      'malformed',
      () => {
        const once = forge(77, 0, [gc(1)]);
        // Two sections, both of client 77: the section of `once` (after its count byte) repeated.
        const section = once.subarray(1, once.length - 1);
        return Uint8Array.from([2, ...section, ...section, 0]);
      },
    ],
    ['a garbage-collected range of 2^52', 'too-large', () => forge(77, 0, [gc(2 ** 52)])],
    [
      'an item at clock 2^50',
      'too-large',
      () => forge(77, 2 ** 50, [item('default', 7, element('paragraph'))]),
    ],
    ['a count of 2^32 structs', 'too-large', () => forge(77, 0, [gc(1)], undefined, 2 ** 32)],
    [
      'a deletion reaching clock 2^52',
      'too-large',
      () =>
        forge(77, 0, [], (e) => {
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint(e, 77);
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint(e, 2 ** 52);
        }),
    ],
    [
      'an element under a root the layout lacks',
      'outside-layout',
      () => forge(77, 0, [item('evil', 7, element('paragraph'))]),
    ],
    [
      'an attribute the editor schema does not have, on a paragraph',
      'outside-layout',
      (doc) => editOf(doc, (c) => findBlockElement(c, 'b2')?.setAttribute('onclick', 'alert(1)')),
    ],
    [
      'an attribute on a text run',
      'outside-layout',
      (doc) => editOf(doc, (c) => textOf(c, 'b2').setAttribute('style', 'color: red')),
    ],
    [
      'a script element in the body',
      'outside-layout',
      () => forge(77, 0, [item('default', 7, element('script'))]),
    ],
    [
      'text straight in the body',
      'outside-layout',
      () => forge(77, 0, [item('default', 4, string('loose'))]),
    ],
    [
      'a paragraph inside a paragraph',
      'outside-layout',
      (doc) =>
        forge(77, 0, [item(idOf(findBlockElement(doc, 'b1') as Y.XmlElement), 7, element('paragraph'))]),
    ],
    [
      'a paragraph inside a text run',
      'outside-layout',
      (doc) => forge(77, 0, [item(idOf(textOf(doc, 'b1')), 7, element('paragraph'))]),
    ],
    [
      'a subdocument in a paragraph',
      'outside-layout',
      (doc) =>
        forge(77, 0, [
          item(idOf(findBlockElement(doc, 'b1') as Y.XmlElement), 9, (e) => {
            encoding.writeVarString(e, 'guid');
            encoding.writeAny(e, {});
          }),
        ]),
    ],
    [
      'binary content in a text run',
      'outside-layout',
      (doc) =>
        forge(77, 0, [
          item(idOf(textOf(doc, 'b1')), 3, (e) => encoding.writeVarUint8Array(e, Uint8Array.of(1, 2))),
        ]),
    ],
    [
      'a mark the editor does not have',
      'outside-layout',
      (doc) =>
        forge(77, 0, [
          item(idOf(textOf(doc, 'b1')), 6, (e) => {
            encoding.writeVarString(e, 'script');
            encoding.writeVarString(e, '{}');
          }),
        ]),
    ],
    [
      'an element in the header map',
      'outside-layout',
      () => forge(77, 0, [item('meta', 7, element('paragraph'), 'subject')]),
    ],
    [
      'paragraphs nested 20,000 deep',
      'outside-layout',
      () =>
        forge(
          77,
          0,
          Array.from({ length: 20_000 }, (_, i) =>
            item(i === 0 ? 'default' : [77, i - 1], 7, element('paragraph')),
          ),
        ),
    ],
    [
      'binary content whose parent has not arrived',
      'outside-layout',
      () => forge(77, 0, [item([78, 5], 3, (e) => encoding.writeVarUint8Array(e, Uint8Array.of(1)))]),
    ],
  ];

  it.each(refused)('refuses %s as %s', (_name, code, make) => {
    const doc = serverDoc();
    const result = checkUpdate(doc, make(doc));
    expect(result.ok ? 'accepted' : result.error.code).toBe(code);
  });

  it('refuses more structs or deletions than the limits allow, and checks 8 MiB of them quickly', () => {
    const doc = serverDoc();
    const tiny = forge(
      77,
      0,
      Array.from({ length: 600_000 }, () => gc(1)),
    );
    expect(checkUpdate(doc, tiny)).toMatchObject({ ok: false, error: { code: 'too-large' } });
    const limits = { maxClientClock: 2 ** 32, maxStructs: 10, maxDeleteRanges: 2, maxClients: 3 };
    const deletions = forge(77, 0, [], (e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 77);
      encoding.writeVarUint(e, 3);
      for (let i = 0; i < 3; i++) {
        encoding.writeVarUint(e, i * 2);
        encoding.writeVarUint(e, 1);
      }
    });
    expect(checkUpdate(doc, deletions, { limits })).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    });
    const clients = Uint8Array.from([4, ...[1, 2, 3, 4].flatMap((client) => [1, client, 0, 0, 1]), 0]);
    expect(checkUpdate(doc, clients, { limits })).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });

  it('changes nothing in the document it checks against', () => {
    const doc = serverDoc();
    const before = Y.encodeStateAsUpdate(doc);
    checkUpdate(
      doc,
      editOf(doc, (c) => textOf(c, 'b2').insert(0, 'x')),
    );
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});

describe('readStructRanges', () => {
  it('gives each client’s clock ranges, joining adjacent structs and leaving skips as gaps', () => {
    const doc = serverDoc();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const updates: Uint8Array[] = [];
    copy.on('update', (update: Uint8Array) => updates.push(update));
    textOf(copy, 'b2').insert(0, 'ab');
    textOf(copy, 'b2').insert(2, 'cd');
    textOf(copy, 'b1').insert(0, 'e');
    textOf(copy, 'b1').insert(0, 'fgh');
    // The first two and the last, merged: Yjs writes a skip over the third.
    const merged = Y.mergeUpdates([updates[0], updates[1], updates[3]] as Uint8Array[]);
    expect([...readStructRanges(merged)]).toEqual([
      [
        copy.clientID,
        [
          [0, 4],
          [5, 8],
        ],
      ],
    ]);
  });
});

describe('checkUpdate from a writer who may not change the header (a delegate)', () => {
  const delegate = { mayChangeHeader: false } as const;
  const verdict = (result: ReturnType<typeof checkUpdate>) =>
    result.ok ? result.value.type : result.error.code;

  /** The id of the item holding a header field's current value. */
  const headerItemOf = (doc: Y.Doc, key: string): [number, number] => {
    const id = getMeta(doc)._map.get(key)?.id as Y.ID;
    return [id.client, id.clock];
  };

  const changes: [string, (doc: Y.Doc) => Uint8Array][] = [
    ['setting a header field', (doc) => editOf(doc, (c) => getMeta(c).set('subject', 'Renamed'))],
    ['renumbering the document', (doc) => editOf(doc, (c) => getMeta(c).set('number', '7923/1/17 REV 1'))],
    ['adding an entry the header did not have', (doc) => editOf(doc, (c) => getMeta(c).set('note', 'x'))],
    ['deleting a header field', (doc) => editOf(doc, (c) => getMeta(c).delete('subject'))],
    [
      'a header change in the same update as a text edit',
      (doc) =>
        editOf(doc, (c) => {
          textOf(c, 'b2').insert(0, 'New. ');
          getMeta(c).set('marking', 'LIMITE');
        }),
    ],
    [
      'a deletion alone of the item holding a field',
      (doc) => {
        const [client, clock] = headerItemOf(doc, 'codes');
        return forge(77, 0, [], deleting(client, [[clock, 1]]));
      },
    ],
    [
      'a deletion of a range reaching into a field’s item',
      (doc) => {
        const [client, clock] = headerItemOf(doc, 'subject');
        return forge(77, 0, [], deleting(client, [[Math.max(0, clock - 3), 4]]));
      },
    ],
    [
      'a deleted entry put in a field’s place',
      () => forge(77, 0, [item('meta', 1, (e) => encoding.writeVarUint(e, 1), 'subject')]),
    ],
    [
      'a value written next to a field’s item (its left neighbour)',
      (doc) => {
        const [client, clock] = headerItemOf(doc, 'subject');
        return forge(77, 0, [
          (e) => {
            encoding.writeUint8(e, 8 | 0x80);
            encoding.writeVarUint(e, client);
            encoding.writeVarUint(e, clock);
            encoding.writeVarUint(e, 1);
            encoding.writeAny(e, 'Renamed');
          },
        ]);
      },
    ],
  ];

  it.each(changes)('refuses %s as not-permitted', (_name, make) => {
    const doc = serverDoc();
    const update = make(doc);
    expect(verdict(checkUpdate(doc, update, delegate))).toBe('not-permitted');
    // The same from the Presidency is accepted (the layout is not the reason).
    expect(verdict(checkUpdate(doc, update))).toBe('ready');
  });

  // Not the header change, nor a whole document written by another server (another client's header).
  const textEdits = legitimate.filter(([name]) => !/header|whole document/.test(name));

  it.each(textEdits)('accepts %s', (_name, make) => {
    const doc = serverDoc();
    expect(checkUpdate(doc, make(doc), delegate)).toEqual({ ok: true, value: { type: 'ready' } });
  });

  it('accepts a sync step 2 repeating header changes the document already has, deletions included', () => {
    const doc = serverDoc();
    // A delegate's copy follows the Presidency's change of the subject (the old value is deleted) …
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(
      doc,
      editOf(doc, (c) => getMeta(c).set('subject', 'Renamed by the Presidency')),
    );
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(copy)));
    // … then types offline: its sync step 2 holds its text and every deletion it knows, the header's too.
    textOf(copy, 'b2').insert(0, 'Offline. ');
    const step2 = Y.encodeStateAsUpdate(copy, Y.encodeStateVector(doc));
    expect(checkUpdate(doc, step2, delegate)).toEqual({ ok: true, value: { type: 'ready' } });
    // And a client resending everything, the header's structs included.
    expect(checkUpdate(doc, Y.encodeStateAsUpdate(copy), delegate)).toEqual({
      ok: true,
      value: { type: 'ready' },
    });
  });

  it('refuses a header change at once, even in an update that waits for an earlier one', () => {
    const doc = serverDoc();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    // A new paragraph is lost on the way; the next update types into it and renames the document.
    getFragment(copy).insert(2, [new Y.XmlElement('paragraph')]);
    const before = Y.encodeStateVector(copy);
    (getFragment(copy).get(2) as Y.XmlElement).insert(0, [new Y.XmlText('typed on')]);
    getMeta(copy).set('subject', 'Renamed');
    const renamed = Y.encodeStateAsUpdate(copy, before);
    expect(verdict(checkUpdate(doc, renamed))).toBe('waiting');
    expect(verdict(checkUpdate(doc, renamed, delegate))).toBe('not-permitted');
  });

  it('makes a header value wait for the value it replaces, and refuses it once that has arrived', () => {
    const doc = serverDoc();
    const first = editOf(doc, (c) => getMeta(c).set('note', 'one'));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(copy, first);
    // Its neighbour (the value it replaces) is nowhere yet: not placed, so not judged yet.
    const second = editOf(copy, (c) => getMeta(c).set('note', 'two'));
    expect(verdict(checkUpdate(doc, second, delegate))).toBe('waiting');
    Y.applyUpdate(doc, first);
    expect(verdict(checkUpdate(doc, second, delegate))).toBe('not-permitted');
  });

  it('judges a deleted entry by the left neighbour it waits for, not by a right one in the text', () => {
    const doc = serverDoc();
    const presidency = new Y.Doc();
    Y.applyUpdate(presidency, Y.encodeStateAsUpdate(doc));
    const next: [number, number] = [presidency.clientID, Y.getState(presidency.store, presidency.clientID)];
    // Left: the Presidency's next struct; right: the first characters of a paragraph. Applied now, Yjs
    // would hold it pending and, once the Presidency's next change is a header field, delete that field.
    const forged = forge(77, 0, [
      beside(next, firstChildOf(textOf(doc, 'b2')), 1, (e) => encoding.writeVarUint(e, 1)),
    ]);
    expect(verdict(checkUpdate(doc, forged, delegate))).toBe('waiting');
    const before = Y.encodeStateVector(presidency);
    getMeta(presidency).set('subject', 'Renamed by the Presidency');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(presidency, before));
    expect(verdict(checkUpdate(doc, forged, delegate))).toBe('not-permitted');
  });

  it('says why it refuses', () => {
    const doc = serverDoc();
    const renamed = editOf(doc, (c) => getMeta(c).set('subject', 'Renamed'));
    expect(checkUpdate(doc, renamed, delegate)).toEqual({
      ok: false,
      error: { code: 'not-permitted', message: 'this role may not change the document header' },
    });
  });
});
