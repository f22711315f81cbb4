/**
 * The work a client's bytes decide the cost of, run in a worker thread (`format-reader.ts`): reading
 * Markdown, Word and HTML, and comparing two Markdown texts; bundled into `dist/format-worker.mjs`
 * (`bundles.ts`). Within the format package's limits the
 * worst inputs still cost micromark or mammoth seconds; on the event loop those seconds would hold up
 * every delegation's edits. Ids made here are placeholders: the server gives the blocks its own.
 */

import type { MessagePort } from 'node:worker_threads';
import { type DocumentDiff, diffDocuments } from '@accord/diff';
import {
  countLeftOut,
  type FormatError,
  formatOfFileName,
  type LeftOut,
  NOTHING_LEFT_OUT,
  parseDocument,
  parseMarkdown,
} from '@accord/format';
import { type CouncilDocument, err, normalizeDocument, ok, type Result } from '@accord/model';

export type FormatTask =
  | { readonly type: 'markdown'; readonly text: string }
  | { readonly type: 'file'; readonly bytes: Uint8Array; readonly name: string }
  | { readonly type: 'compare'; readonly old: string; readonly new: string };

/** A file read: its document, and what it held that is not taken in as text. */
export interface ReadFile {
  readonly document: CouncilDocument;
  readonly leftOut: LeftOut;
}

export type CompareError = FormatError & { readonly side: 'old' | 'new' };

export type FormatTaskResult<T extends FormatTask> = T extends { type: 'compare' }
  ? Result<DocumentDiff, CompareError>
  : T extends { type: 'file' }
    ? Result<ReadFile, FormatError>
    : Result<CouncilDocument, FormatError>;

export async function runFormatTask(task: FormatTask): Promise<unknown> {
  switch (task.type) {
    case 'markdown':
      return parseMarkdown(task.text);
    case 'file': {
      const read = await parseDocument(task.bytes, task.name);
      if (!read.ok) return read;
      const format = formatOfFileName(task.name);
      const leftOut = format.ok ? await countLeftOut(task.bytes, format.value) : NOTHING_LEFT_OUT;
      return ok({ document: read.value, leftOut });
    }
    case 'compare': {
      const before = parseMarkdown(task.old);
      if (!before.ok) return err({ ...before.error, side: 'old' });
      const after = parseMarkdown(task.new);
      if (!after.ok) return err({ ...after.error, side: 'new' });
      return ok(
        diffDocuments(normalizeDocument(before.value), normalizeDocument(after.value), { align: 'text' }),
      );
    }
  }
}

/** What Piscina calls in the worker: says when the task starts (its time limit counts from then). */
export default function run({ task, started }: { task: FormatTask; started: MessagePort }): Promise<unknown> {
  started.postMessage('started');
  started.close();
  return runFormatTask(task);
}
