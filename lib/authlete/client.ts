// The only code that knows Authlete's URLs, API generation and credentials (DESIGN.md, layout).
// Authlete 2.x: https://api.authlete.com, paths /api/<endpoint>, HTTP Basic with the service API key/secret.
// Authlete 3.0: regional clusters, paths /api/<serviceId>/<endpoint>, Bearer service access token.
// Request and response bodies are identical in both (reference/authlete-api.md §1), so the base URL, the path
// prefix and the Authorization header are the only differences.
//
// No call is retried: /auth/authorization/issue, /auth/token and friends consume a ticket or a code, and a
// retry after a timeout that Authlete did process would fail or, worse, act twice (reference §1, "Error
// handling in the client libraries"). Every call has a bounded timeout instead.
//
// Transport: node:http(s) over one keep-alive agent per client with a bounded pool, not `fetch`. Under
// `next start` the global fetch is Next's patched fetch (tracing, cache bookkeeping) over undici's WHATWG
// Request/Response and web streams; in a CPU profile of the token endpoint that machinery cost more than
// a quarter of the app's time for one small JSON POST (README, "Performance"). Here a call is one request
// with precomputed headers and one string body, the answer is read as one string and parsed once.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Config } from "../config";
import {
  AUTHORIZATION_ACTIONS,
  AUTHORIZATION_ISSUE_ACTIONS,
  PUSHED_AUTH_REQ_ACTIONS,
  REVOCATION_ACTIONS,
  STANDARD_INTROSPECTION_ACTIONS,
  TOKEN_ACTIONS,
  TOKEN_FAIL_ACTIONS,
  TOKEN_ISSUE_ACTIONS,
  USERINFO_ACTIONS,
  USERINFO_ISSUE_ACTIONS,
  type AuthorizationFailRequest,
  type AuthorizationFailResponse,
  type AuthorizationIssueRequest,
  type AuthorizationIssueResponse,
  type AuthorizationRequest,
  type AuthorizationResponse,
  type ClientDetails,
  type PushedAuthReqRequest,
  type PushedAuthReqResponse,
  type RevocationRequest,
  type RevocationResponse,
  type StandardIntrospectionRequest,
  type StandardIntrospectionResponse,
  type TokenFailRequest,
  type TokenFailResponse,
  type TokenIssueRequest,
  type TokenIssueResponse,
  type TokenRequest,
  type TokenResponse,
  type TokenRevokeRequest,
  type TokenRevokeResponse,
  type UserInfoIssueRequest,
  type UserInfoIssueResponse,
  type UserInfoRequest,
  type UserInfoResponse,
} from "./types";

export type AuthleteErrorKind = "timeout" | "network" | "status" | "invalid_response";

/** A call to Authlete itself failed (as opposed to an OAuth error, which arrives as HTTP 200 + action). */
export class AuthleteApiError extends Error {
  constructor(
    readonly kind: AuthleteErrorKind,
    readonly path: string,
    message: string,
    readonly status?: number,
    readonly resultCode?: string,
  ) {
    super(message);
    this.name = "AuthleteApiError";
  }

  /** Whether the failure means "Authlete is unreachable or overloaded" (503) rather than a bug (500). */
  get unavailable(): boolean {
    return this.kind === "timeout" || this.kind === "network" || this.status === 429 || (this.status ?? 0) >= 502;
  }
}

export interface AuthleteClientOptions {
  baseUrl: string;
  apiVersion: "V2" | "V3";
  serviceId: string;
  apiSecret?: string;
  accessToken?: string;
  timeoutMs: number;
  /**
   * Most connections kept open to Authlete by this instance (default 64); more concurrent calls wait for a
   * free connection (within the timeout) instead of opening sockets without bound.
   */
  maxSockets?: number;
  /** Another transport (tests, runtimes without node:http); by default node:http(s) with keep-alive. */
  fetch?: typeof fetch;
}

/** What a transport hands back: the status, a redirect target, and the body as text. */
interface Reply {
  status: number;
  location?: string;
  text: string;
}

type Transport = (method: "GET" | "POST", path: string, body?: string) => Promise<Reply>;

/** Idle connections are closed after this long, before a server's usual keep-alive timeout (5 s in Node). */
const IDLE_SOCKET_MS = 4000;

function networkError(path: string, e: unknown): AuthleteApiError {
  return new AuthleteApiError("network", path, `request failed: ${e instanceof Error ? e.message : String(e)}`);
}

function timeoutError(path: string, ms: number): AuthleteApiError {
  return new AuthleteApiError("timeout", path, `no answer within ${ms} ms`);
}

