// CORS on the endpoints browser-based clients call (item 9): token, userinfo, revocation, JWK Set, discovery —
// preflight included — and never on the authorization endpoint.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import "./oauth/test-support";
import { cors, preflight, withCors } from "./cors";

describe("CORS helpers", () => {
  it("an actual answer keeps its status, body and headers and gains the CORS ones", async () => {
    const res = withCors(new Response('{"error":"invalid_token"}', { status: 401, headers: { "WWW-Authenticate": 'Bearer error="invalid_token"', "Cache-Control": "no-store" } }));
    assert.equal(res.status, 401);
    assert.equal(await res.text(), '{"error":"invalid_token"}');
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.equal(res.headers.get("access-control-allow-credentials"), null);
    assert.match(res.headers.get("access-control-expose-headers") ?? "", /WWW-Authenticate/);
    assert.match(res.headers.get("access-control-expose-headers") ?? "", /DPoP-Nonce/);
    assert.equal((await cors(async () => new Response(null, { status: 204 }))()).headers.get("access-control-allow-origin"), "*");
  });
  it("a Response with immutable headers (Response.redirect) is copied, not broken", async () => {
    const res = withCors(Response.redirect("https://as.example.com/next", 302));
    assert.equal(res.status, 302);
    assert.equal(res.headers.get("location"), "https://as.example.com/next");
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
  });
  it("a preflight allows the methods and the headers clients send", () => {
    const res = preflight("GET", "POST")();
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-methods"), "GET, POST, OPTIONS");
    assert.match(res.headers.get("access-control-allow-headers") ?? "", /Authorization.*Content-Type.*DPoP/);
  });
});

describe("the routes", () => {
  it("token, userinfo, revocation, JWK Set and both discovery documents answer preflights", async () => {
    const routes = await Promise.all([
      import("../app/api/token/route"),
      import("../app/api/userinfo/route"),
      import("../app/api/revocation/route"),
      import("../app/api/jwks/route"),
      import("../app/.well-known/openid-configuration/route"),
      import("../app/.well-known/oauth-authorization-server/route"),
    ]);
    for (const route of routes) {
      assert.equal(typeof route.OPTIONS, "function");
      assert.equal(route.OPTIONS().headers.get("access-control-allow-origin"), "*");
    }
  });
  it("the authorization endpoint has none", async () => {
    const route: Record<string, unknown> = await import("../app/api/authorization/route");
    assert.equal(route.OPTIONS, undefined);
  });
});
