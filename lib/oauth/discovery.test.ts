// Discovery and the JWK Set are served from memory with a strong content-hash ETag and Cache-Control;
// If-None-Match gets a 304; one Authlete call serves many requests, even concurrent cold ones; and a failed
// refresh serves the last good copy for a while instead of an error.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import { createAuthleteClient } from "../authlete/client";
import { loadConfig } from "../config";
import type { Deps } from "./deps";
import { testDeps } from "./test-support";
import { discoveryDocument, handleDiscoveryRequest, handleJwksRequest, ifNoneMatchHits } from "./endpoints";
import { entityTag } from "./service-documents";

const calls: string[] = [];
let failing = false;
const DOC = { issuer: "https://as.example", token_endpoint: "https://as.example/api/token", introspection_endpoint: "https://as.example/x" };
const JWKS = '{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","kid":"k1","use":"sig","alg":"ES256"}]}';
const server = createServer((req, res) => {
  calls.push(req.url ?? "");
  if (failing) {
    res.writeHead(503).end();
    return;
  }
  // A slow answer, so that concurrent cold requests overlap.
  setTimeout(() => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(req.url?.endsWith("/service/jwks/get") ? JWKS : JSON.stringify(DOC));
  }, 20);
});
let config: ReturnType<typeof loadConfig>;
let deps: Deps;
let clock = Date.now();

before(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  config = loadConfig({
    ISSUER: "https://as.example",
    AUTHLETE_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AUTHLETE_SERVICE_APIKEY: "1000",
    AUTHLETE_SERVICE_ACCESSTOKEN: "tok",
    AUTHLETE_TIMEOUT_MS: "1000",
    AWS_REGION: "us-east-1",
    COGNITO_USER_POOL_ID: "us-east-1_X",
    COGNITO_CLIENT_ID: "c",
  });
});
after(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  // A fresh real Authlete client (node:http) against the scripted server above, so a fresh cache (caches
  // belong to the client); a clock the test can move.
  deps = testDeps({ config, authlete: createAuthleteClient(config.authlete), now: () => clock });
  calls.length = 0;
  failing = false;
  clock = Date.now();
});

const get = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });

describe("discovery and JWK Set caching", () => {
  it("discovery: 200 with a strong content-hash ETag and Cache-Control, then 304 for If-None-Match", async () => {
    const first = await handleDiscoveryRequest(get("https://as.example/.well-known/openid-configuration"), deps);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("content-type"), "application/json");
    assert.equal(first.headers.get("cache-control"), "public, max-age=60");
    const body = await first.text();
    const etag = first.headers.get("etag") ?? "";
    assert.match(etag, /^"[A-Za-z0-9_-]{43}"$/, "strong (no W/), quoted");
    assert.equal(etag, `"${createHash("sha256").update(body).digest("base64url")}"`);
    const doc = JSON.parse(body) as Record<string, unknown>;
    assert.equal(doc.issuer, "https://as.example");
    assert.equal(doc.introspection_endpoint, undefined, "unserved endpoints are still left out");

    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const r = await handleDiscoveryRequest(get("https://as.example/.well-known/openid-configuration", { "If-None-Match": inm }), deps);
      assert.equal(r.status, 304, inm);
      assert.equal(r.headers.get("etag"), etag);
      assert.equal(r.headers.get("cache-control"), "public, max-age=60");
      assert.equal(await r.text(), "");
    }
    const stale = await handleDiscoveryRequest(get("https://as.example/.well-known/openid-configuration", { "If-None-Match": '"old"' }), deps);
    assert.equal(stale.status, 200);
    assert.equal(await stale.text(), body);
    assert.deepEqual(calls, ["/api/1000/service/configuration"], "one Authlete call for all of them");
  });

  it("JWK Set: Authlete's document as is, its own ETag, max-age=300, 304", async () => {
    const first = await handleJwksRequest(deps, get("https://as.example/api/jwks"));
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("content-type"), "application/jwk-set+json");
    assert.equal(first.headers.get("cache-control"), "public, max-age=300");
    assert.equal(await first.text(), JWKS);
    assert.equal(first.headers.get("etag"), entityTag(JWKS));
    const again = await handleJwksRequest(deps, get("https://as.example/api/jwks", { "If-None-Match": entityTag(JWKS) }));
    assert.equal(again.status, 304);
    assert.equal(again.headers.get("etag"), entityTag(JWKS));
    // Server code reading the set (the demo client) gets the body, not a 304.
    assert.equal(await (await handleJwksRequest(deps)).text(), JWKS);
    assert.deepEqual(calls, ["/api/1000/service/jwks/get"]);
  });

  it("concurrent requests on a cold cache share one Authlete call", async () => {
    const rs = await Promise.all(Array.from({ length: 8 }, () => handleDiscoveryRequest(get("https://as.example/.well-known/openid-configuration"), deps)));
    assert.ok(rs.every((r) => r.status === 200));
    assert.equal(new Set(rs.map((r) => r.headers.get("etag"))).size, 1);
    assert.equal(calls.length, 1);
  });

  it("a failed refresh serves the last good copy for a while, then fails", async () => {
    const doc = await discoveryDocument(deps);
    failing = true;
    clock += 61_000;
    assert.deepEqual(await discoveryDocument(deps), doc, "stale copy while Authlete is down");
    clock += 2 * 3_600_000;
    await assert.rejects(discoveryDocument(deps));
    assert.equal(calls.length, 3);
  });

  it("If-None-Match matching (RFC 9110 §13.1.2: weak comparison)", () => {
    assert.equal(ifNoneMatchHits(null, '"a"'), false);
    assert.equal(ifNoneMatchHits('"a"', '"a"'), true);
    assert.equal(ifNoneMatchHits('W/"a"', '"a"'), true);
    assert.equal(ifNoneMatchHits('"b" , "a"', '"a"'), true);
    assert.equal(ifNoneMatchHits('"ab"', '"a"'), false);
    assert.equal(ifNoneMatchHits("*", '"a"'), true);
  });
});
