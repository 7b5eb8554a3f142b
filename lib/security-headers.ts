// The one definition of the headers every browser-facing answer carries: Next's own pages (next.config.ts),
// pages that route handlers render (lib/pages/html.ts) and the form_post page.
// - frame-ancestors 'none' / X-Frame-Options: an authorization server's pages must not be framed
//   (clickjacking on the Authorize button; RFC 6819 §4.4.1.9, OAuth 2.0 Security BCP §4.16);
// - Referrer-Policy no-referrer: request URLs (codes, state, hints) must not leak through Referer;
// - nosniff: nothing we serve is to be reinterpreted as another type.
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
};

/** The same headers in next.config's `headers()` shape. */
export const PAGE_SECURITY_HEADER_LIST: { key: string; value: string }[] = Object.entries(PAGE_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));
