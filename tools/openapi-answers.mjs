// Writes the schemas of the gateway's success answers (apps/gateway/src/http/openapi-answers.generated.ts) from the
// code: the TypeScript type each controller handler declares it returns (`Promise<LeadDetailsV1>`), read with the
// TypeScript compiler, so the views stay plain types and are stated once (ADR 0022). The OpenAPI document
// (http/openapi.ts) puts each route's schema on its success answer; the document's spec fails when this file is
// not what the code makes.
//
//   node tools/openapi-answers.mjs           write the file
//   node tools/openapi-answers.mjs --check   exit 1 (naming the command) when the file is not what the code makes
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(root, 'apps/gateway/src/http/openapi-answers.generated.ts');
const HTTP_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'Sse']);
/** Generic envelopes the document names once: `Page<T>` is the shared `Page` schema with typed items. */
const ENVELOPES = new Set(['Page']);

async function controllerFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return controllerFiles(full);
      return entry.name.endsWith('.controller.ts') ? [full] : [];
    }),
  );
  return nested.flat();
}

function decoratorNames(node) {
  return (ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [])
    .map((decorator) => (ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression))
    .map((expression) => (ts.isIdentifier(expression) ? expression.text : ''));
}

/** Turns TypeScript types into OpenAPI 3.0 schemas; named object types become components. */
class SchemaWriter {
  constructor(checker) {
    this.checker = checker;
    /** name → schema */
    this.components = {};
    /** name → the declaration it was made from, to catch two types of one name */
    this.origins = new Map();
    this.problems = [];
  }

  doc(symbol) {
    const text = ts.displayPartsToString(symbol.getDocumentationComment(this.checker)).trim();
    return text ? { description: text } : {};
  }

