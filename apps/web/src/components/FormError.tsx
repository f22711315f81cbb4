import type { ApiFailure } from '../api/client';

/** The server's answer to a form it refused, announced to screen readers; nothing while there is none. */
export function FormError({ error }: { readonly error: ApiFailure | null }) {
  if (error === null) return null;
  return (
    <p role="alert" className="form-error">
      {error.message}
    </p>
  );
}
