import type { OpenAPIObject } from '@nestjs/swagger';

/** The parts of a JSON schema (as @nestjs/swagger writes them) that the walk below reads. */
interface Schema {
  $ref?: string;
  type?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
}

interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

const REF = '#/components/schemas/';

/**
 * Marks every request body schema, and every object schema nested in it (`address`,
 * `lines[]`), `additionalProperties: false`: the global ValidationPipe answers an unknown field
 * with 400 (`forbidNonWhitelisted`), and the document says so. Response schemas stay open.
 */
export function closeRequestBodies(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const seen = new Set<Schema>();
  const close = (schema: Schema | undefined): void => {
    if (!schema) return;
    if (schema.$ref) return close(schemas[schema.$ref.replace(REF, '')]);
    if (seen.has(schema)) return;
    seen.add(schema);
    for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])])
      close(part);
    close(schema.items);
    if (schema.type === 'object' || schema.properties) {
      schema.additionalProperties = false;
      for (const property of Object.values(schema.properties ?? {})) close(property);
    }
  };
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path as Record<string, Operation>)) {
      close(operation?.requestBody?.content?.['application/json']?.schema);
    }
  }
}
