/**
 * Builds a CouncilDocument from what an importer reads, in document order: blocks with their footnote
 * marks, and footnote definitions matched to marks by the label the source uses. Shared by the Markdown,
 * Word and HTML importers so ids, numbering restarts and footnote checks work the same for all three.
 *
 * Ids: a block takes its id when it is added, a footnote when it is first cited, so with the default
 * counters two imports of the same content give the same ids.
 */
import {
  type Block,
  type BlockKind,
  type CouncilDocument,
  type DocumentMetadata,
  err,
  type Footnote,
  normalizeDocument,
  ok,
  type Result,
} from '@accord/model';
import { type FormatError, formatError } from './format-error';
import type { InlineText, PlacedMark } from './inline-text';
import { MAX_BLOCKS, MAX_FOOTNOTES } from './limits';

export interface ParseOptions {
  /** Makes a new block or footnote id. Default: a per-call counter ("b1", "b2", … and "fn1", "fn2", …). */
  readonly newId?: () => string;
  /**
   * A Word document's tracked changes not yet accepted or rejected: refused (`tracked-changes`), or
   * read as if accepted, as Word's "Accept All Changes" leaves the text (to read one of our Word
   * redlines back as its newer text). A page saved from Word with tracked changes is always refused.
   * @default 'refuse'
   */
  readonly trackedChanges?: 'refuse' | 'accept';
}

interface FootnoteEntry {
  readonly id: string;
  readonly blockId: string;
  readonly offset: number;
  readonly citation: PlacedMark;
  text: string | null;
  definedLine?: number;
}

export interface BlockInput {
  readonly kind: BlockKind;
  readonly content: InlineText;
  /** The number the source writes on a numbered paragraph; a restart is recorded where it differs. */
  readonly writtenNumber?: number;
}

export class DocumentAssembler {
  private readonly blocks: Block[] = [];
  private readonly footnotes = new Map<string, FootnoteEntry>();
  private lastNumber = 0;
  /** The last number written in the source (0 before any). */
  private lastWritten = 0;
  private readonly newBlockId: () => string;
  private readonly newFootnoteId: () => string;

  constructor(options: ParseOptions = {}) {
    this.newBlockId = options.newId ?? createCounter('b');
    this.newFootnoteId = options.newId ?? createCounter('fn');
  }

  get blockCount(): number {
    return this.blocks.length;
  }

  addBlock(input: BlockInput): FormatError | null {
    if (this.blocks.length >= MAX_BLOCKS) {
      return formatError('too-large', `the document has more than ${MAX_BLOCKS} paragraphs`);
    }
    const id = this.newBlockId();
    let start: number | undefined;
    if (input.kind === 'numbered') {
      const next = this.lastNumber + 1;
      const written = input.writtenNumber;
      // A paragraph added in Word under the numbered style has no typed number, and the typed numbers
      // after it are one behind: they follow on from the last typed number, so they restart nothing.
      const followsOn = written === undefined || written === next || written === this.lastWritten + 1;
      if (!followsOn) start = written;
      this.lastNumber = start ?? next;
      if (written !== undefined) this.lastWritten = written;
    }
    this.blocks.push({
      id,
      kind: input.kind,
      number: null,
      text: input.content.text,
      ...(start === undefined ? {} : { start }),
    });
    for (const mark of input.content.marks) {
      const problem = this.cite(id, mark);
      if (problem) return problem;
    }
    return null;
  }

  /** True when `label` was cited and not yet defined: a definition of it may follow. */
  awaitsDefinition(label: string): boolean {
    const entry = this.footnotes.get(label);
    return entry !== undefined && entry.text === null;
  }

  /** True when `label` was cited and has its definition. */
  isDefined(label: string): boolean {
    const entry = this.footnotes.get(label);
    return entry !== undefined && entry.text !== null;
  }

  defineFootnote(label: string, content: InlineText, line?: number): FormatError | null {
    const entry = this.footnotes.get(label);
    if (entry === undefined) {
      return formatError('uncited-footnote', `footnote ${label} is defined but never cited`, line);
    }
    if (entry.text !== null) {
      const first = entry.definedLine === undefined ? '' : ` (first on line ${entry.definedLine})`;
      return formatError('duplicate-footnote', `footnote ${label} is defined twice${first}`, line);
    }
    entry.text = content.text;
    if (line !== undefined) entry.definedLine = line;
    return null;
  }

  finish(metadata: DocumentMetadata): Result<CouncilDocument, FormatError> {
    const footnotes: Footnote[] = [];
    for (const [label, entry] of this.footnotes) {
      if (entry.text === null) {
        const { line, opensParagraph } = entry.citation;
        return err(
          opensParagraph
            ? formatError('uncited-footnote', `footnote ${label} is defined but never cited`, line)
            : formatError('unknown-footnote', `footnote ${label} is cited but never defined`, line),
        );
      }
      footnotes.push({
        id: entry.id,
        number: 0,
        blockId: entry.blockId,
        offset: entry.offset,
        text: entry.text,
      });
    }
    return ok(normalizeDocument({ metadata, blocks: this.blocks, footnotes }));
  }

  private cite(blockId: string, mark: PlacedMark): FormatError | null {
    const previous = this.footnotes.get(mark.label);
    if (previous !== undefined) {
      if (previous.citation.opensParagraph && previous.text === null) {
        return formatError(
          'uncited-footnote',
          `footnote ${mark.label} is defined before it is cited` +
            (mark.line === undefined ? '' : ` (on line ${mark.line})`),
          previous.citation.line,
        );
      }
      const first = previous.citation.line === undefined ? '' : ` (first on line ${previous.citation.line})`;
      return formatError('duplicate-footnote', `footnote ${mark.label} is cited twice${first}`, mark.line);
    }
    if (this.footnotes.size >= MAX_FOOTNOTES) {
      return formatError('too-large', `the document has more than ${MAX_FOOTNOTES} footnotes`, mark.line);
    }
    this.footnotes.set(mark.label, {
      id: this.newFootnoteId(),
      blockId,
      offset: mark.offset,
      citation: mark,
      text: null,
    });
    return null;
  }
}

function createCounter(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}
