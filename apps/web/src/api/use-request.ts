import type { Result } from '@accord/model';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiFailure, NETWORK_ERROR_CODE, serverAnswers } from './client';

export interface Request {
  /**
   * True while a call is in flight: the buttons that send it are `aria-disabled` meanwhile and their
   * presses are ignored (a disabled button would drop the focus it holds).
   */
  readonly busy: boolean;
  /** Why the server refused the last call, for `FormError`; null once one succeeds. */
  readonly error: ApiFailure | null;
  readonly clearError: () => void;
  /**
   * Sends `call`, unless one is still in flight (then nothing is sent). Its answer sets `error`; a
   * success is handed to `onDone`. Resolves to whether it was sent and succeeded.
   */
  readonly run: <T>(
    call: () => Promise<Result<T, ApiFailure>>,
    onDone?: (value: T) => void,
  ) => Promise<boolean>;
}

/**
 * One request at a time from a form or its buttons (entering a position, issuing a revision, creating
 * a document…), and the refusal to show. React's `useActionState` would queue a second press and
 * send it after the first, where a second press here is ignored.
 */
export function useRequest(): Request {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  // The flag itself, read by a press that comes before the render that marks the buttons busy.
  const inFlight = useRef(false);
  const run = useCallback(
    async <T>(call: () => Promise<Result<T, ApiFailure>>, onDone?: (value: T) => void) => {
      if (inFlight.current) return false;
      inFlight.current = true;
      setBusy(true);
      let result: Result<T, ApiFailure>;
      try {
        result = await call();
      } finally {
        // Also when the call throws: the form must not ignore every press after it.
        inFlight.current = false;
        setBusy(false);
      }
      setError(result.ok ? null : result.error);
      if (!result.ok) return false;
      onDone?.(result.value);
      return true;
    },
    [],
  );
  const clearError = useCallback(() => setError(null), []);
  // "The server cannot be reached" stood under the buttons after the network came back, until the next
  // press: the first answer the server gives any request of the page takes it away.
  const unreachable = error?.code === NETWORK_ERROR_CODE;
  useEffect(() => {
    if (!unreachable) return;
    serverAnswers.addEventListener('answer', clearError);
    return () => serverAnswers.removeEventListener('answer', clearError);
  }, [unreachable, clearError]);
  return { busy, error, clearError, run };
}
