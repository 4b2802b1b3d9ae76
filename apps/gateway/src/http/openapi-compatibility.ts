import type { OpenAPIObject } from '@nestjs/swagger';

// What makes a change of the document break a v1 client (API.md: listed fields may not change meaning within v1),
// found by comparing the committed document (docs/openapi.json) with the one the code makes. Each finding names
// the operation or field, so the review sees what a client would trip on.

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
};
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { required?: boolean } };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function operationsOf(document: OpenAPIObject): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      if (METHODS.includes(method)) operations.set(`${method.toUpperCase()} ${path}`, operation);
    }
  }
  return operations;
}

/** A schema's shape in one word: `string`, `string(uuid)`, `array of LeadContactV1`, `LeadContactV1`. */
function shapeOf(schema: Schema | undefined): string {
  if (!schema) return 'any';
  if (schema.$ref) return schema.$ref.replace('#/components/schemas/', '');
  if (schema.type === 'array') return `array of ${shapeOf(schema.items)}`;
  return schema.type ? `${schema.type}${schema.format ? `(${schema.format})` : ''}` : 'any';
}

function compareSchema(label: string, before: Schema | undefined, after: Schema | undefined, findings: string[]): void {
  if (!before) return;
  if (!after) return void findings.push(`${label} was removed`);
  const [was, is] = [shapeOf(before), shapeOf(after)];
  if (was !== 'any' && was !== is) findings.push(`${label} was retyped from ${was} to ${is}`);
  const enumBefore = before.enum ?? before.items?.enum;
  const enumAfter = after.enum ?? after.items?.enum;
  if (enumBefore && enumAfter) {
    for (const value of enumBefore) if (!enumAfter.includes(value)) findings.push(`${label} no longer takes ${JSON.stringify(value)}`);
  }
  for (const [name, property] of Object.entries(before.properties ?? {})) {
    compareSchema(`${label}.${name}`, property, after.properties?.[name], findings);
  }
  for (const name of after.required ?? []) {
    if (!(before.required ?? []).includes(name)) findings.push(`${label}.${name} became required`);
  }
}

/** Every change from `before` to `after` that a v1 client would break on, named; empty when there is none. */
export function breakingChanges(before: OpenAPIObject, after: OpenAPIObject): string[] {
  const findings: string[] = [];
  const operationsAfter = operationsOf(after);
  for (const [label, operation] of operationsOf(before)) {
    const now = operationsAfter.get(label);
    if (!now) {
      findings.push(`${label} was removed`);
      continue;
    }
    const parametersAfter = new Map((now.parameters ?? []).map((parameter) => [`${parameter.in}:${parameter.name}`, parameter]));
    for (const parameter of operation.parameters ?? []) {
      const current = parametersAfter.get(`${parameter.in}:${parameter.name}`);
      const where = `${label} ${parameter.in} parameter ${parameter.name}`;
      if (!current) findings.push(`${where} was removed`);
      else compareSchema(where, parameter.schema, current.schema, findings);
    }
    for (const parameter of now.parameters ?? []) {
      const known = (operation.parameters ?? []).some((old) => old.in === parameter.in && old.name === parameter.name);
      if (!known && parameter.required) findings.push(`${label} ${parameter.in} parameter ${parameter.name} was added as required`);
    }
    if (!operation.requestBody?.required && now.requestBody?.required) findings.push(`${label} now requires a body`);
  }
  const schemasAfter = (after.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [name, schema] of Object.entries((before.components?.schemas ?? {}) as Record<string, Schema>)) {
    compareSchema(name, schema, schemasAfter[name], findings);
  }
  return findings;
}