/** node:http(s) with one keep-alive agent: the default transport. `prefix` is the API path prefix. */
function nodeTransport(opts: AuthleteClientOptions, prefix: string, authorization: string): Transport {
  const base = new URL(opts.baseUrl);
  const tls = base.protocol === "https:";
  const agentOptions = { keepAlive: true, maxSockets: opts.maxSockets ?? 64, scheduling: "lifo" as const, timeout: IDLE_SOCKET_MS };
  const agent = tls ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const send = tls ? httpsRequest : httpRequest;
  const target: RequestOptions = {
    protocol: base.protocol,
    hostname: base.hostname.replace(/^\[|\]$/g, ""),
    port: base.port || (tls ? 443 : 80),
    agent,
  };
  const root = `${base.pathname.replace(/\/+$/, "")}${prefix}`;
  const getHeaders = { Authorization: authorization, Accept: "application/json" };

  return (method, path, body) =>
    new Promise<Reply>((resolve, reject) => {
      let settled = false;
      const fail = (e: AuthleteApiError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(e);
      };
      const headers =
        body === undefined ? getHeaders : { ...getHeaders, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) };
      const req = send({ ...target, method, path: `${root}${path}`, headers });
      const timer = setTimeout(() => {
        fail(timeoutError(path, opts.timeoutMs));
        req.destroy();
      }, opts.timeoutMs);
      req.on("error", (e) => fail(networkError(path, e)));
      req.on("response", (res: IncomingMessage) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("error", (e) => fail(networkError(path, e)));
        res.on("aborted", () => fail(new AuthleteApiError("network", path, "the connection closed during the response", res.statusCode)));
        res.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const location = res.headers.location;
          resolve({ status: res.statusCode ?? 0, location, text });
        });
      });
      req.end(body);
    });
}

