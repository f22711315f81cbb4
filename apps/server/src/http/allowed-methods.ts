import type { OpenAPIHono } from '@hono/zod-openapi';
import type { NotFoundHandler } from 'hono';
import { excerpt } from './api-error';
import { respondWithError } from './error-handling';

/** A path the API serves, as a pattern, and the methods it takes there (HEAD wherever GET is). */
export interface PathMethods {
  readonly pattern: RegExp;
  readonly methods: readonly string[];
}

/** Hono's order for the methods of one path, as `Allow` lists them. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Marks a route that takes a change's method (POST) but stores nothing: a comparison. */
export const CHANGES_NOTHING = 'x-changes-nothing';

type DeclaredRoute = Extract<
  OpenAPIHono['openAPIRegistry']['definitions'][number],
  { type: 'route' }
>['route'];

/** The paths of the OpenAPI registry, each with its methods: what a 404 or a 405 can point to. */
export function declaredPaths<E extends object>(
  app: OpenAPIHono<E>,
  keep: (route: DeclaredRoute) => boolean = () => true,
): PathMethods[] {
  const byPath = new Map<string, Set<string>>();
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route' || !keep(definition.route)) continue;
    const methods = byPath.get(definition.route.path) ?? new Set<string>();
    const method = definition.route.method.toUpperCase();
    methods.add(method);
    if (method === 'GET') methods.add('HEAD');
    byPath.set(definition.route.path, methods);
  }
  return [...byPath].map(([path, methods]) => ({
    // A path parameter is one segment, as Hono matches `:id`.
    pattern: new RegExp(
      `^${path
        .split(/\{[^}]+\}/)
        .map(escapeRegExp)
        .join('[^/]+')}$`,
    ),
    methods: METHOD_ORDER.filter((method) => methods.has(method)),
  }));
}

/**
 * The routes that may change something: every method but GET's, less those marked `CHANGES_NOTHING`.
 * What else is asked changes nothing (a 404 or a 405 for a path or method no route takes).
 */
export function changingPaths<E extends object>(app: OpenAPIHono<E>): PathMethods[] {
  return declaredPaths(app, (route) => route.method !== 'get' && route[CHANGES_NOTHING] !== true);
}

/** Whether a route of `paths` takes `method` on `path`. */
export function takesMethod(paths: readonly PathMethods[], method: string, path: string): boolean {
  return paths.some((candidate) => candidate.methods.includes(method) && candidate.pattern.test(path));
}

function escapeRegExp(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * No route answered. A path the API has, asked with another method, is a 405 with `Allow`; a path
 * that would be one without its trailing slash says so; anything else is a plain 404.
 */
export function createNotFoundHandler(paths: readonly PathMethods[]): NotFoundHandler {
  return (c) => {
    const { method, path } = c.req;
    const served = paths.find((candidate) => candidate.pattern.test(path));
    if (served !== undefined) {
      c.header('Allow', served.methods.join(', '));
      const listed = `${served.methods.slice(0, -1).join(', ')} or ${served.methods.at(-1)}`;
      return respondWithError(
        c,
        405,
        'method-not-allowed',
        `${excerpt(path)} takes ${served.methods.length > 1 ? listed : served.methods[0]}, not ${excerpt(method)}`,
      );
    }
    const trimmed = path.replace(/\/+$/, '');
    const hint =
      trimmed !== path && paths.some((candidate) => candidate.pattern.test(trimmed))
        ? ` (without the trailing slash: ${excerpt(trimmed)})`
        : '';
    return respondWithError(c, 404, 'not-found', `there is no ${method} ${excerpt(path)}${hint}`);
  };
}
