// Contract tests: the token endpoint API and everything that uses tokens — the full authorization-code
// conversation, client authentication, grants, refresh rotation, code reuse, PKCE, password grant,
// userinfo, introspection (both), revocation and extra properties. Real-Authlete variables: test-support.ts.
import assert from "node:assert/strict";
import {
  Api,
  authorizeAndIssue,
  clientCredentials,
  contractSuite,
  DEMO,
  exchangeCode,
  pkcePair,
  query,
  type ContractClient,
  type Json,
  type Target,
} from "./test-support";

async function tokenRequest(api: Api, client: ContractClient, params: Record<string, string | undefined>, extra: Json = {}): Promise<Json> {
  const cred = clientCredentials(client);
  const r = await api.post("/auth/token", { parameters: query({ ...params, ...cred.params }), ...cred.fields, ...extra });
  assert.equal(r.status, 200);
  return r.body;
}

function errorOf(body: Json): string {
  return (JSON.parse(body.responseContent) as Json).error as string;
}

async function introspect(api: Api, token: string, extra: Json = {}): Promise<Json> {
  return (await api.post("/auth/introspection", { token, ...extra })).body;
}

async function standard(api: Api, token: string, extra: Json = {}, hint?: string): Promise<Json> {
  const r = await api.post("/auth/introspection/standard", { parameters: query({ token, token_type_hint: hint }), ...extra });
  assert.equal(r.body.action, "OK");
  return JSON.parse(r.body.responseContent) as Json;
}

async function revoke(api: Api, client: ContractClient, token: string, hint?: string): Promise<Json> {
  const cred = clientCredentials(client);
  return (await api.post("/auth/revocation", { parameters: query({ token, token_type_hint: hint, ...cred.params }), ...cred.fields })).body;
}

/**
 * The whole conversation an AS has with Authlete for one user, in one API generation:
 * authorization → issue → token → userinfo → userinfo/issue → introspection (both) → refresh → revocation.
 */