  /** The name a type is a component under, when it has one of its own (an interface, a class, an alias without type arguments). */
  nameOf(type) {
    if (type.aliasSymbol && !(type.aliasTypeArguments?.length)) return type.aliasSymbol.name;
    const symbol = type.getSymbol();
    if (!symbol || !(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class))) return undefined;
    if (type.typeArguments?.length || this.checker.getTypeArguments?.(type)?.length) return undefined;
    return symbol.name;
  }

  schemaOf(type, where) {
    const { checker } = this;
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (flags & ts.TypeFlags.Union) return this.unionOf(type, where);
    if (flags & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [type.value] };
    if (flags & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [type.value] };
    if (flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', enum: [checker.typeToString(type) === 'true'] };
    if (flags & ts.TypeFlags.StringLike) return { type: 'string' };
    if (flags & ts.TypeFlags.NumberLike) return { type: 'number' };
    if (flags & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (flags & ts.TypeFlags.Null) return { nullable: true };
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const items = checker.getTypeArguments(type);
      if (checker.isTupleType(type)) return { type: 'array', items: items.length === 1 ? this.schemaOf(items[0], where) : { anyOf: items.map((item) => this.schemaOf(item, where)) }, minItems: items.length, maxItems: items.length };
      return { type: 'array', items: this.schemaOf(items[0], `${where}[]`) };
    }
    if (flags & ts.TypeFlags.Object || flags & ts.TypeFlags.Intersection) {
      const symbol = type.getSymbol();
      if (symbol?.name === 'Date') return { type: 'string', format: 'date-time' };
      const envelope = type.aliasSymbol?.name ?? symbol?.name;
      if (envelope && ENVELOPES.has(envelope)) return this.envelopeOf(envelope, type, where);
      const name = this.nameOf(type);
      if (name) return this.component(name, type, where);
      return this.objectOf(type, where);
    }
    this.problems.push(`${where}: no schema for the type ${checker.typeToString(type)}`);
    return {};
  }

  unionOf(type, where) {
    const members = type.types;
    const nullable = members.some((member) => member.flags & ts.TypeFlags.Null);
    const rest = members.filter((member) => !(member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    let schema;
    const booleans = rest.filter((member) => member.flags & ts.TypeFlags.BooleanLiteral);
    const others = rest.filter((member) => !(member.flags & ts.TypeFlags.BooleanLiteral));
    if (booleans.length === 2 && others.length === 0) schema = { type: 'boolean' };
    else if (rest.length === 1) schema = this.schemaOf(rest[0], where);
    else if (rest.every((member) => member.flags & ts.TypeFlags.StringLiteral)) schema = { type: 'string', enum: rest.map((member) => member.value) };
    else if (rest.every((member) => member.flags & ts.TypeFlags.NumberLiteral)) schema = { type: 'number', enum: rest.map((member) => member.value) };
    else {
      const parts = [...others.map((member) => this.schemaOf(member, where)), ...(booleans.length ? [{ type: 'boolean' }] : [])];
      schema = { anyOf: parts };
    }
    if (!nullable) return schema;
    // OpenAPI 3.0 wants a `type` beside `nullable`; every component is an object.
    if (schema.$ref) return { type: 'object', nullable: true, allOf: [schema] };
    if (schema.enum) return { ...schema, nullable: true, enum: [...schema.enum, null] };
    return { ...schema, nullable: true };
  }

  envelopeOf(name, type, where) {
    const items = this.checker.getPropertyOfType(type, 'items');
    const itemType = items ? this.checker.getTypeOfSymbol(items) : undefined;
    const element = itemType && this.checker.isArrayType(itemType) ? this.checker.getTypeArguments(itemType)[0] : undefined;
    if (!element) return { $ref: `#/components/schemas/${name}` };
    return {
      allOf: [{ $ref: `#/components/schemas/${name}` }, { type: 'object', required: ['items'], properties: { items: { type: 'array', items: this.schemaOf(element, `${where}.items[]`) } } }],
    };
  }

  component(name, type, where) {
    const declaration = type.aliasSymbol?.declarations?.[0] ?? type.getSymbol()?.declarations?.[0];
    const origin = declaration ? `${path.relative(root, declaration.getSourceFile().fileName)}` : where;
    const known = this.origins.get(name);
    if (known === undefined) {
      this.origins.set(name, origin);
      this.components[name] = {}; // taken before the walk, so a type that names itself ends
      const symbol = type.aliasSymbol ?? type.getSymbol();
      this.components[name] = { ...this.objectOf(type, name), ...(symbol ? this.doc(symbol) : {}) };
    } else if (known !== origin) {
      this.problems.push(`${where}: two types are named ${name} (${known} and ${origin}); rename one`);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  objectOf(type, where) {
    const { checker } = this;
    const properties = {};
    const required = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = declaration ? checker.getTypeOfSymbolAtLocation(property, declaration) : checker.getTypeOfSymbol(property);
      if (propertyType.getCallSignatures().length > 0) continue;
      let schema = this.schemaOf(propertyType, `${where}.${property.name}`);
      const described = this.doc(property);
      if (described.description && !schema.$ref) schema = { ...schema, ...described };
      properties[property.name] = schema;
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
    }
    const index = checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & ts.TypeFlags.String);
    return {
      type: 'object',
      ...(required.length ? { required } : {}),
      ...(Object.keys(properties).length || !index ? { properties } : {}),
      ...(index ? { additionalProperties: this.schemaOf(index.type, `${where}[key]`) } : {}),
    };
  }
}

/** The schema of each handler's answer (`Controller.handler`), and the components they name. */
export async function answerSchemas() {
  const files = await controllerFiles(path.join(root, 'apps/gateway/src'));
  const config = ts.readConfigFile(path.join(root, 'tsconfig.base.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(files.sort(), { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const writer = new SchemaWriter(checker);
  const routes = {};
  for (const file of files) {
    const source = program.getSourceFile(file);
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name || !decoratorNames(statement).includes('Controller')) continue;
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || !decoratorNames(member).some((name) => HTTP_DECORATORS.has(name))) continue;
        const key = `${statement.name.text}.${member.name.getText(source)}`;
        const signature = checker.getSignatureFromDeclaration(member);
        let answer = checker.getReturnTypeOfSignature(signature);
        if (answer.getSymbol()?.name === 'Promise') answer = checker.getTypeArguments(answer)[0] ?? checker.getAwaitedType(answer);
        // A service's answer passed on as its JSON text (`JsonText<T>`, RpcClient.sendJson) is a `T` on the wire.
        if (answer.getSymbol()?.name === 'JsonText') answer = checker.getTypeArguments(answer)[0];
        // An SSE stream (Observable), or an answer written to the reply itself, has no JSON body to describe.
        if (answer.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined) || answer.getSymbol()?.name === 'Observable' || decoratorNames(member).includes('Sse')) continue;
        routes[key] = writer.schemaOf(answer, key);
      }
    }
  }
  if (writer.problems.length) throw new Error(`openapi-answers:\n  - ${writer.problems.join('\n  - ')}`);
  const sorted = (record) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  return { routes: sorted(routes), schemas: sorted(writer.components) };
}

export function render({ routes, schemas }) {
  return [
    '// Generated by tools/openapi-answers.mjs from the types the gateway\'s handlers answer. Do not edit: run',
    '// `node tools/openapi-answers.mjs` after changing a view or a route (ADR 0022).',
    '',
    '/** The schema of each route\'s success answer, by `Controller.handler`. */',
    `export const ANSWER_ROUTES: Record<string, object> = ${JSON.stringify(routes, null, 2)};`,
    '',
    '/** The schemas the answers name (`#/components/schemas/<name>`). */',
    `export const ANSWER_SCHEMAS: Record<string, object> = ${JSON.stringify(schemas, null, 2)};`,
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = render(await answerSchemas());
  if (process.argv.includes('--check')) {
    const current = await readFile(OUT, 'utf8').catch(() => '');
    if (current !== text) {
      console.error(`${path.relative(root, OUT)} is not what the code makes: run \`node tools/openapi-answers.mjs\` and commit it.`);
      process.exit(1);
    }
    console.log(`openapi-answers: ${path.relative(root, OUT)} is up to date`);
  } else {
    await writeFile(OUT, text);
    console.log(`openapi-answers: -> ${path.relative(root, OUT)}`);
  }
}
