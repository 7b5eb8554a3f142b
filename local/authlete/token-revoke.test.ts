// Contract test: /auth/token/revoke (both generations), which the app calls to end a disabled or deleted user's
// tokens. Every answer is checked against the OpenAPI documents by Api (test-support.ts).
import assert from "node:assert/strict";
import { Api, authorizeAndIssue, contractSuite, exchangeCode, query, type Json, type Target } from "./test-support";

async function tokensFor(api: Api, subject: string): Promise<{ accessToken: string; refreshToken: string }> {
  const { code } = await authorizeAndIssue(api, { subject, scope: "openid email" });
  const tok = await exchangeCode(api, code);
  assert.equal(tok.body.action, "OK", tok.body.resultMessage);
  return { accessToken: tok.body.accessToken as string, refreshToken: tok.body.refreshToken as string };
}

async function active(api: Api, token: string, hint?: string): Promise<boolean> {
  const r = await api.post("/auth/introspection/standard", { parameters: query({ token, token_type_hint: hint }) });
  return (JSON.parse(r.body.responseContent) as Json).active === true;
}

async function bySubject(t: Target, gen: "v2" | "v3"): Promise<void> {
  const api = new Api(t, gen);
  const subject = `revoke-${gen}-${Date.now()}`;
  const a = await tokensFor(api, subject);
  const b = await tokensFor(api, subject);
  const other = await tokensFor(api, `${subject}-other`);
  const r = await api.post("/auth/token/revoke", { subject });
  assert.equal(r.status, 200);
  assert.equal(r.body.count, 2);
  for (const tok of [a, b]) {
    assert.equal(await active(api, tok.accessToken), false);
    assert.equal(await active(api, tok.refreshToken, "refresh_token"), false);
  }
  assert.equal(await active(api, other.accessToken), true, "another user's tokens are untouched");
  assert.equal(await active(api, other.refreshToken, "refresh_token"), true);
}

contractSuite("Token revoke", [
  { name: "by subject: every token of that user ends, others stay (V3)", real: true, fn: (t) => bySubject(t, "v3") },
  { name: "by subject on the 2.x API", fn: (t) => bySubject(t, "v2") },
  {
    name: "by access or refresh token identifier (the value or its hash), narrowed by client and subject",
    fn: async (t) => {
      const api = new Api(t);
      const one = await tokensFor(api, "revoke-by-token");
      const r1 = await api.post("/auth/token/revoke", { accessTokenIdentifier: one.accessToken, subject: "someone-else" });
      assert.equal(r1.body.count, 0, "every identifier given must match");
      const r2 = await api.post("/auth/token/revoke", { refreshTokenIdentifier: one.refreshToken, clientIdentifier: t.client.id });
      assert.equal(r2.body.count, 1);
      assert.equal(await active(api, one.accessToken), false);
      const two = await tokensFor(api, "revoke-by-token");
      const { createHash } = await import("node:crypto");
      const hash = createHash("sha256").update(two.accessToken).digest("base64url");
      assert.equal((await api.post("/auth/token/revoke", { accessTokenIdentifier: hash })).body.count, 1);
      assert.equal(await active(api, two.refreshToken, "refresh_token"), false);
    },
  },
  {
    name: "a request naming nothing is refused (400)",
    fn: async (t) => {
      const r = await new Api(t).post("/auth/token/revoke", {});
      assert.equal(r.status, 400);
    },
  },
]);
