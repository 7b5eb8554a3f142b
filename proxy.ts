// Next.js proxy (formerly middleware) for the pages: the login/consent page and its server action, the landing
// page and "Try it", the demo callback, Next's own not-found page, and the form_post hand-off. The checks — IDs
// in URLs, CSRF for POSTs, declared and bounded bodies, Origin restored for Next's server-action check — live in
// lib/request-guard.ts, which says why each exists.
//
// The machine-facing route handlers (/api/*, /.well-known/*) are left out on purpose: clients call them
// cross-origin by design (CORS, lib/cors.ts), they read their bodies with a streaming limit (lib/http.ts
// readBody), and Next buffers a copy of the body of every request a proxy runs for.
import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "./lib/config";
import { guardPageRequest } from "./lib/request-guard";

export async function proxy(request: NextRequest): Promise<Response> {
  const decision = await guardPageRequest(request, getConfig().issuer);
  if (decision.refuse) return decision.refuse;
  return decision.headers ? NextResponse.next({ request: { headers: decision.headers } }) : NextResponse.next();
}

export const config = {
  matcher: [
    "/((?!api/|\\.well-known/|_next/static/|_next/image|favicon\\.ico$|icon\\.svg$|apple-touch-icon\\.png$).*)",
    "/api/authorization/form/:path*",
  ],
};
