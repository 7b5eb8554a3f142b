// Contract tests: ID tokens — all four signing algorithms verified with `jose` against the JWK Set from
// /service/jwks/get, their claims (OIDC Core §2, §3.1.3.6; s_hash per FAPI 1.0 Part 2 §5.1 with the
// OIDC Core §3.3.2.11 half-hash rule), and the DESIGN.md walkthrough example. Real-Authlete vars: test-support.ts.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { Api, authorizeAndIssue, contractSuite, DEMO, exchangeCode, LOCAL_ISSUER, type ContractClient, type Json, type Target } from "./test-support";

function halfHash(alg: string, value: string): string {
  const d = createHash(alg === "EdDSA" ? "sha512" : "sha256").update(value, "ascii").digest();
  return d.subarray(0, d.length / 2).toString("base64url");
}

async function jwks(api: Api): Promise<JSONWebKeySet> {
  const r = await api.get("/service/jwks/get");
  assert.equal(r.status, 200);
  return r.body as JSONWebKeySet;
}

async function issueIdToken(api: Api, client: ContractClient, o: { state?: string; nonce?: string; issue?: Json; scope?: string; extraParams?: Record<string, string> } = {}): Promise<{ idToken: string; token: Json }> {
  const { code, verifier } = await authorizeAndIssue(api, { client, scope: o.scope ?? "openid email", state: o.state, nonce: o.nonce, issue: o.issue, extraParams: o.extraParams });
  const tok = await exchangeCode(api, code, { client, verifier });
  assert.equal(tok.body.action, "OK", tok.body.resultMessage);
  const idToken = tok.body.idToken as string;
  assert.ok(idToken, "an ID token is issued when openid is granted");
  assert.equal(JSON.parse(tok.body.responseContent).id_token, idToken);
  return { idToken, token: tok.body };
}

const CASES: [ContractClient, string][] = [
  [DEMO.client, "PS256"],
  [DEMO.spa, "ES256"],
  [DEMO.post, "RS256"],
  [DEMO.eddsa, "EdDSA"],
];

