// Small HTTP helpers shared by the route handlers: cache headers, OAuth error bodies, credentials parsing and
// the self-contained HTML page used where a route handler (not React) must answer a browser.

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

/** Upper bound for request bodies we forward to Authlete (authorization, token, revocation, PAR). */
export const MAX_FORM_BYTES = 64 * 1024;

/** Reads a form body as text, refusing oversized bodies without buffering them whole. */
export async function readFormBody(request: Request): Promise<string | undefined> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FORM_BYTES) return undefined;
  const text = await request.text();
  return Buffer.byteLength(text) > MAX_FORM_BYTES ? undefined : text;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/**
 * A friendly, self-contained HTML page for browser endpoints that answer from a route handler (the
 * authorization endpoint's errors). Inline styles only: no script, no external resources.
 */
export function htmlPage(status: number, title: string, message: string, detail?: string): Response {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><link rel="icon" href="/icon.svg" type="image/svg+xml"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f8fafc;color:#0f172a;margin:0}
main{max-width:32rem;margin:4rem auto;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px rgba(0,0,0,.1);padding:2rem}
h1{font-size:1.25rem;margin:0 0 .75rem}p{line-height:1.5;color:#334155}code{background:#f1f5f9;padding:.1rem .3rem;border-radius:.25rem;word-break:break-all}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${
    detail ? `<p><code>${escapeHtml(detail)}</code></p>` : ""
  }</main></body></html>`;
  return new Response(body, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", ...NO_STORE, ...PAGE_SECURITY_HEADERS },
  });
}

/** Browser pages of an authorization server must not be framed (clickjacking) or leak URLs via Referer. */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
};
