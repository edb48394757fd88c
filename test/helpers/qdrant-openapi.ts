// Qdrant's published OpenAPI description (../shared/qdrant/openapi.json) as a checker of single requests and
// responses: the operation a method and path name, its path and query parameters, and the JSON body against the
// operation's schema with every `$ref` resolved into `components.schemas`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { SHARED } from './shared.ts';

export const QDRANT_SPEC = path.join(SHARED, 'qdrant/openapi.json');
export const hasQdrantSpec = existsSync(QDRANT_SPEC);

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Json;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  template: string;
  pathParams: Record<string, string>;
}

const INTEGER_FORMATS: Record<string, [number, number]> = {
  uint: [0, Number.MAX_SAFE_INTEGER],
  uint8: [0, 2 ** 8 - 1],
  uint32: [0, 2 ** 32 - 1],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/**
 * OpenAPI 3.0 schema → JSON Schema (draft 7) for Ajv: `nullable` becomes a `null` type, `$ref`s point into
 * `definitions`, and an object that lists its properties admits no others. Qdrant's server ignores some unknown
 * fields silently, which is how a misspelt field goes unnoticed; here it is an error.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const s = { ...(node as Json) };
  delete s.example;
  delete s.deprecated;
  if (typeof s.$ref === 'string') s.$ref = s.$ref.replace('#/components/schemas/', '#/definitions/');
  if (s.properties) s.properties = Object.fromEntries(Object.entries(s.properties as Json).map(([k, v]) => [k, toJsonSchema(v)]));
  for (const key of ['items', 'additionalProperties', 'not']) if (s[key] && typeof s[key] === 'object') s[key] = toJsonSchema(s[key]);
  for (const key of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(s[key])) s[key] = toJsonSchema(s[key]);
  if (s.nullable === true) {
    delete s.nullable;
    if (s.type) s.type = [...(Array.isArray(s.type) ? s.type : [s.type]), 'null'];
    else if (!s.anyOf && !s.oneOf && !s.$ref) s.type = 'null';
    if (Array.isArray(s.enum)) s.enum = [...s.enum, null];
  }
  if (s.properties && s.additionalProperties === undefined) s.additionalProperties = false;
  return s;
}

export class QdrantSpec {
  private readonly ajv: Ajv;
  private readonly paths: [RegExp, string, Json][];
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly spec: Json = JSON.parse(readFileSync(QDRANT_SPEC, 'utf8')) as Json) {
    this.ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
    for (const [name, [min, max]] of Object.entries(INTEGER_FORMATS)) {
      this.ajv.addFormat(name, { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= min && n <= max });
    }
    for (const name of ['float', 'double']) this.ajv.addFormat(name, { type: 'number', validate: (n: number) => Number.isFinite(n) });
    this.ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    for (const name of ['date-time', 'partial-date-time', 'binary', 'uri']) this.ajv.addFormat(name, true);
    const schemas = (this.spec.components as Json).schemas as Json;
    this.ajv.addSchema({ $id: 'qdrant', definitions: Object.fromEntries(Object.entries(schemas).map(([k, v]) => [k, toJsonSchema(v)])) }, 'qdrant');
    this.paths = Object.entries(this.spec.paths as Json).map(([template, ops]) => [
      new RegExp(`^${template.replace(/\{[^}]+\}/g, '([^/]+)')}$`),
      template,
      ops as Json,
    ]);
  }

  /** The operation a method and path name; null when the spec has none. */
  operation(method: string, pathname: string): SpecOperation | null {
    // Literal paths first, so that `/points/scroll` is not read as `/points/{id}`.
    const matches = this.paths
      .filter(([re, , ops]) => re.test(pathname) && ops[method.toLowerCase()])
      .sort(([, a], [, b]) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
    const [re, template, ops] = matches[0] ?? [];
    if (!re || !template || !ops) return null;
    const op = ops[method.toLowerCase()] as Json;
    const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const values = re.exec(pathname)!.slice(1).map(decodeURIComponent);
    return { operationId: String(op.operationId), method: method.toUpperCase(), template, pathParams: Object.fromEntries(names.map((n, i) => [n, values[i]!])) };
  }

  /** What is wrong with a request by the spec: unknown path, undeclared or malformed parameters, body errors. */
  checkRequest(method: string, pathname: string, query: URLSearchParams, body: unknown): { operation: SpecOperation | null; problems: string[] } {
    const operation = this.operation(method, pathname);
    if (!operation) return { operation, problems: [`${method} ${pathname}: no such operation in the spec`] };
    const op = this.op(operation);
    const where = `${operation.method} ${operation.template} (${operation.operationId})`;
    const problems: string[] = [];
    const params = (op.parameters ?? []) as Parameter[];
    for (const p of params) {
      const value = p.in === 'path' ? operation.pathParams[p.name] : p.in === 'query' ? query.get(p.name) : undefined;
      if (value === undefined || value === null) {
        if (p.required && p.in !== 'header') problems.push(`${where}: missing ${p.in} parameter ${p.name}`);
        continue;
      }
      const validate = this.compile(`param:${operation.operationId}:${p.name}`, p.schema);
      if (!validate(coerce(value, p.schema))) problems.push(`${where}: ${p.in} parameter ${p.name}=${value}: ${this.ajv.errorsText(validate.errors)}`);
    }
    for (const name of query.keys()) {
      if (!params.some((p) => p.in === 'query' && p.name === name)) problems.push(`${where}: undeclared query parameter ${name}`);
    }
    const content = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.['application/json'] as Json | undefined;
    if (content?.schema) {
      if (body === undefined) problems.push(`${where}: missing JSON body`);
      else problems.push(...this.check(`body:${operation.operationId}`, content.schema as Json, body, `${where} body`));
    } else if (body !== undefined) {
      problems.push(`${where}: a body where the spec has none`);
    }
    return { operation, problems };
  }

  /** What is wrong with a response by the spec (the stand-in server checks its own answers). */
  checkResponse(operation: SpecOperation, status: number, body: unknown): string[] {
    const responses = this.op(operation).responses as Json;
    const response = (responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default) as Json | undefined;
    if (!response) return [`${operation.operationId}: status ${status} is not in the spec`];
    const schema = ((response.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema as Json | undefined;
    return schema ? this.check(`response:${operation.operationId}:${status}`, schema, body, `${operation.operationId} response ${status}`) : [];
  }

  private op(operation: SpecOperation): Json {
    return ((this.spec.paths as Json)[operation.template] as Json)[operation.method.toLowerCase()] as Json;
  }

  private check(key: string, schema: Json, value: unknown, where: string): string[] {
    const validate = this.compile(key, schema);
    if (validate(value)) return [];
    // A value that fits no branch of an anyOf fails each branch; the branch it got deepest into is the one meant.
    const errors = validate.errors ?? [];
    const depth = (path: string) => path.split('/').length;
    const deepest = Math.max(...errors.map((e) => depth(e.instancePath)));
    const shown = [
      ...new Set(
        errors
          .filter((e) => depth(e.instancePath) === deepest)
          .map((e) => `${where}: ${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`),
      ),
    ];
    const rest = errors.filter((e) => depth(e.instancePath) < deepest).length;
    return rest ? [...shown, `${where}: (${rest} more errors above ${errors.find((e) => depth(e.instancePath) === deepest)!.instancePath}, from the other branches)`] : shown;
  }

  private compile(key: string, schema: Json): ValidateFunction {
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(refsInto(toJsonSchema(schema) as Json));
      this.cache.set(key, validate);
    }
    return validate;
  }
}

/** A schema outside `components` refers into the registered `qdrant` document. */
function refsInto(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema, (k, v: unknown) => (k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `qdrant${v}` : v))) as Json;
}

/** Query and path values are text; read them as the type the parameter's schema names. */
function coerce(value: string, schema: Json): unknown {
  const type = schema.type ?? ((schema.anyOf as Json[] | undefined)?.[0]?.type as string | undefined);
  if (type === 'integer' || type === 'number') return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}
