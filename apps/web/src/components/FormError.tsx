import type { ReactNode } from 'react';
import type { ApiFailure } from '../api/client';

/**
 * The server's answer to a form it refused, announced to screen readers; nothing while there is none.
 * `children` follow the message inside the announcement (a link to the document a number belongs to).
 */
export function FormError({
  error,
  children,
}: {
  readonly error: ApiFailure | null;
  readonly children?: ReactNode;
}) {
  if (error === null) return null;
  return (
    <p role="alert" className="form-error">
      {error.message}
      {children}
    </p>
  );
}