/** The same over an injected fetch (kept for callers that supply their own). */
function fetchTransport(doFetch: typeof fetch, opts: AuthleteClientOptions, prefix: string, authorization: string): Transport {
  return async (method, path, body) => {
    const headers: Record<string, string> = { Authorization: authorization, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res: Response;
    try {
      res = await doFetch(`${opts.baseUrl}${prefix}${path}`, { method, headers, body, redirect: "manual", signal: AbortSignal.timeout(opts.timeoutMs) });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
      throw timedOut ? timeoutError(path, opts.timeoutMs) : networkError(path, e);
    }
    try {
      return { status: res.status, location: res.headers.get("location") ?? undefined, text: await res.text() };
    } catch (e) {
      throw new AuthleteApiError("network", path, `reading the response failed: ${e instanceof Error ? e.message : String(e)}`, res.status);
    }
  };
}

export type JwksResult = { status: 200; body: string } | { status: 204 } | { status: 302; location: string };

export interface AuthleteClient {
  authorization(req: AuthorizationRequest): Promise<AuthorizationResponse>;
  authorizationIssue(req: AuthorizationIssueRequest): Promise<AuthorizationIssueResponse>;
  authorizationFail(req: AuthorizationFailRequest): Promise<AuthorizationFailResponse>;
  token(req: TokenRequest): Promise<TokenResponse>;
  tokenIssue(req: TokenIssueRequest): Promise<TokenIssueResponse>;
  tokenFail(req: TokenFailRequest): Promise<TokenFailResponse>;
  userinfo(req: UserInfoRequest): Promise<UserInfoResponse>;
  userinfoIssue(req: UserInfoIssueRequest): Promise<UserInfoIssueResponse>;
  revocation(req: RevocationRequest): Promise<RevocationResponse>;
  pushedAuthReq(req: PushedAuthReqRequest): Promise<PushedAuthReqResponse>;
  standardIntrospection(req: StandardIntrospectionRequest): Promise<StandardIntrospectionResponse>;
  tokenRevoke(req: TokenRevokeRequest): Promise<TokenRevokeResponse>;
  /** The discovery document itself (no action envelope), as a parsed object. */
  serviceConfiguration(): Promise<Record<string, unknown>>;
  serviceJwks(): Promise<JwksResult>;
  /** GET /client/get/{clientId} (numeric ID or alias); a 404 is an AuthleteApiError with status 404. */
  clientGet(clientId: string): Promise<ClientDetails>;
}

export function createAuthleteClient(opts: AuthleteClientOptions): AuthleteClient {
  const prefix = opts.apiVersion === "V3" ? `/api/${encodeURIComponent(opts.serviceId)}` : "/api";
  const authorization =
    opts.apiVersion === "V3"
      ? `Bearer ${opts.accessToken ?? ""}`
      : `Basic ${Buffer.from(`${opts.serviceId}:${opts.apiSecret ?? ""}`).toString("base64")}`;
  const transport = opts.fetch ? fetchTransport(opts.fetch, opts, prefix, authorization) : nodeTransport(opts, prefix, authorization);

  function readJson(res: Reply, path: string): Record<string, unknown> {
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      json = undefined;
    }
    const obj = typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
    if (res.status < 200 || res.status > 299) {
      // Non-2xx means the call to Authlete failed (credentials, missing fields, outage): {resultCode, resultMessage}.
      const code = typeof obj?.resultCode === "string" ? obj.resultCode : undefined;
      throw new AuthleteApiError("status", path, `HTTP ${res.status}${code ? ` ${code}` : ""}`, res.status, code);
    }
    if (!obj) throw new AuthleteApiError("invalid_response", path, "response is not a JSON object", res.status);
    return obj;
  }

  /** POST an API call whose response carries an `action` from the given list. */
  async function call<T extends { action: string }>(path: string, body: object, actions: readonly string[]): Promise<T> {
    const res = await transport("POST", path, JSON.stringify(body));
    const json = readJson(res, path);
    if (typeof json.action !== "string" || !actions.includes(json.action)) {
      throw new AuthleteApiError("invalid_response", path, `unexpected action ${JSON.stringify(json.action)}`, res.status);
    }
    if (json.responseContent !== undefined && json.responseContent !== null && typeof json.responseContent !== "string") {
      throw new AuthleteApiError("invalid_response", path, "responseContent is not a string", res.status);
    }
    return json as T;
  }

  return {
    authorization: (req) => call("/auth/authorization", req, AUTHORIZATION_ACTIONS),
    authorizationIssue: (req) => call("/auth/authorization/issue", req, AUTHORIZATION_ISSUE_ACTIONS),
    authorizationFail: (req) => call("/auth/authorization/fail", req, AUTHORIZATION_ISSUE_ACTIONS),
    token: (req) => call("/auth/token", req, TOKEN_ACTIONS),
    tokenIssue: (req) => call("/auth/token/issue", req, TOKEN_ISSUE_ACTIONS),
    tokenFail: (req) => call("/auth/token/fail", req, TOKEN_FAIL_ACTIONS),
    userinfo: (req) => call("/auth/userinfo", req, USERINFO_ACTIONS),
    userinfoIssue: (req) =>
      call("/auth/userinfo/issue", req, USERINFO_ISSUE_ACTIONS),
    revocation: (req) => call("/auth/revocation", req, REVOCATION_ACTIONS),
    pushedAuthReq: (req) =>
      call("/pushed_auth_req", req, PUSHED_AUTH_REQ_ACTIONS),
    standardIntrospection: (req) => call("/auth/introspection/standard", req, STANDARD_INTROSPECTION_ACTIONS),
    async tokenRevoke(req) {
      const path = "/auth/token/revoke";
      return readJson(await transport("POST", path, JSON.stringify(req)), path) as unknown as TokenRevokeResponse;
    },
    async serviceConfiguration() {
      const path = "/service/configuration";
      return readJson(await transport("GET", path), path);
    },
    async serviceJwks() {
      const path = "/service/jwks/get";
      const res = await transport("GET", path);
      if (res.status === 204) return { status: 204 };
      if (res.status === 302) {
        if (!res.location) throw new AuthleteApiError("invalid_response", path, "302 without Location", 302);
        return { status: 302, location: res.location };
      }
      const json = readJson(res, path);
      if (!Array.isArray(json.keys)) throw new AuthleteApiError("invalid_response", path, "not a JWK Set", res.status);
      // Authlete's own text, not a re-serialisation: what it sent is what clients get (and hash for the ETag).
      return { status: 200, body: res.text };
    },
    async clientGet(clientId) {
      const path = `/client/get/${encodeURIComponent(clientId)}`;
      return readJson(await transport("GET", path), path) as unknown as ClientDetails;
    },
  };
}

const clients = new WeakMap<Config["authlete"], AuthleteClient>();

/**
 * The client for a configuration, built once per configuration object: the running server always passes the
 * one parsed config (so it shares one client), while a test passing another configuration gets a client for
 * that configuration — never a silently reused one.
 */
export function authleteFromConfig(config: Config): AuthleteClient {
  let client = clients.get(config.authlete);
  if (!client) {
    client = createAuthleteClient(config.authlete);
    clients.set(config.authlete, client);
  }
  return client;
}
