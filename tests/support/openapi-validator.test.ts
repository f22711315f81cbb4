import { describe, expect, it } from 'vitest';
import type { OpenApiDocument, Schema } from './openapi-document';
import { createResponseValidator } from './openapi-validator';

/** A document shaped as zod-openapi writes one: components, `allOf` for `.extend`, null as a type. */
const DOCUMENT: OpenApiDocument = {
  openapi: '3.1.0',
  paths: {},
  components: {
    schemas: {
      User: {
        type: 'object',
        properties: { id: { type: 'string' }, delegation: { type: ['string', 'null'] } },
        required: ['id', 'delegation'],
      },
      Metadata: {
        type: ['object', 'null'],
        properties: { number: { type: 'string' } },
        required: ['number'],
      },
      Document: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          metadata: { $ref: '#/components/schemas/Metadata' },
          details: { type: 'object', additionalProperties: {} },
        },
        required: ['id', 'metadata'],
        example: { id: 'd1', metadata: null },
      } as Schema,
    },
  },
};

const CREATED_USER = {
  allOf: [
    { $ref: '#/components/schemas/User' },
    { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] },
  ],
} as Schema;
const DOCUMENTS: Schema = { type: 'array', items: { $ref: '#/components/schemas/Document' } };

describe('createResponseValidator', () => {
  const validator = createResponseValidator(DOCUMENT);

  it.each([
    ['a user with the token added by allOf', CREATED_USER, { id: 'u', delegation: null, token: 't' }, null],
    [
      'a field neither branch of allOf lists',
      CREATED_USER,
      { id: 'u', delegation: 'FR', token: 't', secret: 1 },
      { kind: 'undocumented-fields', fields: ['/secret'] },
    ],
    [
      'a field of a referenced object, in an array',
      DOCUMENTS,
      [{ id: 'd', metadata: { number: '1/17', extra: true } }],
      { kind: 'undocumented-fields', fields: ['/0/metadata/extra'] },
    ],
    [
      'a null where the schema allows it, and a free-form object',
      DOCUMENTS,
      [{ id: 'd', metadata: null, details: { anything: 1 } }],
      null,
    ],
    [
      'a null where the schema does not allow it',
      CREATED_USER,
      { id: null, delegation: null, token: 't' },
      { kind: 'mismatch', errors: '/id must be string' },
    ],
  ] as const)('judges %s', (name, schema, body, verdict) => {
    expect(validator.judge(name, schema, body)).toEqual(verdict);
  });
});