contractSuite("ID token", [
  {
    name: "JWK Set: public keys only, one per algorithm (RS256, PS256, ES256, EdDSA), each with kid, alg and use=sig",
    real: true,
    fn: async (t: Target) => {
      const set = await jwks(new Api(t));
      assert.ok(Array.isArray(set.keys) && set.keys.length > 0);
      for (const k of set.keys) {
        assert.equal(k.d, undefined, "no private key material");
        assert.ok(k.kid);
      }
      if (t.kind === "stand-in") {
        assert.deepEqual(set.keys.map((k) => k.alg).sort(), ["ES256", "EdDSA", "PS256", "RS256"]);
        for (const k of set.keys) assert.equal(k.use, "sig");
        assert.equal(new Set(set.keys.map((k) => k.kid)).size, 4);
      }
    },
  },
  ...CASES.map(([client, alg]) => ({
    name: `${alg} (${client.id}): verifies against the JWK Set; kid, alg and claims are right`,
    fn: async (t: Target) => {
      const api = new Api(t);
      const authTime = Math.floor(Date.now() / 1000) - 120;
      const { idToken } = await issueIdToken(api, client, {
        state: "state-for-" + alg,
        nonce: "nonce-" + alg,
        issue: {
          subject: "user-" + alg,
          authTime,
          acr: "urn:nextjs-oauth-server:acr:pwd",
          sessionId: "session-" + alg,
          claims: JSON.stringify({ email: "u@example.com", email_verified: true, name: "not requested", sub: "forged", iss: "forged" }),
        },
      });
      const header = decodeProtectedHeader(idToken);
      assert.equal(header.alg, alg);
      const set = await jwks(api);
      const key = set.keys.find((k) => k.kid === header.kid);
      assert.ok(key, "the kid names a key of the published JWK Set");
      assert.equal(key.alg, alg);
      const { payload } = await jwtVerify(idToken, createLocalJWKSet(set), { issuer: LOCAL_ISSUER, audience: client.id, algorithms: [alg] });
      assert.equal(payload.sub, "user-" + alg);
      assert.deepEqual(payload.aud, [client.id]);
      assert.equal((payload.exp as number) - (payload.iat as number), 86400);
      assert.equal(payload.auth_time, authTime);
      assert.ok(authTime < (payload.iat as number));
      assert.equal(payload.nonce, "nonce-" + alg);
      assert.equal(payload.acr, "urn:nextjs-oauth-server:acr:pwd");
      assert.equal(payload.s_hash, halfHash(alg, "state-for-" + alg));
      assert.equal(payload.sid, "session-" + alg);
      assert.equal(payload.email, "u@example.com");
      assert.equal(payload.email_verified, true);
      // Authlete embeds every value the AS passes in `claims` (claims.ts idTokenClaimValues); choosing what to
      // release is the AS's job. Only the token's own members (`sub`, `iss`, …) cannot be forged.
      assert.equal(payload.name, "not requested");
      assert.equal(payload.iss, LOCAL_ISSUER);
      assert.equal(payload.at_hash, undefined, "no at_hash from the token endpoint");
    },
  })),
  {
    name: "the DESIGN.md walkthrough: scope openid+email, state 123, nonce abc",
    real: true,
    fn: async (t) => {
      const api = new Api(t);
      const signIn = Math.floor(Date.now() / 1000) - 5;
      const { idToken, token } = await issueIdToken(api, t.client, {
        state: "123",
        nonce: "abc",
        issue: { subject: "cognito-sub-uuid", authTime: signIn, claims: JSON.stringify({ email: "demo@example.com" }) },
      });
      const rc = JSON.parse(token.responseContent) as Json;
      for (const k of ["access_token", "expires_in", "id_token", "scope", "token_type"]) assert.ok(k in rc, k);
      assert.equal(rc.token_type, "Bearer");
      const payload = JSON.parse(Buffer.from(idToken.split(".")[1] as string, "base64url").toString()) as Json;
      assert.equal(payload.email, "demo@example.com");
      assert.equal(payload.nonce, "abc");
      assert.ok(Array.isArray(payload.aud));
      assert.ok(payload.auth_time < payload.iat);
      assert.equal(payload.at_hash, undefined);
      if (t.kind === "stand-in") {
        assert.deepEqual(Object.keys(rc), ["access_token", "refresh_token", "scope", "id_token", "token_type", "expires_in"]);
        assert.equal(rc.scope, "email openid");
        assert.equal(rc.expires_in, 86400);
        assert.equal(payload.exp - payload.iat, 86400);
        assert.equal(payload.s_hash, halfHash("PS256", "123"));
        assert.deepEqual(Object.keys(payload).sort(), ["aud", "auth_time", "email", "exp", "iat", "iss", "nonce", "s_hash", "sub"]);
      }
    },
  },
  {
    name: "aud holds the client ID the client used (numeric ID or alias); idTokenAudType=string makes it a string",
    fn: async (t) => {
      const api = new Api(t);
      const numeric = await issueIdToken(api, { ...DEMO.client, id: "2000000001" });
      const p1 = JSON.parse(Buffer.from(numeric.idToken.split(".")[1] as string, "base64url").toString()) as Json;
      assert.deepEqual(p1.aud, ["2000000001"]);
      const str = await issueIdToken(api, DEMO.client, { issue: { idTokenAudType: "string" } });
      const p2 = JSON.parse(Buffer.from(str.idToken.split(".")[1] as string, "base64url").toString()) as Json;
      assert.equal(p2.aud, "demo-client");
    },
  },
  {
    name: "claims: the claims request adds names, #lang keys are kept, `sub` on issue overrides the ID token sub only",
    fn: async (t) => {
      const api = new Api(t);
      const { idToken, token } = await issueIdToken(api, DEMO.client, {
        scope: "openid",
        extraParams: { claims: JSON.stringify({ id_token: { name: { essential: true }, "nickname#ja": null } }) },
        issue: {
          subject: "internal-subject",
          sub: "public-sub",
          claims: JSON.stringify({ name: "Demo", "name#ja": "デモ", "nickname#ja": "でも", nickname: "plain", email: "x@y.z" }),
        },
      });
      const p = JSON.parse(Buffer.from(idToken.split(".")[1] as string, "base64url").toString()) as Json;
      assert.equal(p.sub, "public-sub");
      assert.equal(token.subject, "internal-subject");
      assert.equal(p.name, "Demo");
      assert.equal(p["name#ja"], "デモ");
      assert.equal(p["nickname#ja"], "でも");
      assert.equal(p.nickname, "plain");
      assert.equal(p.email, "x@y.z", "values are embedded as given, requested or not");
      // No state, nonce, auth_time, acr or session → none of those members.
      for (const m of ["s_hash", "nonce", "auth_time", "acr", "sid"]) assert.equal(p[m], undefined, m);
    },
  },
  {
    // Issue 8 item 4. /auth/authorization/issue has no `amr` member (3.0.16 and 2.3.12
    // `authorization_issue_request`; authlete-java-common 439ee13 `AuthorizationIssueRequest`; TypeScript SDK
    // bc9fa09 `src/models/authorizationissuerequest.ts`): `amr` goes in the `claims` JSON, whose values
    // Authlete embeds in the ID token; `acr` has a member of its own. See claims.ts `idTokenClaimValues`.
    name: "amr: an array in `claims` of issue reaches the ID token as is; acr comes from the `acr` member",
    fn: async (t) => {
      const api = new Api(t);
      const { idToken } = await issueIdToken(api, DEMO.client, {
        scope: "openid",
        issue: {
          acr: "urn:nextjs-oauth-server:acr:mfa",
          claims: JSON.stringify({ amr: ["pwd", "otp", "mfa"], acr: "forged-in-claims" }),
        },
      });
      const p = JSON.parse(Buffer.from(idToken.split(".")[1] as string, "base64url").toString()) as Json;
      assert.deepEqual(p.amr, ["pwd", "otp", "mfa"]);
      assert.equal(p.acr, "urn:nextjs-oauth-server:acr:mfa");
      // A top-level `amr` member is not part of the API: it is ignored, not embedded.
      const top = await issueIdToken(api, DEMO.client, { scope: "openid", issue: { amr: ["pwd"] } });
      const q = JSON.parse(Buffer.from(top.idToken.split(".")[1] as string, "base64url").toString()) as Json;
      assert.equal(q.amr, undefined);
    },
  },
  {
    name: "no ID token without openid, nor for client_credentials",
    fn: async (t) => {
      const api = new Api(t);
      const { code } = await authorizeAndIssue(api, { scope: "email" });
      const tok = await exchangeCode(api, code);
      assert.equal(tok.body.idToken, undefined);
      assert.equal(JSON.parse(tok.body.responseContent).id_token, undefined);
    },
  },
]);
