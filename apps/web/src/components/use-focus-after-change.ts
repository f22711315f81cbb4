import { useEffect, useRef } from 'react';

/**
 * Moves focus once React has rendered a change that an action awaits: the action calls the function
 * returned, and the next render in which `change` differs focuses what `target` returns then.
 * A control that the change takes away would otherwise drop focus to <body>. Focus moves only when an
 * action asked for it, so never on the first render.
 */
export function useFocusAfterChange(
  change: unknown,
  target: () => HTMLElement | null | undefined,
): () => void {
  const armed = useRef(false);
  // The latest render's target, read once that render is on screen.
  const latestTarget = useRef(target);
  latestTarget.current = target;
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves when `change` does
  useEffect(() => {
    if (!armed.current) return;
    armed.current = false;
    latestTarget.current()?.focus();
  }, [change]);
  return () => {
    armed.current = true;
  };
}
