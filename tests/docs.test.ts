/**
 * Keeps ARCHITECTURE.md and README.md true to the tree they describe: every path they name or link to
 * exists, every module a `### \`packages/x\`` section lists has its file, every `@accord/…` import they name
 * is exported, and every route written in full (`GET /api/…`) is in the server's OpenAPI document.
 * It reads files and asks an app with an in-memory store for its OpenAPI document: no server, no port.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, LiveDocuments, openSqliteStore } from '@accord/server';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCS = ['ARCHITECTURE.md', 'README.md'] as const;

/** Folders that are not the repository's source: dependencies, builds, test output, runtime data. */
const NOT_SOURCE = new Set(['node_modules', '.git', '.turbo', 'dist', 'artifacts', 'data']);
/** Files the docs name that the running product writes, not the repository: the demo's login links. */
const RUNTIME_FILES = new Set(['demo-logins.json']);
/** What a file name ends with for the docs to mean a file of the repository. */
const FILE_EXTENSION = /\.(ts|tsx|mjs|js|json|css|md|html)$/;
const REPO_ROOTS = ['apps/', 'packages/', 'tests/', 'bench/', 'docs/'];
/** The one route the OpenAPI document does not list: its own. */
const OPENAPI_DOCUMENT = '/api/openapi.json';

function listTree(dir: string, into: { files: string[]; dirs: string[] }): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_SOURCE.has(entry.name)) continue;
    const path = join(dir, entry.name);
    const rel = relative(ROOT, path);
    if (entry.isDirectory()) {
      into.dirs.push(rel);
      listTree(path, into);
    } else into.files.push(rel);
  }
}

const tree = { files: [] as string[], dirs: [] as string[] };
listTree(ROOT, tree);

/** The text of each backticked span, a line break inside one read as a space. */
function backticked(markdown: string): string[] {
  const spans: string[] = [];
  const withoutFences = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const [, span = ''] of withoutFences.matchAll(/`([^`]+)`/g))
    spans.push(span.replace(/\s*\n\s*/g, ' '));
  return spans;
}

/**
 * The span as a repository path, or null when it is not one: a file name with a source extension, or
 * slash-separated names under a known root or ending in `/`. Build outputs (`dist/`) and runtime files
 * are not the repository's; a trailing `/*` means the folder.
 */
function asRepoPath(span: string): string | null {
  if (RUNTIME_FILES.has(span)) return null;
  if (!/^[\w.@-]+(\/[\w.@*-]+)*\/?$/.test(span) || span.startsWith('.') || span.startsWith('@')) return null;
  const segments = span.replace(/\/\*$/, '').replace(/\/$/, '').split('/');
  if (segments.includes('dist') || segments.some((s) => /^\d+$/.test(s))) return null;
  const path = segments.join('/');
  if (FILE_EXTENSION.test(path)) return path;
  if (span.includes('/') && (REPO_ROOTS.some((root) => span.startsWith(root)) || /\/\*?$/.test(span)))
    return path;
  return null;
}

/** Whether `path` is a file or folder of the tree: exactly when rooted, else as the end of one. */
function inTree(path: string): boolean {
  if (REPO_ROOTS.some((root) => path.startsWith(root)) || !path.includes('/')) {
    if (existsSync(join(ROOT, path))) return true;
  }
  if (REPO_ROOTS.some((root) => path.startsWith(root))) return false;
  return [...tree.files, ...tree.dirs].some((p) => p.endsWith(`/${path}`));
}

/**
 * The modules a `### \`packages/x\`` section lists: its top-level items that open with a kebab-case
 * name, `- \`name\`:` or `- \`name\` (`; a nested item names a function, not a module.
 */
function listedModules(markdown: string): { pkg: string; module: string }[] {
  const found: { pkg: string; module: string }[] = [];
  let pkg: string | null = null;
  for (const line of markdown.split('\n')) {
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (heading) {
      pkg = /^### `(packages\/[\w-]+)`/.exec(line)?.[1] ?? null;
      continue;
    }
    const item = /^- `([a-z][a-z0-9-]*)`(?::| \()/.exec(line);
    if (pkg !== null && item?.[1] !== undefined) found.push({ pkg, module: item[1] });
  }
  return found;
}

/** Every route written as `METHOD /path`, the path in OpenAPI's form (`:id` → `{id}`). */
function writtenRoutes(markdown: string): { method: string; path: string }[] {
  return [
    ...markdown.matchAll(/\b(GET|POST|PUT|DELETE|PATCH) (\/(?:api\/[\w/:.{}-]*|healthz|login)\b)/g),
  ].map(([, method = '', path = '']) => ({
    method: method.toLowerCase(),
    path: path.replace(/[.,]+$/, '').replace(/:(\w+)/g, '{$1}'),
  }));
}

async function openApiPaths(): Promise<Record<string, Record<string, unknown>>> {
  const store = openSqliteStore(':memory:');
  const documents = new LiveDocuments(store);
  try {
    const app = createApp({ store, documents, logError: () => {} });
    const response = await app.request('/api/openapi.json');
    return ((await response.json()) as { paths: Record<string, Record<string, unknown>> }).paths;
  } finally {
    await documents.close();
    await store.close();
  }
}

describe.each(DOCS)('%s', (name) => {
  const markdown = readFileSync(join(ROOT, name), 'utf8');

  it('names only paths that exist', () => {
    const paths = [...new Set(backticked(markdown).map(asRepoPath))].filter((p): p is string => p !== null);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((path) => !inTree(path))).toEqual([]);
  });

  it('links only to files that exist', () => {
    const targets = [...markdown.matchAll(/\]\(([^)#\s]+)\)/g)].map(([, target = '']) => target);
    const local = targets.filter((target) => !/^[a-z]+:/.test(target));
    expect(local.filter((target) => !existsSync(join(ROOT, target)))).toEqual([]);
  });

  it('names only @accord imports that a package exports', () => {
    const missing: string[] = [];
    for (const span of backticked(markdown)) {
      const specifier = /^@accord\/([\w-]+)(\/[\w-]+)?$/.exec(span);
      if (!specifier) continue;
      const [, pkg = '', sub] = specifier;
      const dir = ['packages', 'apps'].map((d) => join(ROOT, d, pkg)).find((d) => existsSync(d));
      const exports = dir && JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).exports;
      if (!exports?.[sub === undefined ? '.' : `.${sub}`]) missing.push(span);
    }
    expect(missing).toEqual([]);
  });

  it('lists, under each package, only modules that have a file', () => {
    const modules = listedModules(markdown);
    if (name === 'ARCHITECTURE.md') {
      // Each pure package's section names its modules: a map with none would check nothing.
      expect(new Set(modules.map((m) => m.pkg))).toEqual(
        new Set(['packages/model', 'packages/ydoc', 'packages/format', 'packages/diff']),
      );
    }
    const missing = modules.filter(({ pkg, module }) => !existsSync(join(ROOT, pkg, 'src', `${module}.ts`)));
    expect(missing).toEqual([]);
  });

  it('writes only routes the server declares', async () => {
    const routes = writtenRoutes(markdown);
    expect(routes.length).toBeGreaterThan(0);
    const paths = await openApiPaths();
    const declared = ({ method, path }: { method: string; path: string }) =>
      paths[path]?.[method] !== undefined || (method === 'get' && path === OPENAPI_DOCUMENT);
    expect(routes.filter((route) => !declared(route))).toEqual([]);
  });
});
