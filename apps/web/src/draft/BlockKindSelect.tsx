/**
 * The toolbar's list of block kinds. Chromium changes a closed <select> at every arrow key: applied at
 * once, each arrow would rewrite the paragraph for everyone (and send focus back to the text after the
 * first), so a kind chosen from the keyboard is applied on Enter or when the list loses focus, and
 * Escape puts back the paragraph's own. A choice made in the opened list with the mouse applies at once.
 */
import { BLOCK_KINDS, type BlockKind, isBlockKind } from '@accord/model';
import { useRef, useState } from 'react';

const BLOCK_KIND_LABELS: Readonly<Record<BlockKind, string>> = {
  numbered: 'Numbered paragraph',
  paragraph: 'Paragraph',
  bullet: 'Bullet',
  heading: 'Heading',
};

/** Keys with which a closed list changes its value without being opened. */
const BROWSING_KEYS = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

interface BlockKindSelectProps {
  /** The kind of the paragraph at the caret; null when the selection has none (the list is disabled). */
  readonly kind: BlockKind | null;
  /** Sets the kind chosen (perhaps the paragraph's own); `focusText` gives focus back to the text. */
  readonly onApply: (kind: BlockKind, focusText: boolean) => void;
}

export function BlockKindSelect({ kind, onApply }: BlockKindSelectProps) {
  const [browsed, setBrowsed] = useState<BlockKind | null>(null);
  const browsing = useRef(false);

  const apply = (chosen: BlockKind, focusText: boolean) => {
    setBrowsed(null);
    onApply(chosen, focusText);
  };

  return (
    <label className="toolbar-kind">
      <span className="visually-hidden">Block kind</span>
      <select
        value={browsed ?? kind ?? ''}
        disabled={kind === null}
        onPointerDown={() => {
          browsing.current = false;
        }}
        onKeyDown={(e) => {
          // Typing a letter selects a kind by its name, as the arrows do; Alt with an arrow opens the
          // list instead, and a kind chosen there applies at once.
          browsing.current = !e.altKey && (BROWSING_KEYS.has(e.key) || (e.key.length === 1 && e.key !== ' '));
          if (e.key === 'Enter' && browsed !== null) {
            e.preventDefault();
            apply(browsed, true);
          } else if (e.key === 'Escape' && browsed !== null) {
            // Only the list's own change is undone; a second Escape goes on to close what is open.
            e.stopPropagation();
            setBrowsed(null);
          }
        }}
        onChange={(e) => {
          const chosen = e.target.value;
          if (!isBlockKind(chosen)) return;
          if (browsing.current) {
            browsing.current = false;
            setBrowsed(chosen === kind ? null : chosen);
          } else {
            apply(chosen, true);
          }
        }}
        onBlur={() => {
          if (browsed !== null) apply(browsed, false);
        }}
      >
        {kind === null && <option value="">—</option>}
        {BLOCK_KINDS.map((option) => (
          <option key={option} value={option}>
            {BLOCK_KIND_LABELS[option]}
          </option>
        ))}
      </select>
    </label>
  );
}
