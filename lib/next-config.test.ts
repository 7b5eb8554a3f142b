// What next.config.ts and proxy.ts's matcher promise: request logging never shows authorization-request query
// strings (item 10), Next's body limits match ours (items 1/4), every page gets the security headers (item 4), and
// the proxy runs for the pages but never for the machine-facing route handlers.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import "./oauth/test-support";
import nextConfig from "../next.config";
import { config as proxyConfig } from "../proxy";
import { MAX_FORM_BYTES } from "./http";

describe("next.config", () => {
  it("next dev never logs an authorization request's URL (login_hint, id_token_hint) or the demo callback's code", () => {
    const ignore = nextConfig.logging && typeof nextConfig.logging === "object" ? nextConfig.logging.incomingRequests : undefined;
    const patterns = ignore && typeof ignore === "object" ? (ignore.ignore ?? []) : [];
    const ignored = (url: string) => patterns.some((p) => p.test(url));
    assert.ok(ignored("/api/authorization?login_hint=alice%40example.com&id_token_hint=eyJ"));
    assert.ok(ignored("/api/authorization"));
    assert.ok(ignored("/api/authorization/form/AAAAAAAAAAAAAAAAAAAAAA"));
    assert.ok(ignored("/demo/callback?code=abc"));
    assert.ok(!ignored("/api/token"));
    assert.ok(!ignored("/api/authorizationx"));
  });

  it("Next's own body limits are ours", () => {
    assert.equal(nextConfig.experimental?.serverActions?.bodySizeLimit, MAX_FORM_BYTES);
    assert.equal(nextConfig.experimental?.proxyClientMaxBodySize, MAX_FORM_BYTES);
  });

  it("every path gets the security headers", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const all = rules.find((r) => r.source === "/:path*");
    const names = (all?.headers ?? []).map((h) => h.key.toLowerCase());
    for (const h of ["content-security-policy", "x-frame-options", "referrer-policy", "x-content-type-options"]) assert.ok(names.includes(h), h);
  });
});

describe("proxy matcher", () => {
  const matches = (path: string) => proxyConfig.matcher.some((m) => new RegExp(`^${m.replace(/:path\*/, ".*")}$`).test(path));
  it("covers the pages, the form_post hand-off and unknown paths", () => {
    for (const p of ["/", "/authorize/AAAAAAAAAAAAAAAAAAAAAA", "/authorize/%zz", "/demo/start", "/demo/callback", "/nope", "/api/authorization/form/x"]) assert.ok(matches(p), p);
  });
  it("leaves out the route handlers clients call and static files (Next would buffer a copy of their bodies)", () => {
    for (const p of ["/api/token", "/api/userinfo", "/api/authorization", "/api/par", "/api/logout", "/.well-known/openid-configuration", "/_next/static/chunks/a.js", "/icon.svg", "/favicon.ico"]) {
      assert.ok(!matches(p), p);
    }
  });
});
