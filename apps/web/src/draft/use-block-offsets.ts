import type { Editor } from '@tiptap/react';
import { useLayoutEffect, useState } from 'react';

/**
 * Where each block's element starts, in pixels from the top of the editor's parent, so that the margin
 * can sit beside its block. Measured after every render of the editor and whenever its size changes.
 */
export function useBlockOffsets(editor: Editor, ids: readonly string[]): ReadonlyMap<string, number> {
  const [offsets, setOffsets] = useState<ReadonlyMap<string, number>>(new Map());

  useLayoutEffect(() => {
    let frame = 0;
    const measure = () => {
      frame = 0;
      if (editor.isDestroyed) return;
      const root = editor.view.dom as HTMLElement;
      const container = root.parentElement;
      if (!container) return;
      const base = container.getBoundingClientRect().top;
      const wanted = new Set(ids);
      const next = new Map<string, number>();
      for (const element of root.querySelectorAll<HTMLElement>(':scope > [data-id]')) {
        const id = element.dataset.id;
        if (id && wanted.has(id) && !next.has(id)) next.set(id, element.getBoundingClientRect().top - base);
      }
      setOffsets((previous) => (equalOffsets(previous, next) ? previous : next));
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    measure();
    const observer = new ResizeObserver(schedule);
    observer.observe(editor.view.dom);
    editor.on('update', schedule);
    window.addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      editor.off('update', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [editor, ids]);

  return offsets;
}

function equalOffsets(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, top] of b) if (a.get(id) !== top) return false;
  return true;
}
