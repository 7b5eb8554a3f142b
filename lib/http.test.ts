import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { basicCredentials, bearerToken, htmlPage, isFormRequest } from "./http";

const req = (headers: Record<string, string>) => new Request("https://as.example/api/token", { method: "POST", headers });
const basic = (s: string) => `Basic ${Buffer.from(s).toString("base64")}`;

describe("basicCredentials (RFC 6749 §2.3.1)", () => {
  it("decodes the form-urlencoded ID and secret", () => {
    assert.deepEqual(basicCredentials(req({ authorization: basic("demo-client:demo-client-secret") })), { clientId: "demo-client", clientSecret: "demo-client-secret" });
    assert.deepEqual(basicCredentials(req({ authorization: basic("a%3Ab:p%25ss+word") })), { clientId: "a:b", clientSecret: "p%ss word" });
    assert.deepEqual(basicCredentials(req({ authorization: basic("id:") })), { clientId: "id", clientSecret: "" });
  });
  it("is empty without a Basic header and undefined when malformed", () => {
    assert.deepEqual(basicCredentials(req({})), {});
    assert.deepEqual(basicCredentials(req({ authorization: "Bearer abc" })), {});
    assert.equal(basicCredentials(req({ authorization: basic("no-colon") })), undefined);
    assert.equal(basicCredentials(req({ authorization: "Basic !!!" })), undefined);
    assert.equal(basicCredentials(req({ authorization: basic("%zz:x") })), undefined);
  });
});

describe("bearerToken (RFC 6750 §2.1)", () => {
  it("reads Bearer and DPoP schemes, case-insensitively", () => {
    assert.equal(bearerToken(req({ authorization: "Bearer abc.DEF-_~+/=" })), "abc.DEF-_~+/=");
    assert.equal(bearerToken(req({ authorization: "bearer xyz" })), "xyz");
    assert.equal(bearerToken(req({ authorization: "DPoP xyz" })), "xyz");
    assert.equal(bearerToken(req({ authorization: "Basic xyz" })), undefined);
    assert.equal(bearerToken(req({ authorization: "Bearer two words" })), undefined);
  });
});

describe("misc", () => {
  it("recognises form bodies", () => {
    assert.ok(isFormRequest(req({ "content-type": "application/x-www-form-urlencoded; charset=UTF-8" })));
    assert.ok(!isFormRequest(req({ "content-type": "application/json" })));
  });
  it("renders escaped, unframeable error pages", async () => {
    const res = htmlPage(400, "T<", "M&", "D\"");
    assert.equal(res.headers.get("content-security-policy"), "frame-ancestors 'none'");
    assert.equal(res.headers.get("referrer-policy"), "no-referrer");
    const html = await res.text();
    assert.match(html, /T&lt;/);
    assert.match(html, /M&amp;/);
    assert.match(html, /D&quot;/);
  });
});