async function conversation(t: Target, gen: "v2" | "v3"): Promise<void> {
  const api = new Api(t, gen);
  const client = t.client;
  const { code } = await authorizeAndIssue(api, {
    scope: "openid email",
    state: "123",
    nonce: "abc",
    subject: "user-42",
    issue: { authTime: Math.floor(Date.now() / 1000) - 60, claims: JSON.stringify({ email: "demo@example.com", name: "Not requested" }) },
  });
  // Token
  const tok = await exchangeCode(api, code, { client });
  assert.equal(tok.body.action, "OK", tok.body.resultMessage);
  const rc = JSON.parse(tok.body.responseContent) as Json;
  assert.equal(rc.token_type, "Bearer");
  assert.equal(rc.access_token, tok.body.accessToken);
  assert.equal(typeof rc.expires_in, "number");
  assert.deepEqual(rc.scope.split(" ").sort(), ["email", "openid"]);
  assert.ok(rc.id_token);
  assert.equal(tok.body.subject, "user-42");
  assert.equal(tok.body.grantType, "AUTHORIZATION_CODE");
  assert.ok(tok.body.accessTokenExpiresAt > Date.now());
  if (t.kind === "stand-in") {
    assert.deepEqual(Object.keys(rc), ["access_token", "refresh_token", "scope", "id_token", "token_type", "expires_in"]);
    assert.equal(rc.expires_in, 86400);
    assert.equal(tok.body.clientId, 2000000001);
    assert.equal(tok.body.clientIdAlias, "demo-client");
    assert.equal(tok.body.clientIdAliasUsed, true);
    assert.equal(tok.body.clientAuthMethod, gen === "v3" ? "CLIENT_SECRET_BASIC" : undefined);
    assert.equal(tok.body.refreshToken, rc.refresh_token);
    assert.ok(Math.abs(tok.body.accessTokenExpiresAt - (Date.now() + 86400_000)) < 5000);
    assert.equal(tok.body.refreshTokenDuration, 864000);
  }
  const at = tok.body.accessToken as string;
  // Userinfo
  const ui = await api.post("/auth/userinfo", { token: at });
  assert.equal(ui.body.action, "OK");
  assert.equal(ui.body.subject, "user-42");
  assert.ok(ui.body.scopes.includes("openid"));
  if (t.kind === "stand-in") assert.deepEqual(ui.body.claims, ["email", "email_verified"]);
  const uiIssue = await api.post("/auth/userinfo/issue", { token: at, claims: JSON.stringify({ email: "demo@example.com", email_verified: true, name: "Not requested" }) });
  assert.equal(uiIssue.body.action, "JSON");
  const uiJson = JSON.parse(uiIssue.body.responseContent) as Json;
  assert.equal(uiJson.sub, "user-42");
  assert.equal(uiJson.email, "demo@example.com");
  if (t.kind === "stand-in") assert.deepEqual(uiJson, { sub: "user-42", email: "demo@example.com", email_verified: true });
  // Introspection (action API and RFC 7662)
  const intro = await introspect(api, at, { scopes: ["email"], subject: "user-42" });
  assert.equal(intro.action, "OK");
  assert.equal(intro.usable, true);
  assert.equal(intro.existent, true);
  assert.equal(intro.sufficient, true);
  assert.equal(intro.subject, "user-42");
  const std = await standard(api, at);
  assert.equal(std.active, true);
  assert.equal(std.sub, "user-42");
  assert.equal(std.token_type, "Bearer");
  assert.ok(std.exp > Date.now() / 1000);
  // Refresh with rotation: the old refresh token (and its access token) stop working.
  const rt = tok.body.refreshToken as string | undefined;
  if (rt) {
    assert.equal((await standard(api, rt, {}, "refresh_token")).active, true);
    const ref = await tokenRequest(api, client, { grant_type: "refresh_token", refresh_token: rt });
    assert.equal(ref.action, "OK");
    assert.equal(ref.grantType, "REFRESH_TOKEN");
    assert.notEqual(ref.accessToken, at);
    if (t.kind === "stand-in") {
      assert.notEqual(ref.refreshToken, rt);
      const again = await tokenRequest(api, client, { grant_type: "refresh_token", refresh_token: rt });
      assert.equal(again.action, "BAD_REQUEST");
      assert.equal(errorOf(again), "invalid_grant");
      assert.equal((await standard(api, at)).active, false, "the old access token ended with its refresh token");
      assert.equal(JSON.parse(ref.responseContent).id_token, undefined, "no ID token on refresh (idTokenReissuable=false)");
    }
    // Revocation of the new refresh token ends the pair.
    const rv = await revoke(api, client, ref.refreshToken, "refresh_token");
    assert.equal(rv.action, "OK");
    assert.equal((await standard(api, ref.refreshToken, {}, "refresh_token")).active, false);
    assert.equal((await standard(api, ref.accessToken)).active, false);
  } else {
    assert.equal((await revoke(api, client, at)).action, "OK");
    assert.equal((await standard(api, at)).active, false);
  }
}

