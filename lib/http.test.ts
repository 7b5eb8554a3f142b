import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { basicCredentials, bearerToken, isFormRequest, MAX_FORM_BYTES, readBody } from "./http";

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
});

describe("readBody: the size limit holds while streaming", () => {
  /** A chunked body (no Content-Length) of `chunks` × 16 KB that counts how much the reader pulled. */
  function endless(chunks: number) {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= chunks) return controller.close();
        pulled++;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x61));
      },
    });
    const request = new Request("https://as.example/api/token", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    return { request, pulled: () => pulled };
  }

  it("cuts a chunked body off just past the limit instead of buffering it (a 300 MB body costs 80 KB)", async () => {
    const { request, pulled } = endless(300 * 64);
    assert.deepEqual(await readBody(request), { error: "too_large" });
    assert.ok(pulled() * 16 * 1024 <= MAX_FORM_BYTES + 2 * 16 * 1024, `pulled ${pulled()} chunks`);
  });
  it("refuses an oversized Content-Length before reading, and reads a body within the limit", async () => {
    const big = new Request("https://as.example/x", { method: "POST", headers: { "content-length": String(MAX_FORM_BYTES + 1) }, body: "a" });
    assert.deepEqual(await readBody(big), { error: "too_large" });
    const { request } = endless(2);
    const r = await readBody(request);
    assert.ok("body" in r && r.body.length === 32 * 1024);
    assert.deepEqual(await readBody(new Request("https://as.example/x", { method: "POST", body: "a=1&b=%C3%A9" })), { body: "a=1&b=%C3%A9" });
  });
  it("refuses a body that is not UTF-8", async () => {
    assert.deepEqual(await readBody(new Request("https://as.example/x", { method: "POST", body: new Uint8Array([0x61, 0xff, 0xfe]) })), { error: "unreadable" });
  });
});
