import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import {
  type AuthDeps,
  authenticate,
  findUserByToken,
  isSameOrigin,
  SESSION_COOKIE,
  SESSION_TTL_MS,
} from '../auth/authenticate';
import { readReturnPath } from '../auth/return-path';
import { createToken, hashToken } from '../auth/tokens';
import { ApiError, badRequest, forbidden, unauthorized } from '../http/api-error';
import { type AppEnv, createRouter } from '../http/router';
import { ERROR_RESPONSES, errorResponse, jsonResponse } from '../http/schemas';
import type { User } from '../store/store';

const NEXT_DESCRIPTION =
  'Where to go once signed in: a path of this site (`/documents/ID`); anything else goes to `/`';

const login = createRoute({
  method: 'get',
  path: '/login',
  security: [],
  summary:
    'Turn a login link into a session cookie and go to the app, at `next` when the link names a path of it',
  request: {
    query: z.object({
      token: z.string().optional(),
      next: z.string().optional().openapi({ description: NEXT_DESCRIPTION }),
    }),
  },
  responses: {
    200: {
      description:
        'The link was followed from another site, or this browser is signed in as someone else: a page asks to confirm (POST /login), and no session is made',
      content: { 'text/html': { schema: z.string() } },
    },
    302: { description: 'Logged in: a session cookie is set and the browser goes to `next`, or /' },
    401: ERROR_RESPONSES[401],
  },
});

const ConfirmedLoginSchema = z.object({ token: z.string(), next: z.string().optional() });
const PastedLoginSchema = z.strictObject({
  token: z.string().openapi({ description: 'The token of a login link a person pasted' }),
  next: z
    .string()
    .optional()
    .openapi({ description: `The link's \`next\`. ${NEXT_DESCRIPTION}` }),
});

const PastedLoginOutcomeSchema = z
  .object({
    signedIn: z.literal(true),
    next: z.string().openapi({
      description:
        'Where to go now: the `next` sent when it is a path of this site, else `/` (as the form’s redirect)',
    }),
  })
  .openapi('PastedLoginOutcome');

const confirmLogin = createRoute({
  method: 'post',
  path: '/login',
  security: [],
  summary:
    'Sign in with a login link’s token in the body: confirmed on the page GET /login showed (a form), or pasted into the sign-in page (JSON)',
  description:
    'A form is the confirmation page’s: 303 to `next` with a session cookie, or 401 for a token nobody has. JSON `{ token, next }` is the sign-in page’s, where a person pasted a link or its token: 200 `{ signedIn: true, next }` with the session cookie, `next` the path to open (the one sent, when a path of this site, else `/`); 401 `unauthorized` for a token nobody has; 409 `signed-in-as-another-user` when this browser’s session is someone else’s, which only the link itself, confirmed, replaces. Either way the token is in no address, so in no proxy’s log nor the browser’s console line for a refused request.',
  request: {
    body: {
      // Not `required`: with two body types, a required one would be demanded of the other's requests.
      required: false,
      content: {
        'application/x-www-form-urlencoded': { schema: ConfirmedLoginSchema },
        'application/json': { schema: PastedLoginSchema },
      },
    },
  },
  responses: {
    200: jsonResponse('JSON: signed in, the session cookie set', PastedLoginOutcomeSchema),
    303: { description: 'Logged in: a session cookie is set and the browser goes to `next`, or /' },
    401: ERROR_RESPONSES[401],
    403: ERROR_RESPONSES[403],
    409: errorResponse(
      'JSON: this browser is signed in as someone else (`signed-in-as-another-user`); only the link itself, confirmed, replaces that session',
    ),
  },
});

const logout = createRoute({
  method: 'post',
  path: '/api/logout',
  summary: 'End the browser session',
  // Behind the API's authentication, as every /api route: a session that is no longer one (ended,
  // expired) is a 401, a cookie sent from another site a 403.
  responses: {
    204: { description: 'Logged out' },
    401: ERROR_RESPONSES[401],
    403: ERROR_RESPONSES[403],
  },
});

/**
 * The cookie holds a fresh random session id, never the user's token: a stolen cookie dies with its
 * session, and the store keeps only the id's hash.
 */
