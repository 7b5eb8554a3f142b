// Test helper: validates Authlete API responses against the OpenAPI documents vendored in ./openapi/ (see NOTICE.md there)
// (V3 responses against authlete-api-3.0.16.yaml, V2 responses against authlete-api-2.3.12.yaml).
//
// OpenAPI 3.0 schemas are not JSON Schema: the converter below resolves `$ref`s into `definitions`, turns
// `nullable: true` into a `"null"` type, drops documentation keywords (`example`, `description`, …). Enums and types are always checked. In CLOSED mode (used
// for the stand-in) an object schema that does not say `additionalProperties` also rejects properties the
// document does not list: this catches a V3-only field leaking into a V2 answer, or a misspelt field. Real
// Authlete may send fields newer than the document, so tests against it use the open mode.
//
// OpenAPI formats become plain keywords: `int32` → integer within ±2^31, `int64` → integer, `uri` → a string
// starting with a URI scheme (RFC 3986 §3.1); so no format plug-in is needed at validation time.
//
// Caches in the OS temp folder (keyed by the document's size and mtime, and the converter version): the parsed
// documents as JSON (parsing the YAML takes ~1 s, reading the cache ~20 ms), and every compiled validator as
// ajv "standalone" code (compiling the big `service`/`client` schemas takes 0.2–1 s per test process).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import Ajv, { type ValidateFunction } from "ajv";
import standaloneCode from "ajv/dist/standalone";

export type Generation = "v2" | "v3";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const OPENAPI_DIR = resolve(REPO_ROOT, "local/authlete/openapi");
export const OPENAPI_FILES: Record<Generation, string> = {
  v3: join(OPENAPI_DIR, "authlete-api-3.0.16.yaml"),
  v2: join(OPENAPI_DIR, "authlete-api-2.3.12.yaml"),
};

type Schema = Record<string, unknown>;

/** Bump when convert() changes, so cached compiled validators are rebuilt. */
const CONVERTER_VERSION = "2";
const CACHE_DIR = join(tmpdir(), "authlete-openapi-cache");

