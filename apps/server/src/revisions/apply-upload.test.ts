import { readFileSync } from 'node:fs';
import { parseMarkdown, renderMarkdown } from '@accord/format';
import type { Block, CouncilDocument } from '@accord/model';
import { findBlockElement, getFragment, readDocument, writeDocument } from '@accord/ydoc';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { findDemoFixture } from '../demo/seed-demo';
import { applyUpload } from './apply-upload';

const fixture = readFileSync(findDemoFixture(), 'utf8');

function counter(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

function parse(markdown: string, prefix = 'up-'): CouncilDocument {
  const parsed = parseMarkdown(markdown, { newId: counter(prefix) });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

/** A live document written from the fixture, with ids "live-1", "live-2", … */
function liveDoc(markdown = fixture): Y.Doc {
  const doc = new Y.Doc();
  writeDocument(doc, parse(markdown, 'live-'));
  return doc;
}

function upload(doc: Y.Doc, document: CouncilDocument) {
  let updates = 0;
  doc.on('update', () => updates++);
  const outcome = doc.transact(() => applyUpload(doc, document, counter('fresh-')));
  return { ...outcome, updates };
}

function blockWith(doc: CouncilDocument, start: string): Block {
  const block = doc.blocks.find((b) => b.text.startsWith(start));
  if (!block) throw new Error(`no block starting "${start}"`);
  return block;
}

describe('applyUpload', () => {
  it('changes nothing at all when the upload is the live text', () => {
    const doc = liveDoc();
    const before = readDocument(doc);
    const { updates, matched, added, removed } = upload(doc, parse(fixture));
    expect(updates).toBe(0);
    expect({ matched, added, removed }).toEqual({ matched: before.blocks.length, added: 0, removed: 0 });
    expect(readDocument(doc)).toEqual(before);
  });

  it('keeps ids and elements of unchanged and changed blocks, moves a block by id, drops a deleted one', () => {
    const doc = liveDoc();
    const before = readDocument(doc);
    const changed = blockWith(before, 'The EU stresses that clearly');
    const moved = blockWith(before, 'The EU reaffirms its commitment');
    const deleted = blockWith(before, 'The EU calls on the Member States');
    const unchanged = blockWith(before, 'The EU recalls its conclusions');
    const changedElement = findBlockElement(doc, changed.id);
    const unchangedElement = findBlockElement(doc, unchanged.id);

    const edited = fixture
      .replace('remains a sovereign political decision', 'remains a sovereign and political decision')
      .replace(`\n${moved.text}\n`, '\n')
      .replace('2. The EU is concerned', `${moved.text}\n\n2. The EU is concerned`)
      .replace(/\n6\. The EU calls on[^\n]*/, '');
    const outcome = upload(doc, parse(edited));
    const after = readDocument(doc);

    expect(outcome.updates).toBe(1);
    expect(outcome).toMatchObject({ added: 0, removed: 1, matched: before.blocks.length - 1 });
    expect(after.blocks.map((b) => b.id)).not.toContain(deleted.id);
    expect(after.blocks.filter((b) => b.id.startsWith('fresh-'))).toEqual([]);
    expect(blockWith(after, 'The EU stresses that clearly').id).toBe(changed.id);
    expect(blockWith(after, 'The EU stresses that clearly').text).toContain(
      'a sovereign and political decision',
    );
    expect(blockWith(after, 'The EU reaffirms its commitment').id).toBe(moved.id);
    expect(after.blocks.findIndex((b) => b.id === moved.id)).toBeLessThan(
      after.blocks.findIndex((b) => b.text.startsWith('The EU is concerned')),
    );
    // Kept in place as the same Yjs elements, not deleted and re-inserted.
    expect(findBlockElement(doc, changed.id)).toBe(changedElement);
    expect(findBlockElement(doc, unchanged.id)).toBe(unchangedElement);
    expect(after.blocks.map((b) => b.text)).toEqual(parse(edited).blocks.map((b) => b.text));
    expect(after.footnotes.map((f) => f.text)).toEqual(before.footnotes.map((f) => f.text));
  });

  it('gives a new paragraph a fresh id and a rewritten one too', () => {
    const doc = liveDoc('1. First point.\n\n2. Second point about cyber diplomacy.\n');
    const before = readDocument(doc);
    const { document } = upload(
      doc,
      parse('1. First point.\n\n2. Something else entirely.\n\n3. A new third point.\n'),
    );
    expect(document.blocks.map((b) => [b.id, b.text])).toEqual([
      [before.blocks[0]?.id, 'First point.'],
      ['fresh-1', 'Something else entirely.'],
      ['fresh-2', 'A new third point.'],
    ]);
  });

  it('keeps a split numbered paragraph on its first part, so its positions stay on paragraph 4', () => {
    const doc = liveDoc();
    const before = readDocument(doc);
    const stresses = blockWith(before, 'The EU stresses that clearly');
    // Split before its (longer) second sentence: the rest becomes a follow-on paragraph.
    const split = fixture.replace('Member States. The EU reminds', 'Member States.\n\nThe EU reminds');
    const { document } = upload(doc, parse(split));
    const first = blockWith(document, 'The EU stresses that clearly');
    expect([first.id, first.kind, first.number]).toEqual([stresses.id, 'numbered', '4']);
    expect(blockWith(document, 'The EU reminds that attribution').id).toMatch(/^fresh-/);
  });

  it('edits the differing middle of a text run in place and keeps the bracket mark', () => {
    const doc = liveDoc('1. The EU [recalls] its conclusions [of 2015].\n');
    const [block] = readDocument(doc).blocks;
    const run = findBlockElement(doc, block?.id ?? '')?.get(0) as Y.XmlText;
    const { document } = upload(doc, parse('1. The EU [firmly recalls] its conclusions of 2015.\n'));
    expect(document.blocks[0]?.text).toBe('The EU [firmly recalls] its conclusions of 2015.');
    expect(findBlockElement(doc, block?.id ?? '')?.get(0)).toBe(run);
    expect(run.toDelta()).toEqual([
      { insert: 'The EU ' },
      { insert: 'firmly recalls', attributes: { bracket: {} } },
      { insert: ' its conclusions of 2015.' },
    ]);
  });

  it('changes a footnote text in place and rebuilds a block whose footnote moved', () => {
    const doc = liveDoc(
      '1. First<sup>1</sup> point.\n\n2. Second<sup>2</sup> point.\n\n---\n\n<sup>1</sup> 12109/13.\n\n<sup>2</sup> 6122/15.\n',
    );
    const before = readDocument(doc);
    const first = findBlockElement(doc, before.blocks[0]?.id ?? '');
    const { document } = upload(
      doc,
      parse(
        '1. First<sup>1</sup> point.\n\n2. Second point<sup>2</sup>.\n\n---\n\n<sup>1</sup> 12109/13 REV 1.\n\n<sup>2</sup> 6122/15.\n',
      ),
    );
    expect(document.footnotes.map((f) => [f.id, f.text, f.offset])).toEqual([
      [before.footnotes[0]?.id, '12109/13 REV 1.', 5],
      [before.footnotes[1]?.id, '6122/15.', 12],
    ]);
    expect(document.blocks.map((b) => b.id)).toEqual(before.blocks.map((b) => b.id));
    expect(findBlockElement(doc, before.blocks[0]?.id ?? '')).toBe(first);
  });

  it('sets only the header fields that differ, and kind and numbering restarts as attributes', () => {
    const doc = liveDoc('**7923/17**\n\n1. One.\n\n2. Two.\n');
    const changedKeys: string[] = [];
    doc.getMap('meta').observe((event) => changedKeys.push(...event.keysChanged));
    const { document } = upload(doc, parse('**7923/1/17 REV 1**\n\n1. One.\n\n- Two.\n\n5. Five.\n'));
    expect(changedKeys).toEqual(['number']);
    expect(document.metadata.number).toBe('7923/1/17 REV 1');
    expect(document.blocks.map((b) => [b.kind, b.number, b.text])).toEqual([
      ['numbered', '1', 'One.'],
      ['bullet', null, 'Two.'],
      ['numbered', '5', 'Five.'],
    ]);
    expect(getFragment(doc).length).toBe(3);
  });

  it('round-trips: the live text reads back as the upload, block for block', () => {
    const doc = liveDoc();
    const edited = renderMarkdown({
      ...parse(fixture),
      blocks: parse(fixture).blocks.filter((_, i) => i % 3 !== 1),
    });
    const { document } = upload(doc, parse(edited));
    const expected = parse(edited);
    expect(document.blocks.map((b) => [b.kind, b.number, b.text])).toEqual(
      expected.blocks.map((b) => [b.kind, b.number, b.text]),
    );
    expect(document.metadata).toEqual(expected.metadata);
  });
});
