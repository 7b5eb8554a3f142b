// Test helper for the contract tests (*.test.ts): a plain-`fetch` Authlete client that validates EVERY
// response against the OpenAPI documents, the two targets (the local stand-in, or real Authlete from the
// environment), and small OAuth helpers. Not a test file itself.
//
// Real Authlete is used when these variables are set (the suites then ALSO run their `real` cases):
//   AUTHLETE_CONTRACT_BASE_URL       e.g. https://us.authlete.com (required to enable)
//   AUTHLETE_CONTRACT_SERVICE_ID     the service ID (V3 path segment)
//   AUTHLETE_CONTRACT_ACCESS_TOKEN   a service access token (V3 Bearer)
//   AUTHLETE_CONTRACT_CLIENT_ID      a confidential client using client_secret_basic, with the
//                                    authorization_code and refresh_token grants; the service must
//                                    support the `openid` and `email` scopes and have a JWK Set
//   AUTHLETE_CONTRACT_CLIENT_SECRET  its secret
//   AUTHLETE_CONTRACT_REDIRECT_URI   one of its registered redirect URIs
// Optional: AUTHLETE_CONTRACT_API_KEY + AUTHLETE_CONTRACT_API_SECRET (V2 Basic credentials, for a 2.x server).
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startAuthleteStandIn, type AuthleteStandInOptions, type RunningAuthleteStandIn, type StandInTestHooks } from "./server";
import { buildService, DEMO_AUTHLETE } from "./seed";
import { loadOrCreateKeys } from "./keys";
import { findNulls, getValidator, type Generation } from "./openapi-validator";

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ContractClient {
  id: string;
  secret?: string;
  auth: "basic" | "post" | "none";
  redirectUri: string;
}

export interface LocalHandle {
  running: RunningAuthleteStandIn;
  dataDir: string;
  issuer: string;
  /** Moves the stand-in's clock forward (expiry tests). */
  advance(ms: number): void;
  logs: string[];
  /** Restarts the stand-in on the same data folder (and port 0). */
  restart(): Promise<void>;
}

export interface Target {
  kind: "stand-in" | "real";
  baseUrl: string;
  serviceId: string;
  accessToken: string;
  v2?: { apiKey: string; apiSecret: string };
  /** Reject properties the OpenAPI document does not list (stand-in only; real Authlete may be newer). */
  closedWorld: boolean;
  /** A confidential client_secret_basic client with authorization_code (demo-client locally). */
  client: ContractClient;
  local?: LocalHandle;
}

export const LOCAL_ISSUER = "http://127.0.0.1:3999";

export const DEMO = {
  client: { id: "demo-client", secret: "demo-client-secret", auth: "basic", redirectUri: `${LOCAL_ISSUER}/demo/callback` } as ContractClient,
  spa: { id: "demo-spa", auth: "none", redirectUri: `${LOCAL_ISSUER}/demo/callback` } as ContractClient,
  post: { id: "demo-post", secret: "demo-post-secret", auth: "post", redirectUri: `${LOCAL_ISSUER}/demo/callback` } as ContractClient,
  eddsa: { id: "demo-eddsa", secret: "demo-eddsa-secret", auth: "basic", redirectUri: `${LOCAL_ISSUER}/demo/callback` } as ContractClient,
};

export function realTarget(): Target | undefined {
  const e = process.env;
  if (!e.AUTHLETE_CONTRACT_BASE_URL) return undefined;
  const need = (k: string): string => {
    const v = e[k];
    if (!v) throw new Error(`${k} must be set when AUTHLETE_CONTRACT_BASE_URL is set`);
    return v;
  };
  return {
    kind: "real",
    baseUrl: e.AUTHLETE_CONTRACT_BASE_URL.replace(/\/+$/, ""),
    serviceId: need("AUTHLETE_CONTRACT_SERVICE_ID"),
    accessToken: need("AUTHLETE_CONTRACT_ACCESS_TOKEN"),
    v2: e.AUTHLETE_CONTRACT_API_KEY && e.AUTHLETE_CONTRACT_API_SECRET ? { apiKey: e.AUTHLETE_CONTRACT_API_KEY, apiSecret: e.AUTHLETE_CONTRACT_API_SECRET } : undefined,
    closedWorld: false,
    client: {
      id: need("AUTHLETE_CONTRACT_CLIENT_ID"),
      secret: need("AUTHLETE_CONTRACT_CLIENT_SECRET"),
      auth: "basic",
      redirectUri: need("AUTHLETE_CONTRACT_REDIRECT_URI"),
    },
  };
}

