/**
 * The documents the scenarios use: the Council fixture (9916/17) and generated documents of any size
 * whose paragraphs are drawn from the fixture's own words, so their text looks like Council prose.
 * Everything is seeded: two runs generate the same documents.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMarkdown, renderMarkdown } from '@accord/format';
import { type Block, type BlockKind, type CouncilDocument, normalizeDocument } from '@accord/model';
import { writeDocument } from '@accord/ydoc';
import * as Y from 'yjs';
import { REPO_ROOT } from './child-server';

export const FIXTURE_PATH = join(REPO_ROOT, 'tests/fixtures/council-9916-17.md');

let fixtureMarkdown: string | null = null;
let fixtureDocument: CouncilDocument | null = null;

export function readFixtureMarkdown(): string {
  fixtureMarkdown ??= readFileSync(FIXTURE_PATH, 'utf8');
  return fixtureMarkdown;
}

export function readFixtureDocument(): CouncilDocument {
  if (fixtureDocument === null) {
    let n = 0;
    const parsed = parseMarkdown(readFixtureMarkdown(), { newId: () => `f${n++}` });
    if (!parsed.ok) throw new Error(`the fixture does not parse: ${parsed.error.message}`);
    fixtureDocument = parsed.value;
  }
  return fixtureDocument;
}

/** A small, fast, seeded PRNG (mulberry32). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let vocabulary: string[] | null = null;

function readVocabulary(): string[] {
  if (vocabulary === null) {
    const words = readFixtureDocument()
      .blocks.flatMap((b) => b.text.split(/\s+/))
      .map((w) => w.replace(/[[\]]/g, ''))
      .filter((w) => /^[A-Za-z][A-Za-z'-]*[,.;]?$/.test(w));
    vocabulary = words;
  }
  return vocabulary;
}

/** A paragraph of `words` words drawn from the fixture, as a sentence or two. */
export function generateSentence(random: () => number, words: number): string {
  const vocab = readVocabulary();
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    let word = vocab[Math.floor(random() * vocab.length)] as string;
    word = word.replace(/[,.;]$/, '');
    if (i === 0) word = word.charAt(0).toUpperCase() + word.slice(1);
    out.push(word);
  }
  return `${out.join(' ')}.`;
}

/** The fixture's mix: 11 numbered paragraphs, 6 bullets, 5 plain paragraphs and 2 headings in 24 blocks. */
const KIND_WEIGHTS: readonly [BlockKind, number][] = [
  ['numbered', 0.46],
  ['bullet', 0.25],
  ['paragraph', 0.21],
  ['heading', 0.08],
];

/** Words in a generated paragraph: 30–79, about 330 characters on average, as in the fixture. */
function pickWordCount(random: () => number, kind: BlockKind): number {
  return kind === 'heading' ? 6 : 30 + Math.floor(random() * 50);
}

function pickKind(random: () => number): BlockKind {
  let r = random();
  for (const [kind, weight] of KIND_WEIGHTS) {
    if (r < weight) return kind;
    r -= weight;
  }
  return 'numbered';
}

/**
 * A Council document with `blocks` blocks under the fixture's header, shaped like the fixture: its mix
 * of numbered paragraphs, bullets, plain paragraphs and headings, and its average paragraph length
 * (about 330 characters); one block in ten holds a square-bracketed span.
 */
export function generateDocument(blocks: number, seed = 1): CouncilDocument {
  const random = createRandom(seed);
  const list: Block[] = [];
  for (let i = 0; i < blocks; i++) {
    const kind = pickKind(random);
    let text = generateSentence(random, pickWordCount(random, kind));
    if (kind !== 'heading' && random() < 0.1) {
      text = `${text} [${generateSentence(random, 8)}]`;
    }
    list.push({ id: `b${seed}-${i}`, kind, number: null, text });
  }
  return normalizeDocument({ metadata: readFixtureDocument().metadata, blocks: list, footnotes: [] });
}

/** A copy of `doc` in which the blocks at `indexes` have a few words replaced, inserted and deleted. */
export function editBlocks(doc: CouncilDocument, indexes: Iterable<number>, seed: number): CouncilDocument {
  const random = createRandom(seed);
  const blocks = [...doc.blocks];
  for (const index of indexes) {
    const block = blocks[index] as Block;
    const words = block.text.split(' ');
    const at = Math.floor(random() * Math.max(1, words.length - 4));
    words.splice(at, 2, ...generateSentence(random, 3).replace(/\.$/, '').toLowerCase().split(' '));
    words.splice(Math.floor(random() * words.length), 1);
    blocks[index] = { ...block, text: words.join(' ') };
  }
  return normalizeDocument({ ...doc, blocks });
}

/** A copy of `doc` whose every block keeps its id and kind but has entirely new text. */
export function rewriteAllBlocks(doc: CouncilDocument, seed: number): CouncilDocument {
  const random = createRandom(seed);
  const blocks = doc.blocks.map((b) => ({
    ...b,
    text: generateSentence(random, pickWordCount(random, b.kind)),
  }));
  return normalizeDocument({ ...doc, blocks });
}

/** `count` distinct indexes in [0, total), seeded. */
export function pickIndexes(total: number, count: number, seed: number): number[] {
  const random = createRandom(seed);
  const all = Array.from({ length: total }, (_, i) => i);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  return all.slice(0, count).sort((a, b) => a - b);
}

export function renderDocumentMarkdown(doc: CouncilDocument): string {
  return renderMarkdown(doc);
}

/** The Yjs state of `doc` in the shared layout, as the server would create it. */
export function encodeDocumentState(doc: CouncilDocument): Uint8Array {
  const ydoc = new Y.Doc();
  writeDocument(ydoc, doc);
  const state = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return state;
}
