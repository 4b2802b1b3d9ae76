import type { OpenAPIObject } from '@nestjs/swagger';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';

// Every JSON answer an end-to-end suite receives is checked against the schema its operation documents for its
// status (issue 12, item 6; ADR 0022): an answer with a field the document does not describe, a field of another
// type, a required field missing or a status the operation does not document fails the test, naming the
// operation, the status and the field. Installed on supertest by answer-schema.setup.ts.

// Ajv 8's draft 2019-09 (for `unevaluatedProperties`: an answer's field the document does not describe fails).
type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string; params?: Record<string, unknown> }> | null };

type Node = Record<string, unknown>;

interface Operation {
  operationId?: string;
  responses?: Record<string, Node>;
}

const ROOT = 'openapi';

/**
 * OpenAPI 3.0 schemas as JSON Schema for Ajv: `nullable` becomes a `null` alternative, `$ref`s point into the
 * document added under ROOT, and an object with `properties` takes no field it does not list (unevaluated, so
 * that a page's `allOf` of the shared `Page` and its typed items still takes both of theirs).
 */
function toJsonSchema(node: unknown, closed = true): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, closed));
  if (node === null || typeof node !== 'object') return node;
  const source = node as Node;
  const out: Node = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'example' || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace(/^#/, `${ROOT}#`);
    else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value as Node).map(([name, schema]) => [name, toJsonSchema(schema)]));
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') out[key] = toJsonSchema(value, false);
    else out[key] = toJsonSchema(value);
  }
  // A branch of a composition is closed by the composition, not by itself.
  if (closed && (source.properties || Array.isArray(source.allOf)) && source.additionalProperties === undefined) out.unevaluatedProperties = false;
  if (source.nullable === true) {
    const { type, ...rest } = out;
    return { anyOf: [{ type: 'null' }, { ...(type !== undefined ? { type } : {}), ...rest }] };
  }
  return out;
}

/** The checker of one document: `check` answers what is wrong with an answer, or undefined. */
export class AnswerSchemaCheck {
  private readonly ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: true });
  private readonly compiled = new Map<string, Validate>();
  private readonly routes: Array<{ method: string; pattern: RegExp; literal: number; label: string; operation: Operation }> = [];

  constructor(private readonly document: OpenAPIObject) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: ROOT, components: { schemas: toJsonSchema(document.components?.schemas ?? {}) } });
    for (const [template, item] of Object.entries(document.paths)) {
      const segments = template.split('/');
      const pattern = new RegExp(`^${segments.map((segment) => (/^\{.+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}$`);
      const literal = segments.filter((segment) => !/^\{.+\}$/.test(segment)).length;
      for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
        this.routes.push({ method: method.toUpperCase(), pattern, literal, label: `${method.toUpperCase()} ${template}`, operation });
      }
    }
    // A literal segment is matched before a parameter (`/leads/import` before `/leads/{id}`), as the router does.
    this.routes.sort((a, b) => b.literal - a.literal);
  }

  /** What is wrong with an answer to `method url`, or undefined when it is what its operation documents (or not an API answer). */
  check(method: string, url: string, status: number, contentType: string | undefined, body: unknown): string | undefined {
    const pathname = new URL(url, 'http://gateway').pathname;
    const route = this.routes.find((candidate) => candidate.method === method.toUpperCase() && candidate.pattern.test(pathname));
    if (!route) return undefined;
    const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!/json$/.test(media)) return undefined;
    const where = `${route.label} (${route.operation.operationId ?? '?'}) answered ${status} ${media}`;
    const answer = this.answerOf(route.operation, status);
    if (!answer) return `${where}: the document gives the operation no ${status} answer`;
    const schema = (answer.content as Record<string, { schema?: unknown }> | undefined)?.[media]?.schema;
    if (!schema) return `${where}: the document gives its ${status} answer no ${media} schema`;
    const key = `${route.label} ${status} ${media}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.compiled.set(key, validate);
    }
    if (validate(body)) return undefined;
    const fields = (validate.errors ?? [])
      .filter((error) => !['anyOf', 'allOf'].includes(String((error as { keyword?: string }).keyword)))
      .slice(0, 8)
      .map((error) => {
        const extra = error.params?.unevaluatedProperty ?? error.params?.missingProperty;
        const field = `${error.instancePath.replace(/^\//, '').replace(/\//g, '.')}${extra ? `${error.instancePath ? '.' : ''}${String(extra)}` : ''}` || '(the body)';
        return `${field}: ${error.message ?? 'is not valid'}`;
      });
    return `${where} does not match its documented schema:\n    - ${fields.join('\n    - ')}`;
  }

  /** The operation's answer for a status (a `$ref` to a response component followed). */
  private answerOf(operation: Operation, status: number): Node | undefined {
    const answer = operation.responses?.[String(status)] ?? operation.responses?.[`${String(status)[0]}XX`] ?? operation.responses?.default;
    const ref = answer?.$ref;
    if (typeof ref !== 'string') return answer;
    return ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Node)[part] : undefined), this.document) as Node | undefined;
  }
}
