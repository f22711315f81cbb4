/**
 * Others' edits applied to the Y.Doc at most once per frame, merged into one Yjs update.
 *
 * The stock provider applies each update message as it comes, and each is a Yjs transaction, on which
 * y-prosemirror rebuilds every node of the document and dispatches a replacement of all of it (with
 * our plugins and ProseMirror's view update after it): about 14 ms on 2,000 blocks, whatever the
 * update. With twenty delegations typing, updates come faster than that. Updates received within a
 * frame wait for it and go in as one, so the document is rebuilt once per frame, not once per update:
 * nothing is shown later than the frame it would have been drawn in. Sync step 1 and 2 (the server's
 * state on connecting) are read as before; only update messages wait.
 *
 * An update that changes the document's shape (an Enter, a Backspace join, a footnote: anything that
 * writes an element or a text run, or deletes one) goes in as a transaction of its own, between the
 * merged ones before and after it. The rescue of unsent characters (`@accord/ydoc`'s
 * `startJoinedTextRescue`) and the caret rules read such a change as its author wrote it: merged with
 * the author's next keystrokes, a join's or a split's copy would hold them too and no longer match
 * what it copied. Plain typing, which is what comes many times a frame, still goes in merged.
 */
import * as decoding from 'lib0/decoding';
import { messageYjsUpdate } from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** y-websocket's message type for sync messages (`messageSync`, not exported by the library). */
const MESSAGE_SYNC = 0;

/** When to apply what came: by default the next animation frame, or within 100 ms in a hidden tab. */
export type ScheduleFlush = (flush: () => void) => () => void;

const nextFrame: ScheduleFlush = (flush) => {
  // A hidden tab draws no frames: the timer applies others' edits there all the same.
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, 100);
  function run() {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    flush();
  }
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
};

/**
 * Holds the provider's incoming update messages until `schedule` calls back, then applies them as one
 * update with the provider as origin (as the provider would). Returns the function that applies what
 * waits at once and stops holding.
 */
export function batchRemoteUpdates(
  provider: Pick<WebsocketProvider, 'doc' | 'messageHandlers'>,
  schedule: ScheduleFlush = nextFrame,
): () => void {
  const readSync = provider.messageHandlers[MESSAGE_SYNC];
  let waiting: Uint8Array[] = [];
  let cancel: (() => void) | null = null;
  const flush = () => {
    cancel = null;
    const updates = waiting;
    waiting = [];
    let run: Uint8Array[] = [];
    const apply = (batch: Uint8Array[]) => {
      if (batch.length === 0) return;
      const update = batch.length === 1 ? (batch[0] as Uint8Array) : Y.mergeUpdates(batch);
      Y.applyUpdate(provider.doc, update, provider);
    };
    for (const update of updates) {
      if (!changesShape(provider.doc, update)) {
        run.push(update);
        continue;
      }
      apply(run);
      run = [];
      apply([update]);
    }
    apply(run);
  };
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, target, emitSynced, messageType) => {
    const peek = decoding.clone(decoder);
    if (decoding.readVarUint(peek) !== messageYjsUpdate) {
      readSync?.(encoder, decoder, target, emitSynced, messageType);
      return;
    }
    // No reply to an update: the encoder stays empty and nothing is sent back.
    waiting.push(decoding.readVarUint8Array(peek));
    cancel ??= schedule(flush);
  };
  return () => {
    cancel?.();
    if (readSync) provider.messageHandlers[MESSAGE_SYNC] = readSync;
    flush();
  };
}

/** What plain typing writes and deletes: text and its format marks. */
function isText(struct: unknown): boolean {
  if (!(struct instanceof Y.Item)) return false;
  const { content } = struct;
  return content instanceof Y.ContentString || content instanceof Y.ContentFormat;
}

/**
 * Whether an update writes or deletes anything but text (as `doc` has it before the update): a
 * deletion of what `doc` does not hold yet (written within the same frame) counts, to be safe.
 */
function changesShape(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  if (structs.some((struct) => struct instanceof Y.Item && !isText(struct))) return true;
  for (const [client, deletions] of ds.clients) {
    const known = doc.store.clients.get(client);
    for (const { clock, len } of deletions) {
      const last = known?.at(-1);
      if (!known || !last || last.id.clock + last.length < clock + len) return true;
      for (let i = Y.findIndexSS(known, clock); i < known.length; i++) {
        const struct = known[i] as Y.Item | Y.GC;
        if (struct.id.clock >= clock + len) break;
        if (struct instanceof Y.Item && !struct.deleted && !isText(struct)) return true;
      }
    }
  }
  return false;
}