export function createSessionRoutes(deps: AuthDeps) {
  const userOf = async (token: string | undefined): Promise<User> => {
    const user = token === undefined ? null : await findUserByToken(deps, token);
    // The admin token is for the API only; it has no row a session could point to.
    if (user === null || user.role === 'admin') throw unauthorized('this login link is not valid');
    return user;
  };
  /** Signs in `user` with `token`, unless the token was replaced or revoked since `userOf` read it: 401. */
  const startSession = async (c: Context<AppEnv>, user: User, token: string) => {
    const sessionId = createToken();
    const now = deps.now();
    const made = await deps.store.sessions.create(
      { idHash: hashToken(sessionId), userId: user.id, createdAt: now, expiresAt: now + SESSION_TTL_MS },
      hashToken(token),
    );
    if (!made) throw unauthorized('this login link is not valid');
    setCookie(c, SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
      // Behind a proxy that terminates TLS the request reaching us is plain HTTP: the proxy's
      // X-Forwarded-Proto (when it is trusted) or ACCORD_PUBLIC_URL says what the browser spoke.
      secure:
        new URL(c.req.url).protocol === 'https:' ||
        c.get('client')?.scheme === 'https' ||
        deps.publicOrigin?.startsWith('https:') === true,
    });
  };
  /** Deletes the session and closes what it holds open (its event streams). */
  const endSession = async (sessionId: string | undefined) => {
    if (!sessionId) return;
    const sessionHash = hashToken(sessionId);
    await deps.store.sessions.delete(sessionHash);
    deps.sessionEnds.end(sessionHash);
  };
  const router = createRouter();
  router.use('/login', async (c, next) => {
    // Before the body is read: a post from elsewhere is refused whatever it holds. Under
    // `Referrer-Policy: no-referrer` a browser's form post carries `Origin: null`; its
    // Sec-Fetch-Site, which no page can set, says whether our own page sent it.
    const ours =
      c.req.method !== 'POST' ||
      isSameOrigin(c.req.header('origin'), c.req.header('host'), deps.publicOrigin ?? null) ||
      c.req.header('sec-fetch-site') === 'same-origin';
    if (!ours) throw forbidden('signing in must be confirmed on a page of this site');
    await next();
  });
  return router
    .openapi(login, async (c) => {
      const { token, next } = c.req.valid('query');
      const user = await userOf(token);
      const returnPath = readReturnPath(next);
      // A HEAD (a link preview) signs nobody in.
      if (c.req.method === 'HEAD') return c.body(null, 302, { location: returnPath });
      // Followed from another site, the link may be a stranger's, sent to sign this browser into
      // their account (login CSRF): nothing happens without a click on our own page. So too when
      // this browser is signed in as someone else (the Strict cookie arrives only from our pages
      // and typed addresses).
      const fetchSite = c.req.header('sec-fetch-site');
      const sessionId = getCookie(c, SESSION_COOKIE);
      const current =
        sessionId === undefined ? null : await authenticate(deps, { type: 'session', sessionId });
      const crossSite = fetchSite === 'cross-site' || fetchSite === 'same-site';
      if (crossSite || (current !== null && current.user.id !== user.id)) {
        // The page carries the login token in its form: no cache may keep it.
        return c.html(confirmationPage(user, current?.user ?? null, token as string, returnPath), 200, {
          'cache-control': 'no-store',
        });
      }
      await startSession(c, user, token as string);
      return c.redirect(returnPath, 302);
    })
    .openapi(confirmLogin, async (c) => {
      if (/^application\/json/i.test(c.req.header('content-type') ?? '')) {
        const { token, next } = c.req.valid('json') as z.infer<typeof PastedLoginSchema>;
        const user = await userOf(token);
        // As a link opened in this browser: someone else's session is replaced only once confirmed.
        const sessionId = getCookie(c, SESSION_COOKIE);
        const current =
          sessionId === undefined ? null : await authenticate(deps, { type: 'session', sessionId });
        if (current !== null && current.user.id !== user.id) {
          const message = `this browser is signed in as ${describeUser(current.user)}: open the login link itself to confirm signing in as ${describeUser(user)}`;
          throw new ApiError(409, 'signed-in-as-another-user', message);
        }
        await startSession(c, user, token);
        return c.json({ signedIn: true as const, next: readReturnPath(next) }, 200);
      }
      // Without a body, no token: refused as the form's schema refuses it.
      if (c.req.header('content-type') === undefined) throw badRequest('invalid-request', 'token: required');
      const { token, next } = c.req.valid('form') as z.infer<typeof ConfirmedLoginSchema>;
      const user = await userOf(token);
      // The confirmation page says the session this browser had ends: it does.
      await endSession(getCookie(c, SESSION_COOKIE));
      await startSession(c, user, token);
      return c.redirect(readReturnPath(next), 303);
    })
    .openapi(logout, async (c) => {
      await endSession(getCookie(c, SESSION_COOKIE));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    });
}

function describeUser(user: User): string {
  return user.delegation === null
    ? `${user.name} (${user.role})`
    : `${user.name} (${user.role}, ${user.delegation})`;
}

/**
 * The page that asks before a login link signs this browser in: plain HTML, one form, no script.
 * Hono's `html` template escapes every value put in it.
 */
function confirmationPage(user: User, current: User | null, token: string, returnPath: string) {
  const who = describeUser(user);
  const now =
    current === null
      ? ''
      : html`<p>This browser is signed in as ${describeUser(current)}; that session ends.</p>`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to Accord</title></head>
<body><main>
<h1>Sign in to Accord as ${who}?</h1>
<p>Only continue if this login link was given to you: what you do next is recorded as ${who}.</p>
${now}
<form method="post" action="/login"><input type="hidden" name="token" value="${token}"><input type="hidden" name="next" value="${returnPath}"><button type="submit">Sign in as ${who}</button></form>
<p><a href="/">Cancel</a></p>
</main></body></html>
`;
}
