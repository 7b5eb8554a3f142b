// What proxy.ts checks before Next.js itself sees a request for a page (everything but the /api and /.well-known
// route handlers, plus the form_post hand-off). Next answers some malformed requests with a bare 500 and without
// our security headers, and lets a server-action POST without an Origin header through; these checks refuse such
// requests first, with one of our pages (lib/pages/html.ts: localized, security headers, no-store).
//
// 1. IDs in the URL (`/authorize/{id}…`, `/api/authorization/form/{id}`) must have the format we mint. An ID ends up
//    in a cookie's Path and in log lines, and Next fails with a 500 on a malformed percent-encoding before any of
//    our code runs.
// 2. Unsafe methods (POST: the login form's server action, "Try it") must prove they come from our own pages
//    (CSRF; OWASP CSRF Prevention Cheat Sheet, "Verifying Origin with standard headers" and "Fetch Metadata"):
//    `Sec-Fetch-Site`, when the browser sends it, must say same-origin; `Origin`, when it is not the opaque "null"
//    that `Referrer-Policy: no-referrer` makes browsers send on a form POST, must be ours. A POST proving neither —
//    Next would accept a missing Origin with a warning — is refused with 403.
// 3. Their body must be small, declared and well-formed: Content-Length required (a browser always sends it for
//    a form; 411 otherwise), at most MAX_FORM_BYTES (413), and a server action's body must parse (400) — Next
//    answers a multipart body without a boundary or an unparseable action payload with a 500.
// 4. Then the Origin header is restored for Next's own server-action check, which compares the Origin's host with
//    `X-Forwarded-Host` (or `Host`): behind a TLS-terminating proxy that forwards another host, or under
//    no-referrer's `Origin: null`, the no-JavaScript sign-in would otherwise fail.
import { negotiateLocale, type Locale } from "./i18n";
import { MAX_FORM_BYTES } from "./http";
import { errorPage, type ErrorPageKind } from "./pages/html";
import { FORM_POST_PATH, isRequestId, LOCALE_COOKIE, LOGIN_PAGE_PATH } from "./session";

export interface GuardDecision {
  /** Answer with this instead of letting the request through. */
  refuse?: Response;
  /** Let the request through with these headers (Origin restored). */
  headers?: Headers;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Where an ID follows in the path, and whether pages live below it (`/authorize/{id}/forgot-password`). */
const ID_PATHS: { prefix: string; subpaths: boolean }[] = [
  { prefix: LOGIN_PAGE_PATH, subpaths: true },
  { prefix: FORM_POST_PATH, subpaths: false },
];
const LOCALE_COOKIE_VALUE = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]*)`);

/** The page's language: its request's ui_locales choice (the as_lang cookie), else Accept-Language. */
function locale(headers: Headers): Locale {
  return negotiateLocale({ chosen: LOCALE_COOKIE_VALUE.exec(headers.get("cookie") ?? "")?.[1], acceptLanguage: headers.get("accept-language") });
}

/** The host Next's server-action check compares the Origin with: the first X-Forwarded-Host, else Host. */
export function comparedHost(headers: Headers): string | undefined {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || headers.get("host")?.trim() || undefined;
}

/** Whether an unsafe request provably comes from one of our own pages (see 2. above). */
export function provesSameOrigin(headers: Headers, issuer: string): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return false;
  const origin = headers.get("origin");
  if (origin === null || origin === "null") return site === "same-origin";
  if (!URL.canParse(origin)) return false;
  const o = new URL(origin);
  return o.origin === new URL(issuer).origin || o.host === comparedHost(headers);
}

/** Whether a server action's body parses (the parts React's payload needs as JSON are JSON). */
async function actionBodyParses(request: Request, contentType: string, isFetchAction: boolean): Promise<boolean> {
  try {
    if (contentType.startsWith("multipart/form-data")) {
      const form = await request.formData();
      for (const [name, value] of form) {
        // No-JavaScript form: `$ACTION_1:0` ({"id":…,"bound":…}) and its bound arguments are JSON. With JavaScript
        // (a fetch action), the numbered parts of React's reply are.
        const json = /^\$ACTION_\d+:\d+$/.test(name) || (isFetchAction && /^\d+$/.test(name));
        if (json && (typeof value !== "string" || !isJson(value))) return false;
      }
      return true;
    }
    if (isFetchAction && contentType.startsWith("text/plain")) return isJson(await request.text());
    return true;
  } catch {
    return false;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export async function guardPageRequest(request: Request, issuer: string): Promise<GuardDecision> {
  const { pathname } = new URL(request.url);
  const refuse = (kind: ErrorPageKind, status?: number): GuardDecision => ({ refuse: errorPage(kind, locale(request.headers), undefined, status) });

  // 1. The raw path segment is compared, before any percent-decoding (the ID alphabet has no "%"). Below a login
  // page only Next's static routes follow, which it matches without decoding.
  for (const { prefix, subpaths } of ID_PATHS) {
    if (!pathname.startsWith(`${prefix}/`)) continue;
    const rest = pathname.slice(prefix.length + 1);
    const id = subpaths ? rest.split("/")[0] : rest;
    if (!isRequestId(id) || (subpaths && /%/.test(rest))) return refuse("malformed");
  }

  if (SAFE_METHODS.has(request.method)) return {};

  // 2. CSRF.
  if (!provesSameOrigin(request.headers, issuer)) return refuse("forbidden");
  const host = comparedHost(request.headers);
  if (!host) return refuse("malformed");

  // 3. A declared, bounded, well-formed body.
  if (request.headers.has("transfer-encoding")) return refuse("unreadableForm", 411);
  const declared = request.headers.get("content-length");
  if (declared !== null && !/^\d+$/.test(declared)) return refuse("unreadableForm");
  if (declared !== null && Number(declared) > MAX_FORM_BYTES) return refuse("tooLarge");
  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();
  const isFetchAction = request.headers.has("next-action");
  if (contentType.startsWith("multipart/form-data") && !/;\s*boundary=[^;]+/.test(contentType)) return refuse("unreadableForm");
  if ((isFetchAction || contentType.startsWith("multipart/form-data")) && !(await actionBodyParses(request, contentType, isFetchAction))) {
    return refuse("unreadableForm");
  }

  // 4. Next's check passes exactly when the Origin's host is the one it compares with.
  const headers = new Headers(request.headers);
  headers.set("origin", `${new URL(issuer).protocol}//${host}`);
  return { headers };
}
