import { useEffect, useRef, useState } from 'react';

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
  const movesFocus = useRef(false);
  useEffect(() => {
    if (!movesFocus.current) return;
    movesFocus.current = false;
    if (!open) button.current?.focus();
    else if (field.current) (within ? within(field.current) : field.current)?.focus();
  }, [open, within]);
  const show = (form: boolean) => {
    movesFocus.current = true;
    setOpen(form);
  };
  return { open, show, button, field };
}
