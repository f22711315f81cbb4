import type { Editor } from '@tiptap/react';
import { useLayoutEffect, useRef, useState } from 'react';

/**
 * Where each block's element starts, in pixels from the top of the editor's parent, so that the margin
 * can sit beside its block. A block moves only when one before it changes height or blocks come or go:
 * measured again when the blocks' ids change, when the editor or any block element changes size
 * (a ResizeObserver on each, the elements ProseMirror adds observed as they come) and when the window
 * resizes, not at every keystroke: measuring 2,000 blocks took some 5 ms of every keystroke.
 */
export function useBlockOffsets(editor: Editor, ids: readonly string[]): ReadonlyMap<string, number> {
  const [offsets, setOffsets] = useState<ReadonlyMap<string, number>>(new Map());
  const wanted = useRef<ReadonlySet<string>>(new Set());
  const measureNow = useRef<(() => void) | null>(null);

  useLayoutEffect(() => {
    let frame = 0;
    const measure = () => {
      cancelAnimationFrame(frame);
      frame = 0;
      if (editor.isDestroyed) return;
      const root = editor.view.dom as HTMLElement;
      const container = root.parentElement;
      if (!container) return;
      const base = container.getBoundingClientRect().top;
      const next = new Map<string, number>();
      for (const element of root.querySelectorAll<HTMLElement>(':scope > [data-id]')) {
        const id = element.dataset.id;
        if (id && wanted.current.has(id) && !next.has(id))
          next.set(id, element.getBoundingClientRect().top - base);
      }
      setOffsets((previous) => (equalOffsets(previous, next) ? previous : next));
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    measureNow.current = measure;
    if (editor.isDestroyed) return;
    const root = editor.view.dom as HTMLElement;
    // Delivered after layout: reading the blocks' places then costs no layout of its own.
    const sizes = new ResizeObserver(measure);
    const box: ResizeObserverOptions = { box: 'border-box' };
    sizes.observe(root, box);
    for (const element of root.children) sizes.observe(element, box);
    const children = new MutationObserver((records) => {
      for (const record of records) {
        // A new element is reported by the ResizeObserver once observed (its first size).
        for (const node of record.addedNodes) if (node instanceof Element) sizes.observe(node, box);
        for (const node of record.removedNodes) if (node instanceof Element) sizes.unobserve(node);
      }
      schedule();
    });
    children.observe(root, { childList: true });
    window.addEventListener('resize', schedule);
    return () => {
      measureNow.current = null;
      cancelAnimationFrame(frame);
      sizes.disconnect();
      children.disconnect();
      window.removeEventListener('resize', schedule);
    };
  }, [editor]);

  useLayoutEffect(() => {
    wanted.current = new Set(ids);
    measureNow.current?.();
  }, [ids]);

  return offsets;
}

function equalOffsets(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, top] of b) if (a.get(id) !== top) return false;
  return true;
}
