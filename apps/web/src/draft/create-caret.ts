/**
 * A remote caret labelled with the delegation (the Presidency and others by name), as the server named
 * the connection in awareness.
 */
import { pickTextColor } from '../sync/caret-color';
import { labelParticipant } from '../sync/presence';

const FALLBACK_COLOR = '#4b5563';

export function createCaret(user: Record<string, unknown>): HTMLElement {
  const name = typeof user.name === 'string' ? user.name : 'Someone';
  const delegation = typeof user.delegation === 'string' ? user.delegation : null;
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
