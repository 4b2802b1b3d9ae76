/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  example?: unknown;
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: JsonSchema;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema; example?: unknown }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

/** One operation of the document: `POST /api/v1/leads/{id}/status` with what it takes. */
export interface Route {
  method: string;
  /** The path as the document writes it, `{id}` and all. */
  path: string;
  pathParams: string[];
  queryParams: ParameterObject[];
  headers: ParameterObject[];
  /** Content type -> the body's schema (resolved) and a valid example of it. */
  bodies: Map<string, { schema: JsonSchema; example: unknown }>;
}

/** Follows `$ref`s to the schema they name. */
export function resolve(document: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema | undefined {
  let current = schema;
  for (let hops = 0; current?.$ref && hops < 20; hops++) {
    current = { ...document.components?.schemas?.[current.$ref.replace('#/components/schemas/', '')], ...withoutRef(current) };
  }
  return current;
}

function withoutRef(schema: JsonSchema): JsonSchema {
  const { $ref: _ref, ...rest } = schema;
  return rest;
}

/** The example of a schema: its own, its component's, or a list of its items' example. */
export function exampleOf(document: OpenApiDocument, schema: JsonSchema | undefined): unknown {
  const resolved = resolve(document, schema);
  if (resolved?.example !== undefined) return resolved.example;
  if (resolved?.type === 'array' && resolved.items) {
    const item = exampleOf(document, resolved.items);
    return item === undefined ? undefined : [item];
  }
  return undefined;
}

/** Every operation of the document, in its order. */
export function routesOf(document: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? [];
      const bodies = new Map<string, { schema: JsonSchema; example: unknown }>();
      for (const [type, content] of Object.entries(operation.requestBody?.content ?? {})) {
        const schema = resolve(document, content.schema) ?? {};
        bodies.set(type, { schema, example: content.example ?? exampleOf(document, content.schema) });
      }
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query'),
        headers: parameters.filter((p) => p.in === 'header'),
        bodies,
      });
    }
  }
  return routes;
}

/** `POST /api/v1/leads/{id}` */
export function routeName(route: Pick<Route, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
