/**
 * A remote caret labelled with the delegation (the Presidency and others by name), as the server named
 * the connection in awareness.
 */
import { pickTextColor } from '../sync/caret-color';
import { labelParticipant } from '../sync/presence';

const FALLBACK_COLOR = '#4b5563';

/** Who a caret is, from the awareness `user` the server set. */
export function readCaretPerson(user: unknown): { name: string; delegation: string | null } {
  const fields = typeof user === 'object' && user !== null ? (user as Record<string, unknown>) : {};
  return {
    name: typeof fields.name === 'string' ? fields.name : 'Someone',
    delegation: typeof fields.delegation === 'string' ? fields.delegation : null,
  };
}

export function createCaret(user: Record<string, unknown>): HTMLElement {
  const { name, delegation } = readCaretPerson(user);
  const color = typeof user.color === 'string' && user.color !== 'transparent' ? user.color : FALLBACK_COLOR;
  const caret = document.createElement('span');
  caret.className = 'remote-caret';
  caret.style.borderColor = color;
  caret.setAttribute('aria-hidden', 'true');
  const label = document.createElement('span');
  label.className = 'remote-caret-label';
  label.style.backgroundColor = color;
  label.style.color = pickTextColor(color);
  label.textContent = labelParticipant({ name, delegation });
  label.title = name;
  caret.append(label);
  return caret;
}