/**
 * Signing keys shared by the test stand-ins of this machine. Generating two 2048-bit RSA keys takes 0.4–3 s
 * on a busy CI box; every suite starts on a FRESH data folder, so the keys (and only the keys) are copied in
 * from this cache. Key generation itself is covered by persistence.test.ts.
 */
export async function seedTestKeys(dataDir: string): Promise<void> {
  const cache = join(tmpdir(), "authlete-standin-test-keys.json");
  await loadOrCreateKeys(cache, buildService(LOCAL_ISSUER).supportedIdTokenSignAlgs);
  copyFileSync(cache, join(dataDir, "keys.json"));
}

/** Launch options a suite may add (URL settings, client seeds); port, data folder and issuer are the suite's. */
export type LocalOptions = Pick<AuthleteStandInOptions, "endpoints" | "clients">;

export async function startLocal(hooks: StandInTestHooks = {}, options: LocalOptions = {}): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), "authlete-standin-test-"));
  await seedTestKeys(dataDir);
  let offset = 0;
  const logs: string[] = [];
  const now = hooks.now ?? (() => Date.now() + offset);
  const start = () =>
    startAuthleteStandIn({ port: 0, dataDir, issuer: LOCAL_ISSUER, log: (l) => logs.push(l), ...options }, { ...hooks, now });
  const target: Target = {
    kind: "stand-in",
    baseUrl: "",
    serviceId: DEMO_AUTHLETE.serviceId,
    accessToken: DEMO_AUTHLETE.serviceAccessToken,
    v2: { apiKey: DEMO_AUTHLETE.apiKey, apiSecret: DEMO_AUTHLETE.apiSecret },
    closedWorld: true,
    client: DEMO.client,
  };
  const running = await start();
  target.baseUrl = running.url;
  target.local = {
    running,
    dataDir,
    issuer: LOCAL_ISSUER,
    advance: (ms) => {
      offset += ms;
    },
    logs,
    restart: async () => {
      await target.local!.running.close();
      const r = await start();
      target.local!.running = r;
      target.baseUrl = r.url;
    },
  };
  return target;
}