function writeAtomic(file: string, data: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

function specKey(gen: Generation): string {
  const file = OPENAPI_FILES[gen];
  const st = statSync(file);
  return createHash("sha256").update(`${file}:${st.size}:${st.mtimeMs}`).digest("hex").slice(0, 16);
}

/** A parameter of an operation, as much of it as the tests need. */
export interface SpecParameter {
  name: string;
  in: string;
  required: boolean;
  type?: string;
}

interface SpecOperation {
  responses?: Record<string, unknown>;
  parameters?: SpecParameter[];
  /** `security: []` on the operation: no credentials. */
  open?: boolean;
  /** The media types of the request body, if the operation has one. */
  requestBody?: string[];
}

interface SpecSubset {
  paths: Record<string, Record<string, SpecOperation>>;
  schemas: Record<string, Schema>;
  responses: Record<string, Schema>;
}

const DOC_KEYWORDS = new Set(["example", "examples", "description", "externalDocs", "xml", "deprecated", "discriminator", "title"]);

function loadSpec(gen: Generation): SpecSubset {
  const file = OPENAPI_FILES[gen];
  // "-s2": the subset also keeps parameters, security and request bodies (older caches do not).
  const cacheFile = join(CACHE_DIR, `spec-${gen}-${specKey(gen)}-s2.json`);
  if (existsSync(cacheFile)) {
    try {
      return JSON.parse(readFileSync(cacheFile, "utf8")) as SpecSubset;
    } catch {
      /* rebuild */
    }
  }
  const doc = parseYaml(readFileSync(file, "utf8"), { maxAliasCount: -1 }) as {
    paths: SpecSubset["paths"];
    components: { schemas: Record<string, Schema>; responses?: Record<string, Schema> };
  };
  const paths: SpecSubset["paths"] = {};
  for (const [p, ops] of Object.entries(doc.paths)) {
    paths[p] = {};
    for (const [m, raw] of Object.entries(ops)) {
      if (!raw || typeof raw !== "object" || !("responses" in raw)) continue;
      const op = raw as {
        responses: Record<string, unknown>;
        parameters?: { name?: unknown; in?: unknown; required?: unknown; schema?: { type?: unknown } }[];
        security?: unknown[];
        requestBody?: { content?: Record<string, unknown> };
      };
      paths[p][m] = {
        responses: op.responses,
        parameters: (op.parameters ?? [])
          .filter((x) => typeof x.name === "string" && typeof x.in === "string")
          .map((x) => ({ name: x.name as string, in: x.in as string, required: x.required === true, type: typeof x.schema?.type === "string" ? x.schema.type : undefined })),
        open: Array.isArray(op.security) && op.security.length === 0,
        requestBody: op.requestBody?.content ? Object.keys(op.requestBody.content) : undefined,
      };
    }
  }
  const subset: SpecSubset = { paths, schemas: doc.components.schemas, responses: doc.components.responses ?? {} };
  writeAtomic(cacheFile, JSON.stringify(subset));
  return subset;
}

/** OpenAPI 3.0 schema → JSON Schema draft-07 (see the header comment). */
function convert(s: unknown, closed: boolean): unknown {
  if (Array.isArray(s)) return s.map((x) => convert(x, closed));
  if (!s || typeof s !== "object") return s;
  const src = s as Schema;
  if (typeof src.$ref === "string") {
    // OpenAPI 3.0 ignores siblings of $ref.
    return { $ref: src.$ref.replace("#/components/schemas/", "#/definitions/") };
  }
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (DOC_KEYWORDS.has(k) || k === "nullable" || k === "readOnly" || k === "writeOnly") continue;
    if (k === "properties" && v && typeof v === "object") {
      const props: Schema = {};
      for (const [pk, pv] of Object.entries(v as Schema)) props[pk] = convert(pv, closed);
      out.properties = props;
    } else if (k === "items" || k === "additionalProperties" || k === "not") {
      out[k] = typeof v === "object" ? convert(v, closed) : v;
    } else if (k === "allOf" || k === "oneOf" || k === "anyOf") {
      out[k] = (v as unknown[]).map((x) => convert(x, closed));
    } else if (k === "format") {
      // OpenAPI formats as plain JSON Schema keywords (see the header comment).
      if (v === "int32") Object.assign(out, { type: "integer", minimum: -(2 ** 31), maximum: 2 ** 31 - 1 });
      else if (v === "int64") out.type = "integer";
      else if (v === "uri") out.pattern = "^[A-Za-z][A-Za-z0-9+.-]*:";
    } else if (!(k === "type" && out.type === "integer")) {
      out[k] = v;
    }
  }
  if (src.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  if (closed && out.properties && out.additionalProperties === undefined && !out.allOf && !out.oneOf && !out.anyOf) {
    out.additionalProperties = false;
  }
  return out;
}

function collectRefs(s: unknown, acc: Set<string>): void {
  if (Array.isArray(s)) {
    for (const x of s) collectRefs(x, acc);
    return;
  }
  if (!s || typeof s !== "object") return;
  for (const [k, v] of Object.entries(s)) {
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/components/schemas/")) acc.add(v.slice("#/components/schemas/".length));
    else collectRefs(v, acc);
  }
}

export interface ValidationResult {
  ok: boolean;
  /** Which schema was used, e.g. "v3 POST /api/{serviceId}/auth/token 200". */
  schema: string;
  errors: string[];
}

export class OpenApiValidator {
  private specs = new Map<Generation, SpecSubset>();
  private compiled = new Map<string, ValidateFunction>();
  private ajvInstance: Ajv | undefined;

  constructor(private readonly closed: boolean) {}

  private get ajv(): Ajv {
    // `optimize: false`: compiling the big schemas (service, client) is ~40% faster; `source` for standalone code.
    this.ajvInstance ??= new Ajv({ strict: false, allErrors: true, code: { optimize: false, source: true } });
    return this.ajvInstance;
  }

  private spec(gen: Generation): SpecSubset {
    let s = this.specs.get(gen);
    if (!s) {
      s = loadSpec(gen);
      this.specs.set(gen, s);
    }
    return s;
  }

  /**
   * The OpenAPI path of an API call: "/auth/token" → "/api/{serviceId}/auth/token" (V3) or "/api/auth/token"
   * (V2); concrete segments are matched against the document's `{name}` segments ("/client/get/demo-client" →
   * "…/client/get/{clientId}", the path with the most literal segments winning, so "/client/get/list" stays
   * itself). A path that already starts with "/api/" is one outside any service (`/api/info`). Unknown paths
   * come back as they are.
   */
  specPath(gen: Generation, apiPath: string): string {
    const full = apiPath.startsWith("/api/") ? apiPath : gen === "v3" ? `/api/{serviceId}${apiPath}` : `/api${apiPath}`;
    const segs = full.split("/");
    let best: { path: string; literals: number } | undefined;
    for (const candidate of Object.keys(this.spec(gen).paths)) {
      const parts = candidate.split("/");
      if (parts.length !== segs.length) continue;
      let literals = 0;
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const p = parts[i] as string;
        if (p.startsWith("{") && p.endsWith("}")) ok = (segs[i] as string) !== "";
        else if (p === segs[i]) literals++;
        else ok = false;
      }
      if (ok && (!best || literals > best.literals)) best = { path: candidate, literals };
    }
    return best?.path ?? full;
  }

  /** Every operation of a document (for tests that walk all of them). */
  operations(gen: Generation): { path: string; method: string; op: SpecOperation }[] {
    const out: { path: string; method: string; op: SpecOperation }[] = [];
    for (const [path, ops] of Object.entries(this.spec(gen).paths)) for (const [method, op] of Object.entries(ops)) out.push({ path, method, op });
    return out;
  }

  /** The response schema of an operation and status (non-listed error statuses use the `result` schema). */
  private responseSchema(gen: Generation, method: string, apiPath: string, status: number): { name: string; schema: unknown } {
    const spec = this.spec(gen);
    const sp = this.specPath(gen, apiPath);
    const ops = spec.paths[sp];
    const result = { name: `${gen} ${method} ${sp} ${status} (result)`, schema: { $ref: "#/components/schemas/result" } };
    // An undocumented path or method can only be answered with an error: the generic `result` body.
    if (!ops) {
      if (status >= 400) return result;
      throw new Error(`${gen}: the OpenAPI document has no path ${sp}`);
    }
    // A method Authlete's own clients use but the document does not list (POST discovery, reference §3.13;
    // POST /client/granted_scopes/delete, grants.ts) is checked against the path's one documented operation.
    const documented = Object.values(ops);
    const op = ops[method.toLowerCase()] ?? (documented.length === 1 ? documented[0] : undefined);
    if (!op?.responses) {
      if (status >= 400) return result;
      throw new Error(`${gen}: the OpenAPI document has no ${method} ${sp}`);
    }
    let resp = op.responses[String(status)] as Schema | undefined;
    const name = `${gen} ${method} ${sp} ${status}`;
    if (!resp) {
      if (status >= 400) return result;
      throw new Error(`${gen}: ${method} ${sp} documents no ${status} response`);
    }
    if (typeof resp.$ref === "string") resp = spec.responses[resp.$ref.split("/").pop() as string];
    const contents = resp?.content as Record<string, { schema?: unknown }> | undefined;
    // A response without content (GET /api/misc/echo documents none) admits any body; a text/plain one
    // (the health check) is validated as the text itself.
    if (!contents) return { name, schema: {} };
    const content = contents["application/json"] ?? contents["text/plain"];
    if (!content?.schema) throw new Error(`${gen}: ${method} ${sp} ${status} has no application/json schema`);
    return { name, schema: content.schema };
  }

  private compile(gen: Generation, method: string, apiPath: string, status: number): { name: string; fn: ValidateFunction } {
    const { name, schema } = this.responseSchema(gen, method, apiPath, status);
    const cached = this.compiled.get(name);
    if (cached) return { name, fn: cached };
    const codeFile = join(
      CACHE_DIR,
      `validator-${createHash("sha256").update(`${specKey(gen)}:${name}:${this.closed}:${CONVERTER_VERSION}`).digest("hex").slice(0, 24)}.cjs`,
    );
    if (existsSync(codeFile)) {
      try {
        const fn = loadStandalone(readFileSync(codeFile, "utf8"));
        this.compiled.set(name, fn);
        return { name, fn };
      } catch {
        /* recompile */
      }
    }
    const spec = this.spec(gen);
    const needed = new Set<string>();
    collectRefs(schema, needed);
    const queue = [...needed];
    while (queue.length) {
      const n = queue.pop() as string;
      const more = new Set<string>();
      collectRefs(spec.schemas[n], more);
      for (const m of more) if (!needed.has(m)) {
        needed.add(m);
        queue.push(m);
      }
    }
    const definitions: Schema = {};
    for (const n of needed) {
      if (!spec.schemas[n]) throw new Error(`${gen}: missing schema ${n}`);
      definitions[n] = convert(spec.schemas[n], this.closed);
    }
    const root = { ...(convert(schema, this.closed) as Schema), definitions };
    const fn = this.ajv.compile(root);
    writeAtomic(codeFile, standaloneCode(this.ajv, fn));
    this.compiled.set(name, fn);
    return { name, fn };
  }

  validate(gen: Generation, method: string, apiPath: string, status: number, body: unknown): ValidationResult {
    const { name, fn } = this.compile(gen, method, apiPath, status);
    const ok = fn(body) as boolean;
    const errors = ok
      ? []
      : (fn.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""}${e.params && "additionalProperty" in e.params ? `: '${String((e.params as { additionalProperty: unknown }).additionalProperty)}'` : ""}${e.params && "allowedValues" in e.params ? `: ${JSON.stringify((e.params as { allowedValues: unknown }).allowedValues)}` : ""}`);
    return { ok, schema: name, errors };
  }
}

/** Paths (JSON Pointer-ish) of every `null` in a JSON value; Authlete leaves absent fields out instead. */
export function findNulls(v: unknown, path = ""): string[] {
  if (v === null) return [path || "(root)"];
  if (Array.isArray(v)) return v.flatMap((x, i) => findNulls(x, `${path}/${i}`));
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => findNulls(x, `${path}/${k}`));
  return [];
}

const requireFromHere = createRequire(import.meta.url);

/** Evaluates ajv standalone (CommonJS) code; its `require`s resolve ajv's runtime helpers from here. */
function loadStandalone(code: string): ValidateFunction {
  const module = { exports: {} as unknown };
  new Function("require", "module", "exports", code)(requireFromHere, module, module.exports);
  const fn = (module.exports as { default?: unknown }).default ?? module.exports;
  if (typeof fn !== "function") throw new Error("not a validator");
  return fn as ValidateFunction;
}

const shared = new Map<boolean, OpenApiValidator>();

/** One validator per mode per process (compiled schemas are reused across tests). */
export function getValidator(closed: boolean): OpenApiValidator {
  let v = shared.get(closed);
  if (!v) {
    v = new OpenApiValidator(closed);
    shared.set(closed, v);
  }
  return v;
}
