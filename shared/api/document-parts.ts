import * as z from 'zod';

/** What the two generated API documents share: the OpenAPI one (./openapi.ts) and the AsyncAPI one (./asyncapi.ts). */

export type Json = Record<string, unknown>;

/**
 * The licence the project and its API are offered under: Apache-2.0, as package.json `license` and the
 * LICENSE file say (test/unit/api/openapi.test.ts holds them together).
 */
export const API_LICENSE = {
  name: 'Apache-2.0',
  url: 'https://www.apache.org/licenses/LICENSE-2.0',
} as const;

/**
 * Named zod schemas as JSON Schema components, each referenced by `$ref` (`#/components/schemas/<id>`) where
 * another uses it, and `ref` for a schema wherever a document needs one. The dialect: 2020-12 for OpenAPI 3.1,
 * draft-07 for AsyncAPI 3.0 (its default schema format is a superset of draft-07).
 */
export function componentSchemas(
  components: Readonly<Record<string, z.ZodType>>,
  target: 'draft-2020-12' | 'draft-7' = 'draft-2020-12',
): {
  schemas: Record<string, Json>;
  ref: (schema: z.ZodType) => Json;
} {
  const registry = z.registry<{ id: string }>();
  const ids = new Map<z.ZodType, string>();
  for (const [id, schema] of Object.entries(components)) {
    registry.add(schema, { id });
    ids.set(schema, id);
  }
  const generated = z.toJSONSchema(registry, {
    target,
    uri: (id) => `#/components/schemas/${id}`,
    // The shapes as a client writes them: strict request objects forbid unknown fields, answers stay open to
    // new optional fields (contracts: additions are not breaking). No schema here has a default or transform.
    io: 'input',
    unrepresentable: 'throw',
  });
  const schemas: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(generated.schemas)) {
    // Inside an API document a component is identified by its place; `$schema` is the document's dialect.
    const { $schema: _dialect, $id: _id, ...rest } = schema as Json;
    schemas[id] = rest;
  }
  const ref = (schema: z.ZodType): Json => {
    const id = ids.get(schema);
    if (id !== undefined) return { $ref: `#/components/schemas/${id}` };
    // A schema without a component name is generated inline (everything the routes use is named today).
    const { $schema: _dialect, ...inline } = z.toJSONSchema(schema, {
      target,
      io: 'input',
      unrepresentable: 'throw',
    }) as Json;
    return inline;
  };
  return { schemas, ref };
}
