// The local Authlete stand-in: an HTTP server that speaks Authlete's Web API, both generations on one port.
//
//   V3 (Authlete 3.0): /api/{serviceId}/<api>  with  Authorization: Bearer <service access token>
//   V2 (Authlete 2.x): /api/<api>              with  Authorization: Basic base64(<API key>:<API secret>)
//
// Bodies follow the OpenAPI documents (local/authlete/openapi/); failures of the call itself are non-2xx
// with {resultCode, resultMessage}; protocol outcomes are 200 with an `action` (reference §0 item 2).
// It is a development and test instrument, not Authlete: see seed.ts for the demo data.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AddressInfo, Socket } from "node:net";
import { buildClients, buildService, DEFAULT_ISSUER, DEMO_AUTHLETE } from "./seed";
import { loadOrCreateKeys } from "./keys";
import { Store } from "./store";
import { ApiError, RC, errorBody } from "./results";
import type { ApiResult, Body, Ctx, Generation, HttpMethod, InternalDurations } from "./context";
import { matchRoute, ROUTES_BY_PLACE, V2_ROOTS, type RouteMatch } from "./routes";
import type { ClientSeed, EndpointUrls } from "./settings";

export interface AuthleteStandInOptions {
  port?: number; // default 9001; 0 = pick a free port
  host?: string; // default "127.0.0.1" (bind loopback only)
  dataDir: string; // state folder: signing keys, tickets, codes, tokens. Created if missing.
  reset?: boolean; // wipe dataDir first (start from the seed)
  issuer?: string; // the APP's public base URL, default "http://localhost:3000"
  endpoints?: EndpointUrls; // endpoint URLs on their own (settings.ts); default: the app's paths under the issuer
  clients?: Record<string, ClientSeed>; // redirect URIs / custom metadata of demo clients, by alias or ID
  latencyMs?: number; // optional fixed delay added to every API call (imitates a remote service)
  log?: (line: string) => void; // one line per call; default console.log
}

export interface RunningAuthleteStandIn {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Test hooks, deliberately outside `AuthleteStandInOptions`: an injectable clock (expiry tests advance it
 * instead of sleeping) and shorter internal lifetimes.
 */
export interface StandInTestHooks {
  now?: () => number;
  durations?: Partial<InternalDurations>;
}

export const DEFAULT_DURATIONS: InternalDurations = {
  // Authlete's tickets are short-lived; the stand-in gives the user 10 minutes to log in and consent.
  ticket: 600,
  authorizationCode: 600,
  passwordTicket: 600,
};

interface Matched {
  gen: Generation;
  /** V3 service APIs only (root APIs such as /api/info belong to no service). */
  serviceId?: string;
  match?: RouteMatch;
  /** The API path for messages ("/client/get"), also when nothing matched. */
  apiPath: string;
}

/** The generation of a root API (`/api/info`, …) follows the credentials: Basic → V2, anything else → V3. */
function generationOfCredentials(req: IncomingMessage): Generation {
  return (req.headers.authorization ?? "").slice(0, 6).toLowerCase() === "basic " ? "v2" : "v3";
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function matchPath(pathname: string, req: IncomingMessage): Matched | undefined {
  const segs = pathname.split("/");
  if (segs[0] !== "" || segs[1] !== "api" || segs.length < 3) return undefined;
  const below = segs.slice(2);
  const rootGen = generationOfCredentials(req);
  const root = matchRoute(ROUTES_BY_PLACE.root[rootGen], below);
  if (root) return { gen: rootGen, match: root, apiPath: root.apiPath };
  const first = segs[2] as string;
  const gen: Generation = V2_ROOTS.has(first) ? "v2" : "v3";
  const rest = gen === "v3" ? segs.slice(3) : below;
  const match = matchRoute(ROUTES_BY_PLACE.service[gen], rest);
  return { gen, serviceId: gen === "v3" ? safeDecode(first) : undefined, match, apiPath: match?.apiPath ?? "/" + rest.join("/") };
}

/** Checks the API credentials of the generation (reference §1). Throws ApiError on failure. */
function authenticateCaller(req: IncomingMessage, m: Matched): void {
  if (m.match?.route.open) return;
  const h = req.headers.authorization;
  if (!h) throw new ApiError(401, RC.authHeaderMissing, "Authorization header is missing.");
  const sp = h.indexOf(" ");
  const scheme = (sp < 0 ? h : h.slice(0, sp)).toLowerCase();
  const value = sp < 0 ? "" : h.slice(sp + 1).trim();
  if (m.gen === "v3") {
    if (scheme !== "bearer") {
      throw new ApiError(401, RC.authHeaderWrongScheme, "Authlete 3.0 APIs need 'Authorization: Bearer <service access token>'.");
    }
    if (value !== DEMO_AUTHLETE.serviceAccessToken) throw new ApiError(401, RC.badCredentials, "The access token is invalid.");
    if (!m.match?.route.root && m.serviceId !== DEMO_AUTHLETE.serviceId) {
      throw new ApiError(403, RC.serviceMismatch, `The access token does not grant access to the service (ID = ${m.serviceId ?? ""}).`);
    }
    return;
  }
  if (scheme !== "basic") {
    throw new ApiError(401, RC.authHeaderWrongScheme, "Authlete 2.x APIs need 'Authorization: Basic' with the service API key and secret.");
  }
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const key = colon < 0 ? decoded : decoded.slice(0, colon);
  const secret = colon < 0 ? "" : decoded.slice(colon + 1);
  if (key !== DEMO_AUTHLETE.apiKey || secret !== DEMO_AUTHLETE.apiSecret) {
    throw new ApiError(401, RC.badCredentials, "The API key or the API secret is wrong.");
  }
}

const MAX_BODY = 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const chunk = c as Buffer;
    size += chunk.length;
    if (size > MAX_BODY) throw new ApiError(413, RC.bodyTooLarge, "The request body is too large.");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** application/x-www-form-urlencoded → fields; a repeated key becomes an array. */
function formToBody(text: string): Body {
  const out: Body = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}

async function parseRequestBody(req: IncomingMessage, required: boolean): Promise<Body> {
  const text = await readBody(req);
  if (required && text.trim() === "") throw new ApiError(400, RC.malformedBody, "The request body is missing.");
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/x-www-form-urlencoded") return formToBody(text);
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, RC.malformedBody, "The request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ApiError(400, RC.malformedBody, "The request body must be a JSON object.");
  }
  return parsed as Body;
}

/** Drops undefined and null recursively: Authlete leaves absent fields out (clients must not see null). */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(clean);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = clean(x);
    return out;
  }
  return v;
}

