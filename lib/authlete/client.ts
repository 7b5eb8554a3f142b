// The only code that knows Authlete's URLs, API generation and credentials (DESIGN.md, layout).
// Authlete 2.x: https://api.authlete.com, paths /api/<endpoint>, HTTP Basic with the service API key/secret.
// Authlete 3.0: regional clusters, paths /api/<serviceId>/<endpoint>, Bearer service access token.
// Request and response bodies are identical in both (reference/authlete-api.md §1), so the base URL, the path
// prefix and the Authorization header are the only differences.
//
// No call is retried: /auth/authorization/issue, /auth/token and friends consume a ticket or a code, and a
// retry after a timeout that Authlete did process would fail or, worse, act twice (reference §1, "Error
// handling in the client libraries"). Every call has a bounded timeout instead.
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
  /** Injected in tests; defaults to the global fetch (undici keeps connections alive). */
  fetch?: typeof fetch;
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
  const doFetch = opts.fetch ?? fetch;
  const prefix = opts.apiVersion === "V3" ? `/api/${encodeURIComponent(opts.serviceId)}` : "/api";
  const authorization =
    opts.apiVersion === "V3"
      ? `Bearer ${opts.accessToken ?? ""}`
      : `Basic ${Buffer.from(`${opts.serviceId}:${opts.apiSecret ?? ""}`).toString("base64")}`;

  async function send(method: "GET" | "POST", path: string, body?: unknown): Promise<Response> {
    const url = `${opts.baseUrl}${prefix}${path}`;
    const headers: Record<string, string> = { Authorization: authorization, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      return await doFetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: "manual",
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
      throw new AuthleteApiError(
        timedOut ? "timeout" : "network",
        path,
        timedOut ? `no answer within ${opts.timeoutMs} ms` : `request failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  async function readJson(res: Response, path: string): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new AuthleteApiError("network", path, `reading the response failed: ${e instanceof Error ? e.message : String(e)}`, res.status);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const obj = typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
    if (!res.ok) {
      // Non-2xx means the call to Authlete failed (credentials, missing fields, outage): {resultCode, resultMessage}.
      const code = typeof obj?.resultCode === "string" ? obj.resultCode : undefined;
      throw new AuthleteApiError("status", path, `HTTP ${res.status}${code ? ` ${code}` : ""}`, res.status, code);
    }
    if (!obj) throw new AuthleteApiError("invalid_response", path, "response is not a JSON object", res.status);
    return obj;
  }

  /** POST an API call whose response carries an `action` from the given list. */
  async function call<T extends { action: string }>(path: string, body: object, actions: readonly string[]): Promise<T> {
    const res = await send("POST", path, body);
    const json = await readJson(res, path);
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
      return (await readJson(await send("POST", path, req), path)) as TokenRevokeResponse;
    },
    async serviceConfiguration() {
      const path = "/service/configuration";
      return readJson(await send("GET", path), path);
    },
    async serviceJwks() {
      const path = "/service/jwks/get";
      const res = await send("GET", path);
      if (res.status === 204) return { status: 204 };
      if (res.status === 302) {
        const location = res.headers.get("location");
        if (!location) throw new AuthleteApiError("invalid_response", path, "302 without Location", 302);
        return { status: 302, location };
      }
      const json = await readJson(res, path);
      if (!Array.isArray(json.keys)) throw new AuthleteApiError("invalid_response", path, "not a JWK Set", res.status);
      return { status: 200, body: JSON.stringify(json) };
    },
    async clientGet(clientId) {
      const path = `/client/get/${encodeURIComponent(clientId)}`;
      return readJson(await send("GET", path), path) as Promise<ClientDetails>;
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
