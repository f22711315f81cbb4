/**
 * The sign-in page's field for a login link received elsewhere (by e-mail on another device): pasted
 * whole, or its token alone, it signs this browser in without the link being typed into the address
 * bar. The field has no name and the form is never submitted by the browser: the token goes into no
 * address, only into the body of the login route's request (`signIn`).
 */
import type { Result } from '@accord/model';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { type ApiFailure, NETWORK_ERROR_CODE, signIn } from '../api/client';
import { useRequest } from '../api/use-request';
import { FormError } from '../components/FormError';
import { type LoginInputError, readLoginInput } from './read-login-input';
import { useCheckSession } from './session-context';

const INPUT_ERRORS: Record<LoginInputError, string> = {
  empty: 'Paste the login link you were given, or its token.',
  'not-a-login-link':
    'This address is not a login link (one looks like https://…/login?token=…): paste the whole link you were given.',
  'not-a-token':
    'This is neither a login link nor a token: paste the whole link you were given (it looks like https://…/login?token=…).',
};

/** The login route's refusal, said as what the person can do about it. */
function describeRefusal(error: ApiFailure): ApiFailure {
  if (error.code === NETWORK_ERROR_CODE) return error;
  const message =
    error.code === 'unauthorized'
      ? 'This login link is not valid: it may have been replaced by a newer one, or mistyped. Ask for a new link if the one you pasted is whole.'
      : 'Signing in did not go through. Open the login link itself in this browser.';
  return { ...error, message };
}

export function PasteLoginLink({
  followLink,
}: {
  /** Whether to open the page the link names (`next`): not where a page whose session ended comes back. */
  readonly followLink: boolean;
}) {
  const [pasted, setPasted] = useState('');
  const { busy, error, run } = useRequest();
  const checkSession = useCheckSession();
  const navigate = useNavigate();

  const submit = () =>
    run(
      async (): Promise<Result<string | null, ApiFailure>> => {
        const input = readLoginInput(pasted);
        if (!input.ok)
          return { ok: false, error: { code: input.error, message: INPUT_ERRORS[input.error], status: 0 } };
        // The page the link names, where this one is to follow it; the server says whether it may.
        const next = followLink ? input.value.next : null;
        const signedIn = await signIn(input.value.token, next);
        if (!signedIn.ok) return { ok: false, error: describeRefusal(signedIn.error) };
        // A token alone, or a link naming no page, keeps the page the person opened (a draft's link).
        return { ok: true, value: next === null ? null : signedIn.value };
      },
      (next) => {
        setPasted('');
        if (next !== null) navigate(next);
        // The page follows the session asked afresh: the screen it shows, or the one the link names.
        void checkSession();
      },
    );

  return (
    <form
      className="paste-login"
      aria-label="Sign in with a login link"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="field">
        <span>Or paste the login link, or its token, here</span>
        <input
          type="text"
          value={pasted}
          onChange={(event) => setPasted(event.target.value)}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
        />
      </label>
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit" className="primary" aria-disabled={busy || undefined}>
          Sign in
        </button>
      </div>
    </form>
  );
}