function describe(result: ApiResult): string {
  const b = result.body as { action?: unknown; resultCode?: unknown } | undefined;
  const parts = [String(result.status)];
  if (b && typeof b.action === "string") parts.push(b.action);
  if (b && typeof b.resultCode === "string") parts.push(b.resultCode);
  return parts.join(" ");
}

export async function startAuthleteStandIn(opts: AuthleteStandInOptions, hooks: StandInTestHooks = {}): Promise<RunningAuthleteStandIn> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const dataDir = resolve(opts.dataDir);
  if (opts.reset) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const issuer = opts.issuer ?? DEFAULT_ISSUER;
  const now = hooks.now ?? (() => Date.now());
  const service = buildService(issuer, opts.endpoints);
  const clients = buildClients(issuer, opts.clients);
  const keys = await loadOrCreateKeys(join(dataDir, "keys.json"), service.supportedIdTokenSignAlgs);
  const store = new Store(join(dataDir, "state.json"), now, (e) => log(`[authlete] state write failed: ${(e as Error).message}`));
  store.load();
  const durations: InternalDurations = { ...DEFAULT_DURATIONS, ...hooks.durations };
  const latencyMs = Math.max(0, opts.latencyMs ?? 0);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://stand-in");
    let result: ApiResult;
    try {
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      const m = matchPath(url.pathname, req);
      if (!m?.match) throw new ApiError(404, RC.notFound, "Not found.");
      const { route, params } = m.match;
      const handler = route.methods[method as HttpMethod];
      if (!handler) throw new ApiError(405, RC.methodNotAllowed, `Method ${method} is not allowed.`);
      try {
        authenticateCaller(req, m);
        const query: Body = Object.fromEntries(url.searchParams);
        // GET and DELETE carry their parameters in the query string; POST and PUT in a JSON or form body.
        const body = method === "GET" || method === "DELETE" ? query : await parseRequestBody(req, route.bodyRequired === true);
        const ctx: Ctx = { gen: m.gen, apiPath: m.apiPath, service, clients, keys, store, durations, now };
        result = await handler(ctx, body, { params, query, method: method as HttpMethod });
      } catch (e) {
        if (e instanceof ApiError) throw new ApiError(e.status, e.code, e.text, m.apiPath);
        throw e;
      }
    } catch (e) {
      if (e instanceof ApiError) {
        result = { status: e.status, body: errorBody(e.code, e.apiPath ?? url.pathname, e.text) };
      } else {
        // Never echo internals (or anything secret) to the caller; log the message only.
        log(`[authlete] internal error on ${method} ${url.pathname}: ${(e as Error)?.message ?? String(e)}`);
        result = { status: 500, body: errorBody(RC.serverError, url.pathname, "Authlete Server error.") };
      }
    }
    res.setHeader("Request-Id", randomUUID());
    res.setHeader("Cache-Control", "no-store");
    if (result.status === 204) {
      res.writeHead(204).end();
    } else {
      const text = result.raw ?? JSON.stringify(clean(result.body ?? {}));
      const type = result.contentType ?? "application/json;charset=UTF-8";
      res.writeHead(result.status, { "Content-Type": type, "Content-Length": Buffer.byteLength(text) });
      res.end(text);
    }
    // One line per call; never secrets, tokens, codes, tickets, passwords or claim values (only the path,
    // which holds at most a client ID and a subject, and the outcome).
    log(`[authlete] ${method} ${url.pathname} -> ${describe(result)} ${(performance.now() - started).toFixed(1)}ms`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`[authlete] failed to answer: ${(e as Error)?.message ?? String(e)}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  // No Nagle delay: small request/response pairs would otherwise wait for delayed ACKs.
  server.on("connection", (s: Socket) => s.setNoDelay(true));
  server.keepAliveTimeout = 5000;

  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 9001, host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    close() {
      closed ??= new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
        store.flush();
      });
      return closed;
    },
  };
}