export async function stopLocal(t: Target | undefined): Promise<void> {
  if (!t?.local) return;
  await t.local.running.close();
  rmSync(t.local.dataDir, { recursive: true, force: true });
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

export interface CallOptions {
  /** Send application/x-www-form-urlencoded instead of JSON. */
  form?: boolean;
  /** Replace the credentials header; `null` sends none. */
  authorization?: string | null;
  /** Send this raw body (with the given content type). */
  raw?: { body: string; contentType: string };
  query?: Record<string, string>;
  /** Skip the OpenAPI validation (only for deliberately broken calls whose answer is checked by hand). */
  noValidate?: boolean;
}

/** Endpoints whose 200 body is not an Authlete result envelope (raw discovery / JWK Set / client). */
const RAW_APIS = [
  /^\/service\/configuration$/,
  /^\/service\/jwks\/get$/,
  /^\/service\/(get|update)$/,
  /^\/client\/get\//,
  /^\/client\/authorization\/get\/list/,
  /^\/client\/extension\/requestable_scopes\/get\//,
  /^\/api\/(info|misc\/echo|lifecycle\/healthcheck)$/,
];

/** A minimal Authlete Web API client over fetch, for one generation. */
export class Api {
  constructor(
    readonly t: Target,
    readonly gen: Generation = "v3",
  ) {}

  /** `apiPath` below the generation prefix, or a full "/api/…" path for the APIs outside any service. */
  url(apiPath: string): string {
    if (apiPath.startsWith("/api/")) return `${this.t.baseUrl}${apiPath}`;
    return this.gen === "v3" ? `${this.t.baseUrl}/api/${this.t.serviceId}${apiPath}` : `${this.t.baseUrl}/api${apiPath}`;
  }

  credentials(): string {
    if (this.gen === "v3") return `Bearer ${this.t.accessToken}`;
    if (!this.t.v2) throw new Error("no V2 credentials for this target");
    return `Basic ${Buffer.from(`${this.t.v2.apiKey}:${this.t.v2.apiSecret}`).toString("base64")}`;
  }

  async call(method: "GET" | "POST" | "PUT" | "DELETE", apiPath: string, body?: unknown, o: CallOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = {};
    const auth = o.authorization === undefined ? this.credentials() : o.authorization;
    if (auth !== null) headers.authorization = auth;
    let payload: string | undefined;
    if (o.raw) {
      payload = o.raw.body;
      headers["content-type"] = o.raw.contentType;
    } else if (body !== undefined) {
      if (o.form) {
        const f = new URLSearchParams();
        for (const [k, v] of Object.entries(body as Json)) {
          if (Array.isArray(v)) for (const x of v) f.append(k, String(x));
          else if (v !== undefined) f.append(k, String(v));
        }
        payload = f.toString();
        headers["content-type"] = "application/x-www-form-urlencoded";
      } else {
        payload = JSON.stringify(body);
        headers["content-type"] = "application/json";
      }
    }
    const qs = o.query ? `?${new URLSearchParams(o.query)}` : "";
    const res = await fetch(this.url(apiPath) + qs, { method, headers, body: payload });
    const text = await res.text();
    let parsed: Json = {};
    if ((res.headers.get("content-type") ?? "").startsWith("text/plain")) {
      // The health check answers text/plain: validated as the text itself.
      if (!o.noValidate) {
        const v = getValidator(this.t.closedWorld).validate(this.gen, method, apiPath, res.status, text);
        assert.ok(v.ok, `${v.schema}: ${v.errors.join("; ")}`);
      }
      return { status: res.status, headers: res.headers, text, body: parsed };
    }
    if (res.status !== 204) {
      try {
        parsed = JSON.parse(text) as Json;
      } catch {
        assert.fail(`${method} ${apiPath}: the response is not JSON (${res.status}): ${text.slice(0, 200)}`);
      }
    }
    if (!o.noValidate) this.check(method, apiPath, res.status, parsed);
    return { status: res.status, headers: res.headers, text, body: parsed };
  }

  /** Schema validation, no-null rule and the result-code format, for every response. */
  check(method: string, apiPath: string, status: number, body: Json): void {
    if (status === 204) return;
    const v = getValidator(this.t.closedWorld).validate(this.gen, method, apiPath, status, body);
    assert.ok(v.ok, `${v.schema}: the response does not match the OpenAPI document:\n  ${v.errors.join("\n  ")}\n${JSON.stringify(body).slice(0, 800)}`);
    const nulls = findNulls(body);
    assert.deepEqual(nulls, [], `${method} ${apiPath}: the response contains null at ${nulls.join(", ")}`);
    const raw = status === 200 && RAW_APIS.some((r) => r.test(apiPath));
    if (!raw) {
      assert.match(String(body.resultCode), /^A\d{6}$/, `${method} ${apiPath}: resultCode`);
      assert.ok(String(body.resultMessage).startsWith(`[${body.resultCode}] `), `${method} ${apiPath}: resultMessage must start with [resultCode]`);
    }
    if (this.t.kind === "stand-in" && typeof body.responseContent === "string" && body.responseContent.startsWith("{")) {
      const inner = findNulls(JSON.parse(body.responseContent));
      assert.deepEqual(inner, [], `${method} ${apiPath}: responseContent contains null at ${inner.join(", ")}`);
    }
  }

  post(apiPath: string, body: unknown, o?: CallOptions): Promise<ApiResponse> {
    return this.call("POST", apiPath, body, o);
  }

  get(apiPath: string, query?: Record<string, string>, o?: CallOptions): Promise<ApiResponse> {
    return this.call("GET", apiPath, undefined, { ...o, query });
  }
}

// --- OAuth helpers ----------------------------------------------------------------------------------------

export function pkcePair(method: "S256" | "plain" = "S256"): { verifier: string; challenge: string; method: string } {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return { verifier, challenge, method };
}

export function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.append(k, v);
  return q.toString();
}

/** Parameters of a LOCATION answer (query or fragment). */
export function locationParams(location: string): { base: string; params: URLSearchParams; mode: "query" | "fragment" } {
  const hash = location.indexOf("#");
  if (hash >= 0) return { base: location.slice(0, hash), params: new URLSearchParams(location.slice(hash + 1)), mode: "fragment" };
  const u = new URL(location);
  const base = `${u.origin}${u.pathname}`;
  return { base, params: u.searchParams, mode: "query" };
}

