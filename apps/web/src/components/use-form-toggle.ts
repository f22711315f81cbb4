import { useRef, useState } from 'react';
import { useFocusAfterChange } from './use-focus-after-change';

/**
 * A button that opens a form in its place, and the form that gives way to it again. A focused control
 * that goes away drops focus to <body>, where a keyboard user starts again from the top: so focus
 * follows into the form when it opens (to `field`, or to what `within` picks inside it) and back to the
 * button when it closes; never on the first render, when a page must not take focus.
 */
export function useFormToggle<Field extends HTMLElement>(within?: (field: Field) => HTMLElement | null) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const field = useRef<Field>(null);
  const focusAfterToggle = useFocusAfterChange(open, () => {
    if (!open) return button.current;
    return field.current && (within ? within(field.current) : field.current);
  });
  const show = (form: boolean) => {
    focusAfterToggle();
    setOpen(form);
  };
  return { open, show, button, field };
}