contractSuite("Token", [
  {
    name: "full conversation (V3): authorization → issue → token → userinfo → userinfo/issue → introspection → refresh → revocation",
    real: true,
    fn: (t: Target) => conversation(t, "v3"),
  },
  {
    name: "full conversation (V2): the same over /api/… with Basic credentials, answers valid against 2.3.12",
    real: true,
    fn: async (t: Target) => {
      if (!t.v2) return; // a real 3.0 service has no V2 credentials
      await conversation(t, "v2");
    },
  },
  {
    name: "a reused authorization code → invalid_grant, and the first exchange's tokens become inactive",
    real: true,
    fn: async (t) => {
      const api = new Api(t);
      const { code } = await authorizeAndIssue(api, { scope: "openid" });
      const first = await exchangeCode(api, code);
      assert.equal(first.body.action, "OK");
      const second = await exchangeCode(api, code);
      assert.equal(second.body.action, "BAD_REQUEST");
      assert.equal(errorOf(second.body), "invalid_grant");
      if (t.kind === "stand-in") {
        assert.equal((await standard(api, first.body.accessToken)).active, false);
        assert.equal((await standard(api, first.body.refreshToken, {}, "refresh_token")).active, false);
        assert.equal((await introspect(api, first.body.accessToken)).action, "UNAUTHORIZED");
      }
    },
  },
  {
    name: "authorization code: unknown, expired, other client, redirect_uri missing or different",
    fn: async (t) => {
      const api = new Api(t);
      assert.equal(errorOf((await exchangeCode(api, "x".repeat(43))).body), "invalid_grant");
      const r1 = await authorizeAndIssue(api, {});
      assert.equal(errorOf((await exchangeCode(api, r1.code, { redirectUri: null })).body), "invalid_request");
      assert.equal(errorOf((await exchangeCode(api, r1.code, { redirectUri: "https://client.example.org/cb" })).body), "invalid_grant");
      assert.equal(errorOf((await exchangeCode(api, r1.code, { client: DEMO.post })).body), "invalid_grant");
      assert.equal((await exchangeCode(api, r1.code)).body.action, "OK", "failed attempts do not consume the code");
      const r2 = await authorizeAndIssue(api, {});
      t.local!.advance(601_000); // codes live 600 s
      assert.equal(errorOf((await exchangeCode(api, r2.code)).body), "invalid_grant");
      // Without redirect_uri in the authorization request (demo-eddsa has one), none is needed at the token endpoint.
      const a = await api.post("/auth/authorization", { parameters: query({ response_type: "code", client_id: "demo-eddsa" }) });
      const i = await api.post("/auth/authorization/issue", { ticket: a.body.ticket, subject: "u" });
      const code = new URL(i.body.responseContent).searchParams.get("code") as string;
      assert.equal((await exchangeCode(api, code, { client: DEMO.eddsa, redirectUri: null })).body.action, "OK");
    },
  },
  {
    name: "PKCE: S256 and plain succeed; a wrong or missing verifier fails; a verifier without challenge fails",
    fn: async (t) => {
      const api = new Api(t);
      const s256 = pkcePair("S256");
      const r1 = await authorizeAndIssue(api, { client: DEMO.spa, pkce: s256 });
      assert.equal(errorOf((await exchangeCode(api, r1.code, { client: DEMO.spa, verifier: pkcePair().verifier })).body), "invalid_grant");
      assert.equal(errorOf((await exchangeCode(api, r1.code, { client: DEMO.spa })).body), "invalid_grant");
      assert.equal(errorOf((await exchangeCode(api, r1.code, { client: DEMO.spa, verifier: "short" })).body), "invalid_request");
      const ok = await exchangeCode(api, r1.code, { client: DEMO.spa, verifier: s256.verifier });
      assert.equal(ok.body.action, "OK");
      assert.equal(ok.body.clientAuthMethod, "NONE");
      assert.ok(ok.body.refreshToken, "demo-spa has the refresh_token grant");
      const plain = pkcePair("plain");
      const r2 = await authorizeAndIssue(api, { pkce: plain });
      assert.equal((await exchangeCode(api, r2.code, { verifier: plain.verifier })).body.action, "OK");
      const r3 = await authorizeAndIssue(api, {});
      assert.equal(errorOf((await exchangeCode(api, r3.code, { verifier: pkcePair().verifier })).body), "invalid_grant");
    },
  },
  {
    name: "client authentication: basic, post and none per registration; wrong secret or method → INVALID_CLIENT",
    real: true,
    fn: async (t) => {
      const api = new Api(t);
      const wrong = await tokenRequest(api, { ...t.client, secret: "wrong-secret" }, { grant_type: "authorization_code", code: "x".repeat(43), redirect_uri: t.client.redirectUri });
      assert.equal(wrong.action, "INVALID_CLIENT");
      assert.equal(errorOf(wrong), "invalid_client");
      if (t.kind === "real") return;
      const code = { grant_type: "authorization_code", code: "x".repeat(43), redirect_uri: DEMO.client.redirectUri };
      // demo-client is client_secret_basic: the secret in the form is refused.
      assert.equal((await tokenRequest(api, { ...DEMO.client, auth: "post" }, code)).action, "INVALID_CLIENT");
      // demo-post is client_secret_post: Basic is refused, the form works.
      assert.equal((await tokenRequest(api, { ...DEMO.post, auth: "basic" }, code)).action, "INVALID_CLIENT");
      const post = await tokenRequest(api, DEMO.post, code);
      assert.equal(post.action, "BAD_REQUEST", "authenticated, then the bogus code fails");
      assert.equal(errorOf(post), "invalid_grant");
      // demo-spa is public: a secret is refused; no client_id at all is refused.
      assert.equal((await tokenRequest(api, { ...DEMO.spa, auth: "post", secret: "anything" }, code)).action, "INVALID_CLIENT");
      assert.equal((await tokenRequest(api, { id: "", auth: "none", redirectUri: "" }, code)).action, "INVALID_CLIENT");
      assert.equal((await tokenRequest(api, { ...DEMO.client, id: "no-such-client" }, code)).action, "INVALID_CLIENT");
      // Two methods at once → invalid_request (RFC 6749 §2.3).
      const both = await api.post("/auth/token", {
        parameters: query({ ...code, client_secret: "demo-client-secret" }),
        clientId: "demo-client",
        clientSecret: "demo-client-secret",
      });
      assert.equal(errorOf(both.body), "invalid_request");
      // Numeric client ID works like the alias.
      const numeric = await tokenRequest(api, { ...DEMO.client, id: "2000000001" }, { grant_type: "client_credentials" });
      assert.equal(numeric.action, "OK");
      assert.equal(numeric.clientIdAliasUsed, false);
    },
  },
  {
    name: "grant types: missing → invalid_request, unknown → unsupported_grant_type, not registered → unauthorized_client",
    real: true,
    fn: async (t) => {
      const api = new Api(t);
      const unknown = await tokenRequest(api, t.client, { grant_type: "urn:example:grant:magic" });
      assert.equal(unknown.action, "BAD_REQUEST");
      assert.equal(errorOf(unknown), "unsupported_grant_type");
      if (t.kind === "real") return;
      assert.equal(errorOf(await tokenRequest(api, t.client, {})), "invalid_request");
      assert.equal(errorOf(await tokenRequest(api, t.client, { grant_type: "urn:ietf:params:oauth:grant-type:device_code" })), "unsupported_grant_type");
      assert.equal(errorOf(await tokenRequest(api, DEMO.eddsa, { grant_type: "client_credentials" })), "unauthorized_client");
      assert.equal(errorOf(await tokenRequest(api, DEMO.spa, { grant_type: "password", username: "a", password: "b" })), "unauthorized_client");
      const noParams = await api.post("/auth/token", { clientId: "demo-client", clientSecret: "demo-client-secret" });
      assert.equal(noParams.body.action, "BAD_REQUEST");
      const dup = await api.post("/auth/token", { parameters: "grant_type=client_credentials&grant_type=client_credentials", clientId: "demo-client", clientSecret: "demo-client-secret" });
      assert.equal(errorOf(dup.body), "invalid_request");
    },
  },
  {
    name: "client_credentials: token without subject, refresh or ID token; default scope; userinfo refuses it",
    fn: async (t) => {
      const api = new Api(t);
      const cc = await tokenRequest(api, DEMO.client, { grant_type: "client_credentials", scope: "email openid bogus" });
      assert.equal(cc.action, "OK");
      assert.equal(cc.grantType, "CLIENT_CREDENTIALS");
      assert.equal(cc.subject, undefined);
      assert.equal(cc.refreshToken, undefined);
      assert.equal(cc.idToken, undefined);
      assert.deepEqual(cc.scopes, ["email"]);
      assert.deepEqual(Object.keys(JSON.parse(cc.responseContent)), ["access_token", "scope", "token_type", "expires_in"]);
      const def = await tokenRequest(api, DEMO.post, { grant_type: "client_credentials" });
      assert.deepEqual(def.scopes, ["profile"]);
      const std = await standard(api, cc.accessToken);
      assert.equal(std.active, true);
      assert.equal(std.sub, undefined);
      assert.equal(std.client_id, "demo-client");
      assert.equal((await api.post("/auth/userinfo", { token: cc.accessToken })).body.action, "FORBIDDEN");
    },
  },
  {
    name: "password grant: PASSWORD action → token/issue (OK) or token/fail (BAD_REQUEST invalid_request)",
    fn: async (t) => {
      const api = new Api(t);
      const p = await tokenRequest(api, DEMO.client, { grant_type: "password", username: "demo@example.com", password: "Demo-Pass1!", scope: "openid email" });
      assert.equal(p.action, "PASSWORD");
      assert.equal(p.username, "demo@example.com");
      assert.equal(p.password, "Demo-Pass1!");
      assert.ok(p.ticket);
      assert.equal(p.responseContent, undefined);
      const issued = await api.post("/auth/token/issue", { ticket: p.ticket, subject: "cognito-sub-1", properties: [{ key: "k", value: "v" }] });
      assert.equal(issued.body.action, "OK");
      assert.equal(issued.body.resultCode, "A054001");
      assert.equal(issued.body.subject, "cognito-sub-1");
      const rc = JSON.parse(issued.body.responseContent) as Json;
      assert.equal(rc.access_token, issued.body.accessToken);
      assert.equal(rc.token_type, "Bearer");
      assert.equal(rc.scope, "email openid");
      assert.ok(rc.refresh_token);
      assert.equal(rc.k, "v");
      assert.equal((await api.post("/auth/userinfo", { token: rc.access_token })).body.subject, "cognito-sub-1");
      // The ticket was used.
      assert.equal((await api.post("/auth/token/issue", { ticket: p.ticket, subject: "x" })).body.action, "INTERNAL_SERVER_ERROR");
      const p2 = await tokenRequest(api, DEMO.client, { grant_type: "password", username: "demo@example.com", password: "wrong" });
      const failed = await api.post("/auth/token/fail", { ticket: p2.ticket, reason: "INVALID_RESOURCE_OWNER_CREDENTIALS" });
      assert.equal(failed.body.action, "BAD_REQUEST");
      assert.equal(failed.body.resultCode, "A067301");
      assert.equal(errorOf(failed.body), "invalid_request");
      assert.equal((await api.post("/auth/token/fail", { ticket: p2.ticket, reason: "INVALID_RESOURCE_OWNER_CREDENTIALS" })).body.action, "INTERNAL_SERVER_ERROR");
      const p3 = await tokenRequest(api, DEMO.client, { grant_type: "password", username: "a", password: "b" });
      assert.equal(errorOf((await api.post("/auth/token/fail", { ticket: p3.ticket, reason: "INVALID_TARGET" })).body), "invalid_target");
      assert.equal(errorOf(await tokenRequest(api, DEMO.client, { grant_type: "password", username: "a" })), "invalid_request");
      // V2 answers for the same flow.
      const v2 = new Api(t, "v2");
      const q = await tokenRequest(v2, DEMO.client, { grant_type: "password", username: "a", password: "b" });
      assert.equal(q.action, "PASSWORD");
      assert.equal(q.clientAuthMethod, undefined);
      assert.equal((await v2.post("/auth/token/issue", { ticket: q.ticket, subject: "s" })).body.action, "OK");
    },
  },
  {
    name: "refresh_token: scope narrowing, invalid_scope for new scopes, other client, expiry",
    fn: async (t) => {
      const api = new Api(t);
      const { code } = await authorizeAndIssue(api, { scope: "openid email profile" });
      const tok = (await exchangeCode(api, code)).body;
      const narrow = await tokenRequest(api, DEMO.client, { grant_type: "refresh_token", refresh_token: tok.refreshToken, scope: "openid email" });
      assert.equal(narrow.action, "OK");
      assert.deepEqual(narrow.scopes, ["email", "openid"]);
      assert.deepEqual(narrow.refreshTokenScopes, ["email", "openid", "profile"]);
      const back = await tokenRequest(api, DEMO.client, { grant_type: "refresh_token", refresh_token: narrow.refreshToken, scope: "openid email profile" });
      assert.equal(back.action, "OK", "the refresh token keeps the original scope (RFC 6749 §6)");
      assert.equal(errorOf(await tokenRequest(api, DEMO.client, { grant_type: "refresh_token", refresh_token: back.refreshToken, scope: "phone" })), "invalid_scope");
      assert.equal(errorOf(await tokenRequest(api, DEMO.post, { grant_type: "refresh_token", refresh_token: back.refreshToken })), "invalid_grant");
      assert.equal(errorOf(await tokenRequest(api, DEMO.client, { grant_type: "refresh_token" })), "invalid_request");
      t.local!.advance(864_001_000);
      assert.equal(errorOf(await tokenRequest(api, DEMO.client, { grant_type: "refresh_token", refresh_token: back.refreshToken })), "invalid_grant");
    },
  },
  {
    name: "no refresh token for a client without the refresh_token grant (demo-eddsa)",
    fn: async (t) => {
      const api = new Api(t);
      const { code } = await authorizeAndIssue(api, { client: DEMO.eddsa, scope: "openid" });
      const tok = await exchangeCode(api, code, { client: DEMO.eddsa });
      assert.equal(tok.body.action, "OK");
      assert.equal(tok.body.refreshToken, undefined);
      assert.equal(JSON.parse(tok.body.responseContent).refresh_token, undefined);
    },
  },
  {
    name: "userinfo: BAD_REQUEST without token, UNAUTHORIZED unknown/expired, FORBIDDEN without openid; WWW-Authenticate values",
    real: true,
    fn: async (t) => {
      const api = new Api(t);
      const none = await api.post("/auth/userinfo", {});
      assert.equal(none.body.action, "BAD_REQUEST");
      assert.match(none.body.responseContent, /^Bearer /);
      const unknown = await api.post("/auth/userinfo", { token: "unknown-token-value-1234567890" });
      assert.equal(unknown.body.action, "UNAUTHORIZED");
      assert.match(unknown.body.responseContent, /^Bearer error="invalid_token"/);
      assert.equal((await api.post("/auth/userinfo/issue", { token: "unknown-token-value-1234567890" })).body.action, "UNAUTHORIZED");
      if (t.kind === "real") return;
      const { code } = await authorizeAndIssue(api, { scope: "email" });
      const noOpenid = (await exchangeCode(api, code)).body;
      const forbidden = await api.post("/auth/userinfo", { token: noOpenid.accessToken });
      assert.equal(forbidden.body.action, "FORBIDDEN");
      assert.match(forbidden.body.responseContent, /error="insufficient_scope"/);
      const r = await authorizeAndIssue(api, { scope: "openid" });
      const at = (await exchangeCode(api, r.code)).body.accessToken as string;
      t.local!.advance(86_401_000);
      assert.equal((await api.post("/auth/userinfo", { token: at })).body.action, "UNAUTHORIZED");
      const intro = await introspect(api, at);
      assert.equal(intro.action, "UNAUTHORIZED");
      assert.equal(intro.existent, true);
      assert.equal(intro.usable, false);
      assert.equal((await standard(api, at)).active, false);
    },
  },
  {
    name: "userinfo: claim names from scopes + the claims request; values filtered; sub override",
    fn: async (t) => {
      const api = new Api(t);
      const r = await authorizeAndIssue(api, {
        scope: "openid phone",
        extraParams: { claims: JSON.stringify({ userinfo: { name: null, "nickname#ja": null } }) },
      });
      const at = (await exchangeCode(api, r.code)).body.accessToken as string;
      const ui = (await api.post("/auth/userinfo", { token: at })).body;
      assert.deepEqual(ui.claims, ["name", "nickname#ja", "phone_number", "phone_number_verified"]);
      assert.deepEqual(JSON.parse(ui.userInfoClaims), { name: null, "nickname#ja": null });
      const values = { name: "Demo User", "nickname#ja": "デモ", "nickname#en": "demo", phone_number: "+1", email: "x@y.z", sub: "forged" };
      const issued = await api.post("/auth/userinfo/issue", { token: at, claims: JSON.stringify(values), sub: "pairwise-sub" });
      assert.deepEqual(JSON.parse(issued.body.responseContent), { sub: "pairwise-sub", name: "Demo User", "nickname#ja": "デモ", "nickname#en": "demo", phone_number: "+1" });
      const bad = await api.post("/auth/userinfo/issue", { token: at, claims: "not json" });
      assert.equal(bad.body.action, "INTERNAL_SERVER_ERROR");
    },
  },
  {
    name: "introspection (action API): scopes and subject checks; unknown token; refresh token is not an access token",
    real: true,
    fn: async (t) => {
      const api = new Api(t);
      const missing = await introspect(api, "");
      assert.equal(missing.action, "BAD_REQUEST");
      const unknown = await introspect(api, "unknown-token-value-1234567890");
      assert.equal(unknown.action, "UNAUTHORIZED");
      assert.equal(unknown.existent, false);
      const { code } = await authorizeAndIssue(api, { scope: "openid", subject: "intro-user" });
      const tok = (await exchangeCode(api, code)).body;
      const ok = await introspect(api, tok.accessToken, { scopes: ["openid"] });
      assert.equal(ok.action, "OK");
      assert.equal(ok.usable, true);
      assert.equal(typeof ok.expiresAt, "number");
      const insufficient = await introspect(api, tok.accessToken, { scopes: ["phone"] });
      assert.equal(insufficient.action, "FORBIDDEN");
      assert.equal(insufficient.sufficient, false);
      assert.match(insufficient.responseContent, /error="insufficient_scope"/);
      const otherSubject = await introspect(api, tok.accessToken, { subject: "someone-else" });
      assert.equal(otherSubject.action, "FORBIDDEN");
      assert.match(otherSubject.responseContent, /error="invalid_request"/);
      if (t.kind === "stand-in") {
        assert.equal(ok.refreshable, true);
        assert.equal(ok.grantType, "AUTHORIZATION_CODE");
        assert.equal((await introspect(api, tok.refreshToken)).action, "UNAUTHORIZED");
      }
    },
  },
  {
    name: "standard introspection: RFC 7662 members, refresh tokens, {active:false} for unknown, BAD_REQUEST without token",
    real: true,
    fn: async (t) => {
      const api = new Api(t);
      assert.deepEqual(await standard(api, "unknown-token-value-1234567890"), { active: false });
      const noToken = await api.post("/auth/introspection/standard", { parameters: "token_type_hint=access_token" });
      assert.equal(noToken.body.action, "BAD_REQUEST");
      if (t.kind === "real") return;
      const { code } = await authorizeAndIssue(api, { scope: "openid email", subject: "std-user" });
      const tok = (await exchangeCode(api, code)).body;
      const at = await standard(api, tok.accessToken);
      assert.deepEqual(Object.keys(at).sort(), ["active", "client_id", "exp", "iat", "iss", "scope", "sub", "token_type"]);
      assert.equal(at.client_id, "demo-client");
      assert.equal(at.iss, "http://127.0.0.1:3999");
      assert.equal(at.scope, "email openid");
      const rt = await standard(api, tok.refreshToken);
      assert.equal(rt.active, true);
      assert.equal(rt.token_type, undefined);
      assert.equal(rt.sub, "std-user");
    },
  },
  {
    name: "revocation: client authentication, unknown token is OK (RFC 7009), revoking an access token ends its refresh token",
    real: true,
    fn: async (t) => {
      const api = new Api(t);
      assert.equal((await revoke(api, t.client, "unknown-token-value-1234567890")).action, "OK");
      const badClient = await revoke(api, { ...t.client, secret: "wrong" }, "whatever");
      assert.equal(badClient.action, "INVALID_CLIENT");
      if (t.kind === "real") return;
      const noToken = await api.post("/auth/revocation", { parameters: "", clientId: "demo-client", clientSecret: "demo-client-secret" });
      assert.equal(noToken.body.action, "BAD_REQUEST");
      const { code } = await authorizeAndIssue(api, { scope: "openid" });
      const tok = (await exchangeCode(api, code)).body;
      // Another client cannot revoke it.
      const other = await revoke(api, DEMO.post, tok.accessToken);
      assert.equal(other.action, "BAD_REQUEST");
      assert.equal((await standard(api, tok.accessToken)).active, true);
      const ok = await revoke(api, DEMO.client, tok.accessToken, "access_token");
      assert.equal(ok.action, "OK");
      assert.equal(ok.resultCode, "A113001");
      assert.equal((await standard(api, tok.accessToken)).active, false);
      assert.equal((await standard(api, tok.refreshToken)).active, false);
      assert.equal(errorOf(await tokenRequest(api, DEMO.client, { grant_type: "refresh_token", refresh_token: tok.refreshToken })), "invalid_grant");
    },
  },
  {
    name: "extra properties: visible ones in the token response and standard introspection, hidden ones only for the AS",
    fn: async (t) => {
      const api = new Api(t);
      const { code } = await authorizeAndIssue(api, {
        scope: "openid",
        issue: { properties: [{ key: "plan", value: "gold", hidden: false }, { key: "consent_id", value: "c-1", hidden: true }] },
      });
      const tok = await api.post("/auth/token", {
        parameters: query({ grant_type: "authorization_code", code, redirect_uri: DEMO.client.redirectUri }),
        clientId: "demo-client",
        clientSecret: "demo-client-secret",
        properties: [{ key: "device", value: "tv" }],
      });
      const rc = JSON.parse(tok.body.responseContent) as Json;
      assert.equal(rc.plan, "gold");
      assert.equal(rc.device, "tv");
      assert.equal(rc.consent_id, undefined);
      assert.deepEqual(
        (tok.body.properties as Json[]).map((p) => p.key).sort(),
        ["consent_id", "device", "plan"],
      );
      const std = await standard(api, tok.body.accessToken);
      assert.equal(std.plan, "gold");
      assert.equal(std.consent_id, undefined);
      const withHidden = await standard(api, tok.body.accessToken, { withHiddenProperties: true });
      assert.equal(withHidden.consent_id, "c-1");
      const intro = await introspect(api, tok.body.accessToken);
      assert.ok((intro.properties as Json[]).some((p) => p.key === "consent_id" && p.hidden === true));
      const ui = (await api.post("/auth/userinfo", { token: tok.body.accessToken })).body;
      assert.ok((ui.properties as Json[]).some((p) => p.key === "consent_id" && p.hidden === true));
      // Properties survive refresh.
      const ref = await tokenRequest(api, DEMO.client, { grant_type: "refresh_token", refresh_token: tok.body.refreshToken });
      assert.equal(JSON.parse(ref.responseContent).plan, "gold");
      assert.equal(JSON.parse(ref.responseContent).consent_id, undefined);
    },
  },
  {
    name: "custom durations (accessTokenDuration on issue and token) and a custom access token value",
    fn: async (t) => {
      const api = new Api(t);
      const { code } = await authorizeAndIssue(api, { issue: { accessTokenDuration: 120 } });
      const tok = (await exchangeCode(api, code)).body;
      assert.equal(tok.accessTokenDuration, 120);
      assert.equal(JSON.parse(tok.responseContent).expires_in, 120);
      const cc = await tokenRequest(api, DEMO.client, { grant_type: "client_credentials" }, { accessTokenDuration: 30, accessToken: "custom-access-token-value-chosen-by-the-as" });
      assert.equal(cc.accessTokenDuration, 30);
      assert.equal(cc.accessToken, "custom-access-token-value-chosen-by-the-as");
      assert.equal((await standard(api, "custom-access-token-value-chosen-by-the-as")).active, true);
    },
  },
]);
