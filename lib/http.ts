// Small HTTP helpers shared by the route handlers: cache headers, OAuth error bodies, credentials parsing and
// bounded body reading. Pages live in lib/pages/, the security headers in lib/security-headers.ts.

/** RFC 6749 §5.1: responses carrying tokens or codes must not be cached. Added to every OAuth response. */
export const NO_STORE: Readonly<Record<string, string>> = { "Cache-Control": "no-store", Pragma: "no-cache" };

export function jsonResponse(body: string | object, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...NO_STORE, ...headers },
  });
}

/** An RFC 6749 §5.2-shaped error that we phrase ourselves (our failures, never an upstream message). */
export function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): Response {
  return jsonResponse({ error, error_description: description }, status, headers);
}

/**
 * The protection space each endpoint names in its `WWW-Authenticate` challenges (RFC 7235 §2.2, RFC 6750 §3): one
 * per endpoint, whichever code path — ours or an Authlete action — answers.
 */
export const REALM = { token: "token", revocation: "revocation", par: "par", userinfo: "userinfo" } as const;
export type Realm = (typeof REALM)[keyof typeof REALM];

/** `Basic realm="…"`: the challenge of a 401 for failed client authentication (RFC 6749 §5.2 invalid_client). */
export const basicChallenge = (realm: Realm) => `Basic realm="${realm}"`;

export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
}

/**
 * Client credentials from `Authorization: Basic`. RFC 6749 §2.3.1 says the ID and secret are
 * form-urlencoded before base64; decode them so "a%3Ab" means "a:b". Returns {} when absent, and
 * `undefined` when the header is present but malformed (the caller answers invalid_client/invalid_request).
 */
export function basicCredentials(request: Request): ClientCredentials | undefined {
  const header = request.headers.get("authorization");
  if (!header) return {};
  const m = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
  if (!m) return /^Basic\b/i.test(header) ? undefined : {};
  const decoded = Buffer.from(m[1] as string, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " ")),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " ")),
    };
  } catch {
    return undefined;
  }
}

/** The access token from `Authorization: Bearer` (RFC 6750 §2.1), or undefined. */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  const m = header ? /^(?:Bearer|DPoP)\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header) : null;
  return m ? m[1] : undefined;
}

export function isFormRequest(request: Request): boolean {
  const type = request.headers.get("content-type") ?? "";
  return type.split(";")[0]?.trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/** Upper bound for request bodies we forward to Authlete (authorization, token, revocation, PAR, userinfo). */
export const MAX_FORM_BYTES = 64 * 1024;

export type BodyResult = { body: string } | { error: "too_large" | "unreadable" };

/**
 * Reads a request body as UTF-8 text, enforcing `limit` while streaming: a declared Content-Length over the limit
 * is refused before reading, and a chunked (undeclared) body is cut off — and the rest of the stream cancelled —
 * as soon as it passes the limit. `request.text()` would buffer the whole body first (a 300 MB chunked POST
 * took the server past 1 GB of memory).
 */
export async function readBody(request: Request, limit = MAX_FORM_BYTES): Promise<BodyResult> {
  const declared = request.headers.get("content-length");
  if (declared !== null && (!/^\d+$/.test(declared.trim()) || Number(declared) > limit)) {
    return Number(declared) > limit ? { error: "too_large" } : { error: "unreadable" };
  }
  if (!request.body) return { body: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return { error: "too_large" };
      }
      chunks.push(value);
    }
  } catch {
    return { error: "unreadable" };
  }
  try {
    return { body: new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    // Not UTF-8: a form body is percent-encoded ASCII (WHATWG URL, application/x-www-form-urlencoded).
    return { error: "unreadable" };
  }
}
