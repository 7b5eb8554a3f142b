// CORS (Fetch Standard, "CORS protocol") for the endpoints a browser-based client — a single-page app using the
// authorization code flow with PKCE (OAuth 2.0 for Browser-Based Apps, §6.3.2) — calls from its own origin: token,
// userinfo, revocation, the JWK Set and discovery. They authenticate by what the request carries (client
// credentials, a bearer or DPoP token), never by cookies, so any origin may call them: `*`, without
// Access-Control-Allow-Credentials (a browser then sends no cookies). Never on the authorization endpoint or the
// pages: those are navigations, and their answers must stay unreadable to other origins.
//
// WWW-Authenticate (RFC 6750 §3) and DPoP-Nonce (RFC 9449 §8) are exposed so a client can read the challenge and
// retry with the nonce; the request headers such clients send — Authorization, DPoP, Content-Type — are allowed.
const EXPOSED = "WWW-Authenticate, DPoP-Nonce, Retry-After";
const ALLOWED_HEADERS = "Authorization, Content-Type, DPoP";
/** How long a browser may cache a preflight answer (Chromium caps this at 2 hours). */
const MAX_AGE_SECONDS = 600;

/**
 * Adds the CORS response headers to an actual (non-preflight) answer. In place: our handlers build their
 * Responses themselves, so the headers are mutable, and a second Response around the same body (a copied
 * Headers, a re-wrapped stream) would be paid on every token request. A Response with immutable headers
 * (from fetch() or Response.redirect()) is copied instead.
 */
export function withCors(response: Response): Response {
  try {
    response.headers.set("Access-Control-Allow-Origin", "*");
    response.headers.set("Access-Control-Expose-Headers", EXPOSED);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set("Access-Control-Allow-Origin", "*");
    headers.set("Access-Control-Expose-Headers", EXPOSED);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/** Wraps a route handler so its every answer carries the CORS headers. */
export function cors<A extends unknown[]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => withCors(await handler(...args));
}

/** The OPTIONS handler: answers a preflight for the given methods. */
export function preflight(...methods: ("GET" | "POST")[]): () => Response {
  const allow = [...methods, "OPTIONS"].join(", ");
  return () =>
    new Response(null, {
      status: 204,
      headers: {
        Allow: allow,
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": allow,
        "Access-Control-Allow-Headers": ALLOWED_HEADERS,
        "Access-Control-Max-Age": String(MAX_AGE_SECONDS),
      },
    });
}
