// Pages that route handlers answer browsers with (the authorization endpoint's errors, the form_post hand-off):
// self-contained HTML with inline styles, no script, no external resource but our icon, in the request's
// language, with the security headers every page carries. Pages React renders live in app/.
import { NO_STORE } from "../http";
import { messages, type Locale } from "../i18n";
import { PAGE_SECURITY_HEADERS } from "../security-headers";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

export function htmlPage(status: number, locale: Locale, title: string, message: string, detail?: string): Response {
  return pageShell(status, locale, title, `<p>${escapeHtml(message)}</p>${detail ? `<p><code>${escapeHtml(detail)}</code></p>` : ""}`);
}

/** The page around `inner` (already escaped HTML): one heading, our styles, the security headers, no-store. */
export function pageShell(status: number, locale: Locale, title: string, inner: string): Response {
  const body = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><link rel="icon" href="/icon.svg" type="image/svg+xml"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Hiragino Sans","Noto Sans JP",sans-serif;background:#f8fafc;color:#0f172a;margin:0}
main{max-width:32rem;margin:4rem auto;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px rgba(0,0,0,.1);padding:2rem}
h1{font-size:1.25rem;margin:0 0 .75rem}p{line-height:1.5;color:#334155}code{background:#f1f5f9;padding:.1rem .3rem;border-radius:.25rem;word-break:break-all}
form{display:flex;gap:.75rem;margin-top:1.5rem}button{flex:1;font:inherit;font-weight:500;padding:.5rem 1rem;border-radius:.375rem;border:0;cursor:pointer}
button.primary{background:#2563eb;color:#fff}button.secondary{background:#fff;color:#334155;box-shadow:inset 0 0 0 1px #cbd5e1}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${inner}</main></body></html>`;
  return new Response(body, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", ...NO_STORE, ...PAGE_SECURITY_HEADERS },
  });
}

/** The error and status pages, by what happened. */
export type ErrorPageKind = "badRequest" | "notForm" | "serverError" | "unavailable" | "expired" | "notFound" | "forbidden" | "tooLarge" | "malformed" | "unreadableForm";

const STATUS: Record<ErrorPageKind, number> = {
  badRequest: 400,
  notForm: 400,
  serverError: 500,
  unavailable: 503,
  expired: 400,
  notFound: 404,
  forbidden: 403,
  tooLarge: 413,
  malformed: 400,
  unreadableForm: 400,
};

/** One of our error pages; `status` overrides the kind's usual one (e.g. 411 for an unreadable form without a length). */
export function errorPage(kind: ErrorPageKind, locale: Locale, detail?: string, status = STATUS[kind]): Response {
  const m = messages(locale).errors;
  const title = m[`${kind}Title`];
  const message = m[`${kind}Message`];
  const response = htmlPage(status, locale, title, message, detail);
  if (kind === "unavailable") response.headers.set("Retry-After", "5");
  return response;
}

/**
 * Authlete's form_post page (OAuth 2.0 Form Post Response Mode): it auto-submits with an inline script, so no
 * script-blocking CSP of ours; the framing rules still apply.
 */
export function formPostPage(html: string): Response {
  return new Response(html, { status: 200, headers: { "Content-Type": "text/html;charset=UTF-8", ...NO_STORE, ...PAGE_SECURITY_HEADERS } });
}