/** Fields of the Authlete API request that carry the client's credentials, per its method. */
export function clientCredentials(c: ContractClient): { fields: Json; params: Record<string, string> } {
  if (c.auth === "basic") return { fields: { clientId: c.id, clientSecret: c.secret }, params: {} };
  if (c.auth === "post") return { fields: {}, params: { client_id: c.id, client_secret: c.secret ?? "" } };
  return { fields: {}, params: { client_id: c.id } };
}

export interface CodeFlowOptions {
  client?: ContractClient;
  scope?: string;
  state?: string;
  nonce?: string;
  pkce?: { verifier: string; challenge: string; method: string } | false;
  extraParams?: Record<string, string>;
  subject?: string;
  issue?: Json;
}

/** /auth/authorization → /auth/authorization/issue; returns the code and everything seen on the way. */
export async function authorizeAndIssue(api: Api, o: CodeFlowOptions = {}): Promise<{ authz: Json; issue: Json; code: string; location: string; verifier?: string }> {
  const client = o.client ?? api.t.client;
  const pkce = o.pkce === false ? undefined : (o.pkce ?? (client.auth === "none" ? pkcePair() : undefined));
  const params = query({
    response_type: "code",
    client_id: client.id,
    redirect_uri: client.redirectUri,
    scope: o.scope ?? "openid email",
    state: o.state,
    nonce: o.nonce,
    code_challenge: pkce?.challenge,
    code_challenge_method: pkce?.method,
    ...o.extraParams,
  });
  const a = await api.post("/auth/authorization", { parameters: params });
  assert.equal(a.status, 200);
  assert.equal(a.body.action, "INTERACTION", a.body.resultMessage);
  const i = await api.post("/auth/authorization/issue", { ticket: a.body.ticket, subject: o.subject ?? "user-123", ...o.issue });
  assert.equal(i.status, 200);
  assert.equal(i.body.action, "LOCATION", i.body.resultMessage);
  const loc = locationParams(i.body.responseContent);
  const code = loc.params.get("code");
  assert.ok(code, "the LOCATION carries a code");
  return { authz: a.body, issue: i.body, code, location: i.body.responseContent, verifier: pkce?.verifier };
}

/** /auth/token with grant_type=authorization_code. */
export async function exchangeCode(api: Api, code: string, o: { client?: ContractClient; verifier?: string; redirectUri?: string | null } = {}): Promise<ApiResponse> {
  const client = o.client ?? api.t.client;
  const cred = clientCredentials(client);
  return api.post("/auth/token", {
    parameters: query({
      grant_type: "authorization_code",
      code,
      redirect_uri: o.redirectUri === null ? undefined : (o.redirectUri ?? client.redirectUri),
      code_verifier: o.verifier,
      ...cred.params,
    }),
    ...cred.fields,
  });
}

export interface ContractCase {
  name: string;
  /** Also run against real Authlete (only cases that do not depend on the seed). */
  real?: boolean;
  fn: (t: Target) => Promise<void>;
}

/**
 * Registers a suite twice: against a fresh local stand-in (all cases), and against real Authlete when
 * AUTHLETE_CONTRACT_BASE_URL is set (the `real` cases), else as one visibly skipped test.
 */
export function contractSuite(name: string, cases: ContractCase[], hooks: StandInTestHooks = {}, options: LocalOptions = {}): void {
  describe(`${name} — local stand-in`, () => {
    let target: Target | undefined;
    before(async () => {
      target = await startLocal(hooks, options);
    });
    after(async () => {
      await stopLocal(target);
    });
    for (const c of cases) test(c.name, () => c.fn(target as Target));
  });
  describe(`${name} — real Authlete`, () => {
    const real = process.env.AUTHLETE_CONTRACT_BASE_URL ? realTarget() : undefined;
    if (!real) {
      test("against real Authlete", { skip: "AUTHLETE_CONTRACT_BASE_URL not set" }, () => {});
      return;
    }
    const realCases = cases.filter((c) => c.real);
    if (realCases.length === 0) test("against real Authlete", { skip: "no case of this suite applies to a real service" }, () => {});
    for (const c of realCases) test(c.name, () => c.fn(real));
  });
}
