/**
 * When other participants' caret labels show. A label stands over the line above the caret, on its
 * words: it shows while the person moves or types (their awareness state changes) and for a moment
 * after, then only the coloured caret stays (`data-active` on the caret; styles.css).
 */
import type { Awareness } from 'y-protocols/awareness';
import { readCaretPerson } from './create-caret';

/** How long a label shows after its person last moved or typed. */
export const CARET_LABEL_SHOWN_MS = 3000;

export interface CaretActivity {
  /** Follows a caret just drawn for this awareness user: labelled now if the person is active. */
  track(caret: HTMLElement, user: Record<string, unknown>): void;
  stop(): void;
}

const personKey = (user: unknown) => {
  const { name, delegation } = readCaretPerson(user);
  return `${delegation ?? ''}\u0000${name}`;
};

export function followCaretActivity(awareness: Awareness): CaretActivity {
  // ProseMirror keeps a caret's element while it moves within a paragraph, so the labels are
  // switched on the elements drawn, not by drawing them again.
  const carets = new Map<string, Set<HTMLElement>>();
  // A person is active while their timer runs: it is deleted when it fires.
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const mark = (person: string, active: boolean) => {
    for (const caret of carets.get(person) ?? []) caret.toggleAttribute('data-active', active);
  };
  const rest = (person: string) => {
    timers.delete(person);
    mark(person, false);
    const drawn = carets.get(person);
    for (const caret of drawn ?? []) if (!caret.isConnected) drawn?.delete(caret);
  };
  const onChange = ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID) continue;
      const state = awareness.getStates().get(clientId) as { user?: unknown } | undefined;
      if (typeof state?.user !== 'object' || state.user === null) continue;
      const person = personKey(state.user);
      mark(person, true);
      clearTimeout(timers.get(person));
      timers.set(
        person,
        setTimeout(() => rest(person), CARET_LABEL_SHOWN_MS),
      );
    }
  };
  awareness.on('change', onChange);

  return {
    track(caret, user) {
      const person = personKey(user);
      const drawn = carets.get(person) ?? new Set<HTMLElement>();
      carets.set(person, drawn.add(caret));
      caret.toggleAttribute('data-active', timers.has(person));
    },
    stop() {
      awareness.off('change', onChange);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      carets.clear();
    },
  };
}
