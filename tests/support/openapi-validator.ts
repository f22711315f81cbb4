/**
 * Answers checked against the schemas of the server's OpenAPI document (3.1, whose schemas are JSON
 * Schema 2020-12), with Ajv: once as written, and once with every object closed, so that a field the
 * server returns and the document does not list is found too (scripts rely on documented fields).
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument, Schema } from './openapi-document';

/** OpenAPI 3.1's own keywords of a schema object, which JSON Schema leaves to vocabularies. */
const OPENAPI_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs'];

/**
 * How a schema is prepared: `open` as written; `closed` with every object that lists its properties
 * closed to others (`unevaluatedProperties`); `branch` closed below but not itself, being a branch of
 * an `allOf` (the object `allOf` makes is closed as a whole, seeing every branch's properties).
 */
type Mode = 'open' | 'closed' | 'branch';

/** Where each mode finds the document's components: a schema of their own, holding them as `$defs`. */
const COMPONENTS: Record<Mode, string> = {
  open: 'components',
  closed: 'components-closed',
  branch: 'components-branch',
};

function prepareSchema(schema: unknown, mode: Mode): unknown {
  const below: Mode = mode === 'open' ? 'open' : 'closed';
  if (Array.isArray(schema)) return schema.map((item) => prepareSchema(item, below));
  if (typeof schema !== 'object' || schema === null) return schema;
  const prepared: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(schema)) {
    if (name === '$ref' && typeof value === 'string') {
      prepared.$ref = value.replace('#/components/schemas/', `${COMPONENTS[mode]}#/$defs/`);
    } else if (name === 'properties' && typeof value === 'object' && value !== null) {
      prepared.properties = Object.fromEntries(
        Object.entries(value).map(([field, property]) => [field, prepareSchema(property, below)]),
      );
    } else if (name === 'allOf' && Array.isArray(value)) {
      prepared.allOf = value.map((branch) => prepareSchema(branch, mode === 'open' ? 'open' : 'branch'));
    } else {
      prepared[name] = prepareSchema(value, below);
    }
  }
  const lists = 'properties' in prepared || 'allOf' in prepared;
  const open = 'additionalProperties' in prepared || 'unevaluatedProperties' in prepared;
  if (mode === 'closed' && lists && !open) prepared.unevaluatedProperties = false;
  return prepared;
}

/** What a body is, against a schema: null when it matches it and lists no field the schema does not. */
export type SchemaVerdict =
  | null
  | { readonly kind: 'mismatch'; readonly errors: string }
  | { readonly kind: 'undocumented-fields'; readonly fields: readonly string[] };

export interface ResponseValidator {
  /** `key` names the schema (operation, status, media type): each is compiled once. */
  judge(key: string, schema: Schema, body: unknown): SchemaVerdict;
}

export function createResponseValidator(openapi: OpenApiDocument): ResponseValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv);
  // OpenAPI's format for a file's contents: any string.
  ajv.addFormat('binary', true);
  ajv.addVocabulary(OPENAPI_KEYWORDS);
  for (const [mode, id] of Object.entries(COMPONENTS) as [Mode, string][]) {
    const defs = Object.entries(openapi.components.schemas).map(([name, schema]) => [
      name,
      prepareSchema(schema, mode),
    ]);
    ajv.addSchema({ $id: id, $defs: Object.fromEntries(defs) });
  }
  const compiled = new Map<string, { open: ValidateFunction; closed: ValidateFunction }>();
  return {
    judge(key, schema, body) {
      let validators = compiled.get(key);
      if (validators === undefined) {
        validators = {
          open: ajv.compile(prepareSchema(schema, 'open') as object),
          closed: ajv.compile(prepareSchema(schema, 'closed') as object),
        };
        compiled.set(key, validators);
      }
      if (!validators.open(body))
        return { kind: 'mismatch', errors: describeErrors(validators.open.errors ?? []) };
      if (validators.closed(body)) return null;
      const fields = (validators.closed.errors ?? [])
        .filter((error) => error.keyword === 'unevaluatedProperties')
        .map((error) => `${error.instancePath}/${String(error.params.unevaluatedProperty)}`);
      return { kind: 'undocumented-fields', fields: [...new Set(fields)] };
    },
  };
}

function describeErrors(errors: readonly ErrorObject[]): string {
  return errors.map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`).join('; ');
}
