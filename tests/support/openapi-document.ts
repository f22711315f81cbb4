/**
 * The server's own OpenAPI document (`GET /api/openapi.json`), as the reliability suites read it: the
 * fuzz battery walks its routes and request schemas, the conformance suite its responses.
 */

/** A schema of the document (OpenAPI 3.1: JSON Schema 2020-12), as far as the suites read it. */
export interface Schema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Record<string, Schema>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly enum?: readonly unknown[];
  readonly maxLength?: number;
  readonly maxItems?: number;
}

export interface MediaType {
  readonly schema?: Schema;
}

export interface ResponseObject {
  readonly description: string;
  readonly content?: Record<string, MediaType>;
}

/** One operation (a method of a path). */
export interface Operation {
  readonly parameters?: readonly { readonly in: string; readonly name: string }[];
  readonly requestBody?: {
    readonly required?: boolean;
    readonly content: Record<string, { readonly schema: Schema }>;
  };
  readonly responses: Record<string, ResponseObject>;
}

export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, Schema> };
}

/** The document a running server serves (it needs no credentials). */
export async function fetchOpenApiDocument(serverUrl: string): Promise<OpenApiDocument> {
  const response = await fetch(`${serverUrl}/api/openapi.json`);
  if (response.status !== 200) throw new Error(`GET /api/openapi.json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

/** An operation, keyed as `get /api/documents/{id}` (method in lower case, the document's path). */
export interface ListedOperation {
  readonly key: string;
  readonly method: string;
  readonly template: string;
  readonly operation: Operation;
}

export function listOperations(openapi: OpenApiDocument): ListedOperation[] {
  return Object.entries(openapi.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      key: `${method} ${template}`,
      method,
      template,
      operation,
    })),
  );
}

/** The schema a `#/components/schemas/…` reference names, or the schema itself. */
export function resolveSchema(openapi: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return openapi.components.schemas[name] as Schema;
}

/**
 * The operation a request reached: its method, and the path template whose segments match the
 * request's path (a `{name}` segment matches any one segment). A literal segment wins over a
 * parameter, as in the router (`/revisions` is no `{id}`).
 */
export function findOperation(
  openapi: OpenApiDocument,
  method: string,
  pathname: string,
): ListedOperation | null {
  const segments = pathname.split('/');
  let best: { listed: ListedOperation; literals: number } | null = null;
  for (const listed of listOperations(openapi)) {
    if (listed.method !== method.toLowerCase()) continue;
    const parts = listed.template.split('/');
    if (parts.length !== segments.length) continue;
    let literals = 0;
    const matches = parts.every((part, index) => {
      if (/^\{[^}]+\}$/.test(part)) return true;
      literals++;
      return part === segments[index];
    });
    if (matches && (best === null || literals > best.literals)) best = { listed, literals };
  }
  return best?.listed ?? null;
}
