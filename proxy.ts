// Next.js proxy (formerly middleware), scoped to the login/consent page.
//
// The page is served with `Referrer-Policy: no-referrer` (no request URL with codes or state may leak).
// Under that policy browsers send `Origin: null` on the page's own form POST (Fetch, "append a request Origin
// header"), which Next's server-action CSRF check rejects, so the no-JavaScript sign-in would fail. Fetch
// Metadata tells the truth instead: `Sec-Fetch-Site: same-origin` is set by the browser, cannot be set by page
// script, and proves the POST came from one of our own pages. Only then is Origin restored to our origin;
// any other `Origin: null` POST still meets Next's check and is refused.
import { NextResponse, type NextRequest } from "next/server";

export function proxy(request: NextRequest): NextResponse {
  const host = request.headers.get("host");
  if (
    request.method === "POST" &&
    host &&
    request.headers.get("origin") === "null" &&
    request.headers.get("sec-fetch-site") === "same-origin"
  ) {
    const headers = new Headers(request.headers);
    headers.set("origin", `${request.nextUrl.protocol}//${host}`);
    return NextResponse.next({ request: { headers } });
  }
  return NextResponse.next();
}

export const config = { matcher: "/authorize/:path*" };
