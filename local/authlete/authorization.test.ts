// Contract tests: /auth/authorization, /auth/authorization/issue, /auth/authorization/fail, the 3.0 ticket
// APIs and /pushed_auth_req. Real-Authlete variables: see test-support.ts.
import assert from "node:assert/strict";
import { Api, authorizeAndIssue, contractSuite, exchangeCode, DEMO, LOCAL_ISSUER, locationParams, pkcePair, query, type Json, type Target } from "./test-support";

const REDIRECT = DEMO.client.redirectUri;

async function authz(t: Target, params: Record<string, string | undefined>, gen: "v2" | "v3" = "v3", extra: Json = {}): Promise<Json> {
  const r = await new Api(t, gen).post("/auth/authorization", { parameters: query(params), ...extra });
  assert.equal(r.status, 200);
  return r.body;
}

function expectBadRequest(body: Json, error: string): void {
  assert.equal(body.action, "BAD_REQUEST", body.resultMessage);
  const rc = JSON.parse(body.responseContent) as Json;
  assert.equal(rc.error, error);
  assert.match(rc.error_description, /^\[A\d{6}\] /);
}

function expectRedirectError(body: Json, error: string, o: { state?: string; mode?: "query" | "fragment"; base?: string } = {}): URLSearchParams {
  assert.equal(body.action, "LOCATION", body.resultMessage);
  const loc = locationParams(body.responseContent);
  assert.equal(loc.base, o.base ?? REDIRECT);
  assert.equal(loc.mode, o.mode ?? "query");
  assert.equal(loc.params.get("error"), error);
  assert.ok(loc.params.get("error_description"));
  assert.equal(loc.params.get("state"), o.state ?? null);
  assert.equal(loc.params.get("iss"), LOCAL_ISSUER); // RFC 9207
  return loc.params;
}

const base = { response_type: "code", client_id: "demo-client", redirect_uri: REDIRECT };

contractSuite("Authorization", [
  {
    name: "INTERACTION: ticket, limited client and service, scopes with descriptions",
    real: true,
    fn: async (t) => {
      const b = await authz(t, { response_type: "code", client_id: t.client.id, redirect_uri: t.client.redirectUri, scope: "openid", state: "xyz" });
      assert.equal(b.action, "INTERACTION");
      assert.equal(b.resultCode, "A004001");
      assert.ok(typeof b.ticket === "string" && b.ticket.length >= 32);
      assert.equal(typeof b.client.clientId, "number");
      assert.equal(b.display, "PAGE");
      assert.equal(b.maxAge, 0);
      assert.ok(b.scopes.some((s: Json) => s.name === "openid"));
      assert.equal(b.responseContent, undefined);
      if (t.kind === "stand-in") {
        assert.deepEqual(
          { clientId: b.client.clientId, clientIdAlias: b.client.clientIdAlias, clientName: b.client.clientName, clientType: b.client.clientType },
          { clientId: 2000000001, clientIdAlias: "demo-client", clientName: "Demo Client", clientType: "CONFIDENTIAL" },
        );
        assert.ok(b.client.description);
        assert.equal(b.clientIdAliasUsed, true);
        assert.deepEqual(b.service, { number: 1, serviceName: b.service.serviceName, issuer: LOCAL_ISSUER, apiKey: 1000, clientIdAliasEnabled: true });
        assert.equal(b.lowestPrompt, "CONSENT");
        assert.equal(b.scopes[0].description.length > 0, true);
      }
    },
  },
  {
    name: "every request parameter is parsed into the documented response fields",
    fn: async (t) => {
      const claims = {
        id_token: { name: { essential: true }, "nickname#ja": null, unknown_claim: null, acr: { essential: true, values: ["urn:nextjs-oauth-server:acr:mfa", "urn:other"] } },
        userinfo: { picture: null, phone_number: { essential: true } },
      };
      const b = await authz(t, {
        ...base,
        client_id: "2000000001",
        scope: "openid email bogus",
        state: "st",
        nonce: "nn",
        prompt: "login consent",
        max_age: "300",
        login_hint: "demo@example.com",
        ui_locales: "fr JA en-US",
        claims_locales: "en",
        display: "popup",
        acr_values: "urn:nextjs-oauth-server:acr:pwd",
        claims: JSON.stringify(claims),
        resource: "https://api.example.org/",
      });
      assert.equal(b.action, "INTERACTION");
      assert.equal(b.clientIdAliasUsed, false);
      assert.deepEqual(b.scopes.map((s: Json) => s.name), ["email", "openid"]);
      assert.deepEqual(b.prompts, ["LOGIN", "CONSENT"]);
      assert.equal(b.lowestPrompt, "LOGIN");
      assert.equal(b.maxAge, 300);
      assert.equal(b.loginHint, "demo@example.com");
      assert.deepEqual(b.uiLocales, ["ja"]);
      assert.deepEqual(b.claimsLocales, ["en"]);
      assert.equal(b.display, "POPUP");
      // The acr member of the claims request wins over acr_values; unsupported values are dropped.
      assert.deepEqual(b.acrs, ["urn:nextjs-oauth-server:acr:mfa"]);
      assert.equal(b.acrEssential, true);
      // ID token: claims request (id_token) + scope shortcuts (email → email, email_verified); OIDC Core §5.4/5.5.
      assert.deepEqual(b.claims, ["name", "nickname#ja", "email", "email_verified"]);
      assert.deepEqual(b.claimsAtUserInfo, ["picture", "phone_number", "email", "email_verified"]);
      assert.deepEqual(JSON.parse(b.idTokenClaims), claims.id_token);
      assert.deepEqual(JSON.parse(b.userInfoClaims), claims.userinfo);
      assert.deepEqual(b.resources, ["https://api.example.org/"]);
    },
  },
  {
    name: "scopes: default entries when absent, unsupported dropped, offline_access only with prompt=consent, no claims without openid",
    fn: async (t) => {
      const noScope = await authz(t, base);
      assert.deepEqual(noScope.scopes.map((s: Json) => s.name), ["profile"]);
      assert.equal(noScope.claims, undefined);
      const dropped = await authz(t, { ...base, scope: "openid offline_access" });
      assert.deepEqual(dropped.scopes.map((s: Json) => s.name), ["openid"]);
      const kept = await authz(t, { ...base, scope: "openid offline_access", prompt: "consent" });
      assert.deepEqual(kept.scopes.map((s: Json) => s.name), ["offline_access", "openid"]);
      const none = await authz(t, { ...base, scope: "nothing-supported" });
      assert.equal(none.scopes, undefined);
      const plain = await authz(t, { ...base, scope: "email profile" });
      assert.equal(plain.claims, undefined, "scope shortcuts apply to OpenID Connect requests only");
    },
  },
  {
    name: "prompt=none → NO_INTERACTION; prompt=none with another value → invalid_request via redirect",
    fn: async (t) => {
      const b = await authz(t, { ...base, scope: "openid", prompt: "none" });
      assert.equal(b.action, "NO_INTERACTION");
      assert.deepEqual(b.prompts, ["NONE"]);
      assert.equal(b.lowestPrompt, "NONE");
      assert.ok(b.ticket);
      expectRedirectError(await authz(t, { ...base, scope: "openid", prompt: "none login", state: "s1" }), "invalid_request", { state: "s1" });
      expectRedirectError(await authz(t, { ...base, prompt: "sometimes" }), "invalid_request");
    },
  },
  {
    name: "unusable client or redirect URI → BAD_REQUEST (never a redirect)",
    real: true,
    fn: async (t) => {
      const api = new Api(t);
      const noParams = await api.post("/auth/authorization", {});
      expectBadRequest(noParams.body, "invalid_request");
      const unknownClient = await authz(t, { response_type: "code", client_id: "no-such-client-4711", redirect_uri: t.client.redirectUri });
      assert.equal(unknownClient.action, "BAD_REQUEST");
      if (t.kind === "stand-in") expectBadRequest(unknownClient, "invalid_client");
      const unregistered = await authz(t, { response_type: "code", client_id: t.client.id, redirect_uri: "https://attacker.example.com/cb", state: "s" });
      assert.equal(unregistered.action, "BAD_REQUEST");
      if (t.kind === "stand-in") {
        expectBadRequest(unregistered, "invalid_request");
        expectBadRequest(await authz(t, { response_type: "code", redirect_uri: REDIRECT }), "invalid_request");
        // Two URIs registered → redirect_uri required; an OpenID Connect request always needs it.
        expectBadRequest(await authz(t, { response_type: "code", client_id: "demo-client" }), "invalid_request");
        expectBadRequest(await authz(t, { response_type: "code", client_id: "demo-eddsa", scope: "openid" }), "invalid_request");
        // Exactly one registered (demo-eddsa) and no openid → the registered one is used.
        const one = await authz(t, { response_type: "code", client_id: "demo-eddsa" });
        assert.equal(one.action, "INTERACTION");
        // Prefix or case variants are different URIs (exact match).
        expectBadRequest(await authz(t, { ...base, redirect_uri: REDIRECT + "/" }), "invalid_request");
        expectBadRequest(await authz(t, { ...base, redirect_uri: REDIRECT.toUpperCase() }), "invalid_request");
        expectBadRequest(await authz(t, { ...base, client_id: ["demo-client", "demo-spa"].join(",") }), "invalid_client");
      }
    },
  },
  {
    name: "duplicate parameters: client_id twice → BAD_REQUEST, state twice → redirect",
    fn: async (t) => {
      const api = new Api(t);
      const two = await api.post("/auth/authorization", { parameters: `${query(base)}&client_id=demo-client` });
      expectBadRequest(two.body, "invalid_request");
      const st = await api.post("/auth/authorization", { parameters: `${query(base)}&state=a&state=b` });
      expectRedirectError(st.body, "invalid_request", { state: "a" });
    },
  },
  {
    name: "response_type: missing → invalid_request; token / code id_token → unsupported_response_type (in the fragment)",
    fn: async (t) => {
      expectRedirectError(await authz(t, { client_id: "demo-client", redirect_uri: REDIRECT, state: "s" }), "invalid_request", { state: "s" });
      expectRedirectError(await authz(t, { ...base, response_type: "token", state: "s" }), "unsupported_response_type", { state: "s", mode: "fragment" });
      expectRedirectError(await authz(t, { ...base, response_type: "code id_token" }), "unsupported_response_type", { mode: "fragment" });
      expectRedirectError(await authz(t, { ...base, response_type: "banana" }), "unsupported_response_type", { mode: "fragment" });
      expectRedirectError(await authz(t, { ...base, response_mode: "smoke-signals" }), "invalid_request");
    },
  },
  {
    name: "PKCE: public client without code_challenge, plain where S256 is required, malformed challenges",
    fn: async (t) => {
      const spa = { ...base, client_id: "demo-spa", state: "p" };
      expectRedirectError(await authz(t, spa), "invalid_request", { state: "p" });
      const plain = pkcePair("plain");
      expectRedirectError(await authz(t, { ...spa, code_challenge: plain.challenge, code_challenge_method: "plain" }), "invalid_request", { state: "p" });
      expectRedirectError(await authz(t, { ...spa, code_challenge: "too-short", code_challenge_method: "S256" }), "invalid_request", { state: "p" });
      expectRedirectError(await authz(t, { ...spa, code_challenge_method: "S256" }), "invalid_request", { state: "p" });
      expectRedirectError(await authz(t, { ...base, code_challenge: pkcePair().challenge, code_challenge_method: "S512" }), "invalid_request");
      const ok = await authz(t, { ...spa, code_challenge: pkcePair().challenge, code_challenge_method: "S256" });
      assert.equal(ok.action, "INTERACTION");
      assert.equal(ok.client.clientType, "PUBLIC");
      assert.equal(ok.client.pkceS256Required, true);
      // A confidential client may use plain.
      assert.equal((await authz(t, { ...base, code_challenge: plain.challenge })).action, "INTERACTION");
    },
  },
  {
    name: "other parameter errors go to the redirect URI: max_age, display, claims, request, request_uri, resource",
    fn: async (t) => {
      expectRedirectError(await authz(t, { ...base, max_age: "-1" }), "invalid_request");
      expectRedirectError(await authz(t, { ...base, display: "hologram" }), "invalid_request");
      expectRedirectError(await authz(t, { ...base, scope: "openid", claims: "{not json" }), "invalid_request");
      expectRedirectError(await authz(t, { ...base, scope: "openid", claims: '{"id_token":[1]}' }), "invalid_request");
      expectRedirectError(await authz(t, { ...base, request: "eyJhbGciOiJub25lIn0.e30." }), "request_not_supported");
      expectRedirectError(await authz(t, { ...base, request_uri: "https://client.example.org/request.jwt" }), "request_uri_not_supported");
      expectRedirectError(await authz(t, { ...base, resource: "not a uri" }), "invalid_target");
    },
  },
  {
    name: "response_mode=form_post: errors and success come back as an auto-submitting FORM page",
    fn: async (t) => {
      const err = await authz(t, { ...base, response_mode: "form_post", response_type: "token", state: "f1" });
      assert.equal(err.action, "FORM");
      assert.match(err.responseContent, /<form method="post" action="http:\/\/127\.0\.0\.1:3999\/demo\/callback">/);
      assert.match(err.responseContent, /onload="javascript:document\.forms\[0\]\.submit\(\)"/);
      assert.match(err.responseContent, /name="error" value="unsupported_response_type"/);
      assert.match(err.responseContent, /name="state" value="f1"/);
      assert.match(err.responseContent, /name="iss" value="http:\/\/127\.0\.0\.1:3999"/);
      const a = await authz(t, { ...base, response_mode: "form_post", state: `"><script>` });
      const i = await new Api(t).post("/auth/authorization/issue", { ticket: a.ticket, subject: "u1" });
      assert.equal(i.body.action, "FORM");
      assert.ok(i.body.responseContent.includes(`name="code" value="${i.body.authorizationCode}"`));
      assert.ok(i.body.responseContent.includes('value="&quot;&gt;&lt;script&gt;"'), "values are HTML-escaped");
    },
  },
  {
    name: "issue → LOCATION with state, a 43-character code and iss; the ticket is single-use",
    real: true,
    fn: async (t) => {
      const api = new Api(t);
      const a = await authz(t, { response_type: "code", client_id: t.client.id, redirect_uri: t.client.redirectUri, state: "123" });
      const i = await api.post("/auth/authorization/issue", { ticket: a.ticket, subject: "user-1" });
      assert.equal(i.body.action, "LOCATION");
      const loc = locationParams(i.body.responseContent);
      assert.equal(loc.base, t.client.redirectUri);
      assert.equal(loc.params.get("state"), "123");
      assert.match(loc.params.get("code") ?? "", /^[A-Za-z0-9_-]{43}$/);
      assert.equal(i.body.authorizationCode, loc.params.get("code"));
      if (t.kind === "stand-in") assert.equal(loc.params.get("iss"), LOCAL_ISSUER);
      const again = await api.post("/auth/authorization/issue", { ticket: a.ticket, subject: "user-1" });
      assert.equal(again.body.action, "BAD_REQUEST");
      const failAfter = await api.post("/auth/authorization/fail", { ticket: a.ticket, reason: "DENIED" });
      assert.equal(failAfter.body.action, "BAD_REQUEST");
    },
  },
  {
    name: "issue: caller errors leave the ticket usable; an expired ticket is refused",
    fn: async (t) => {
      const api = new Api(t);
      const a = await authz(t, { ...base, scope: "openid" });
      const noSubject = await api.post("/auth/authorization/issue", { ticket: a.ticket });
      assert.equal(noSubject.body.action, "INTERNAL_SERVER_ERROR");
      const badClaims = await api.post("/auth/authorization/issue", { ticket: a.ticket, subject: "u", claims: "[1,2]" });
      assert.equal(badClaims.body.action, "INTERNAL_SERVER_ERROR");
      const nonAscii = await api.post("/auth/authorization/issue", { ticket: a.ticket, subject: "ユーザー" });
      assert.equal(nonAscii.body.action, "INTERNAL_SERVER_ERROR");
      const fine = await api.post("/auth/authorization/issue", { ticket: a.ticket, subject: "u" });
      assert.equal(fine.body.action, "LOCATION");
      const unknown = await api.post("/auth/authorization/issue", { ticket: "no-such-ticket", subject: "u" });
      assert.equal(unknown.body.action, "BAD_REQUEST");
      const late = await authz(t, base);
      t.local!.advance(601_000); // tickets live 10 minutes
      const expired = await api.post("/auth/authorization/issue", { ticket: late.ticket, subject: "u" });
      assert.equal(expired.body.action, "BAD_REQUEST");
    },
  },
  {
    name: "issue: a demanded subject (claims sub value) must be honoured; essential ACR must be met",
    fn: async (t) => {
      const api = new Api(t);
      const a = await authz(t, { ...base, scope: "openid", claims: JSON.stringify({ id_token: { sub: { value: "alice" } } }) });
      assert.equal(a.subject, "alice");
      assert.equal((await api.post("/auth/authorization/issue", { ticket: a.ticket, subject: "bob" })).body.action, "INTERNAL_SERVER_ERROR");
      assert.equal((await api.post("/auth/authorization/issue", { ticket: a.ticket, subject: "alice" })).body.action, "LOCATION");
      const acr = await authz(t, { ...base, scope: "openid", claims: JSON.stringify({ id_token: { acr: { essential: true, value: "urn:nextjs-oauth-server:acr:mfa" } } }) });
      assert.equal((await api.post("/auth/authorization/issue", { ticket: acr.ticket, subject: "u", acr: "urn:nextjs-oauth-server:acr:pwd" })).body.action, "INTERNAL_SERVER_ERROR");
      assert.equal((await api.post("/auth/authorization/issue", { ticket: acr.ticket, subject: "u", acr: "urn:nextjs-oauth-server:acr:mfa" })).body.action, "LOCATION");
    },
  },
  {
    name: "fail: each reason maps to its error, with state and iss; description overrides error_description",
    real: true,
    fn: async (t) => {
      const api = new Api(t);
      const table: [string, string][] = [
        ["DENIED", "access_denied"],
        ["NOT_LOGGED_IN", "login_required"],
        ["MAX_AGE_NOT_SUPPORTED", "login_required"],
        ["EXCEEDS_MAX_AGE", "login_required"],
        ["DIFFERENT_SUBJECT", "login_required"],
        ["ACR_NOT_SATISFIED", "unmet_authentication_requirements"],
        ["NOT_AUTHENTICATED", "login_required"],
        ["ACCOUNT_SELECTION_REQUIRED", "account_selection_required"],
        ["CONSENT_REQUIRED", "consent_required"],
        ["INTERACTION_REQUIRED", "interaction_required"],
        ["INVALID_TARGET", "invalid_target"],
        ["SERVER_ERROR", "server_error"],
        ["UNKNOWN", "server_error"],
      ];
      for (const [reason, error] of t.kind === "real" ? table.slice(0, 2) : table) {
        const a = await authz(t, { response_type: "code", client_id: t.client.id, redirect_uri: t.client.redirectUri, state: `st-${reason}` });
        const f = await api.post("/auth/authorization/fail", { ticket: a.ticket, reason });
        assert.equal(f.body.action, "LOCATION", reason);
        const loc = locationParams(f.body.responseContent);
        assert.equal(loc.params.get("error"), error, reason);
        assert.equal(loc.params.get("state"), `st-${reason}`);
        if (t.kind === "stand-in") assert.equal(loc.params.get("iss"), LOCAL_ISSUER);
      }
      const a = await authz(t, { response_type: "code", client_id: t.client.id, redirect_uri: t.client.redirectUri });
      const f = await api.post("/auth/authorization/fail", { ticket: a.ticket, reason: "DENIED", description: "The user said no." });
      assert.equal(locationParams(f.body.responseContent).params.get("error_description"), "The user said no.");
    },
  },
  {
    name: "ticket info/update (3.0): context from /auth/authorization, update, ticketInfo on issue, NOT_FOUND after use",
    fn: async (t) => {
      const api = new Api(t);
      const a = await authz(t, { ...base, scope: "openid" }, "v3", { context: '{"step":"login"}' });
      const info = await api.post("/auth/authorization/ticket/info", { ticket: a.ticket });
      assert.equal(info.body.action, "OK");
      assert.deepEqual(info.body.info, { context: '{"step":"login"}' });
      const upd = await api.post("/auth/authorization/ticket/update", { ticket: a.ticket, info: { context: '{"step":"consent"}' } });
      assert.equal(upd.body.action, "OK");
      assert.deepEqual(upd.body.info, { context: '{"step":"consent"}' });
      // The live API wants an object; the string the OpenAPI document declares is refused.
      const str = await api.post("/auth/authorization/ticket/update", { ticket: a.ticket, info: '{"context":"x"}' });
      assert.equal(str.status, 400);
      assert.equal((await api.post("/auth/authorization/ticket/info", {})).body.action, "CALLER_ERROR");
      const i = await api.post("/auth/authorization/issue", { ticket: a.ticket, subject: "u" });
      assert.deepEqual(i.body.ticketInfo, { context: '{"step":"consent"}' });
      assert.equal((await api.post("/auth/authorization/ticket/info", { ticket: a.ticket })).body.action, "NOT_FOUND");
      assert.equal((await api.post("/auth/authorization/ticket/update", { ticket: a.ticket, info: { context: "x" } })).body.action, "NOT_FOUND");
      const noCtx = await authz(t, base);
      assert.deepEqual((await api.post("/auth/authorization/ticket/info", { ticket: noCtx.ticket })).body.info, {});
      // V2: `context` does not exist, issue answers carry no ticketInfo (closed-world schema check).
      const v2 = new Api(t, "v2");
      const a2 = await authz(t, base, "v2", { context: "ignored" });
      const i2 = await v2.post("/auth/authorization/issue", { ticket: a2.ticket, subject: "u" });
      assert.equal(i2.body.ticketInfo, undefined);
    },
  },
  {
    name: "issue: `scopes` replaces the requested scopes (openid cannot be added) and the claim names follow",
    fn: async (t) => {
      const api = new Api(t);
      // openid was not requested: adding it at issue is ignored (no ID token, no claims).
      const r1 = await authorizeAndIssue(api, { scope: "email", issue: { scopes: ["email", "openid"], claims: JSON.stringify({ email: "a@b.c" }) } });
      const t1 = await exchangeCode(api, r1.code);
      assert.equal(t1.body.action, "OK");
      assert.deepEqual(t1.body.scopes, ["email"]);
      assert.equal(t1.body.idToken, undefined);
      // openid email profile requested, only openid granted: the grant narrows; the ID token carries what the AS
      // passed in `claims` — Authlete embeds those values as given (claims.ts idTokenClaimValues), so an AS that
      // narrows the scopes must narrow the claims it passes too.
      const r2 = await authorizeAndIssue(api, { scope: "openid email profile", issue: { scopes: ["openid"], claims: JSON.stringify({ email: "a@b.c" }) } });
      assert.deepEqual(r2.authz.claims.includes("email"), true);
      const t2 = await exchangeCode(api, r2.code);
      assert.deepEqual(t2.body.scopes, ["openid"]);
      const payload = JSON.parse(Buffer.from((t2.body.idToken as string).split(".")[1] as string, "base64url").toString()) as Json;
      assert.equal(payload.email, "a@b.c");
      assert.equal(payload.name, undefined, "nothing the AS did not pass");
      assert.equal(JSON.parse(t2.body.responseContent).scope, "openid");
    },
  },
  {
    name: "PAR: CREATED with request_uri; authorization with client_id + request_uri uses the pushed parameters once",
    fn: async (t) => {
      const api = new Api(t);
      const pkce = pkcePair();
      const pushed = query({ ...base, scope: "openid email", state: "par-state", nonce: "par-nonce", code_challenge: pkce.challenge, code_challenge_method: "S256" });
      const p = await api.post("/pushed_auth_req", { parameters: pushed, clientId: "demo-client", clientSecret: "demo-client-secret" });
      assert.equal(p.body.action, "CREATED");
      assert.equal(p.body.resultCode, "A245001");
      assert.equal(p.body.clientAuthMethod, "CLIENT_SECRET_BASIC");
      assert.match(p.body.requestUri, /^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(JSON.parse(p.body.responseContent), { expires_in: 600, request_uri: p.body.requestUri });
      const a = await authz(t, { client_id: "demo-client", request_uri: p.body.requestUri, scope: "ignored" });
      assert.equal(a.action, "INTERACTION");
      assert.deepEqual(a.scopes.map((s: Json) => s.name), ["email", "openid"]);
      const i = await api.post("/auth/authorization/issue", { ticket: a.ticket, subject: "u" });
      assert.equal(locationParams(i.body.responseContent).params.get("state"), "par-state");
      // Replay → refused (one-time use, RFC 9126 §4).
      expectBadRequest(await authz(t, { client_id: "demo-client", request_uri: p.body.requestUri }), "invalid_request_uri");
    },
  },
  {
    name: "PAR: client authentication, validation without redirects, binding to the client, expiry",
    fn: async (t) => {
      const api = new Api(t);
      const good = query({ ...base, scope: "openid" });
      const wrong = await api.post("/pushed_auth_req", { parameters: good, clientId: "demo-client", clientSecret: "nope" });
      assert.equal(wrong.body.action, "UNAUTHORIZED");
      assert.equal(JSON.parse(wrong.body.responseContent).error, "invalid_client");
      const invalid = await api.post("/pushed_auth_req", { parameters: query({ ...base, response_type: "token" }), clientId: "demo-client", clientSecret: "demo-client-secret" });
      expectBadRequest(invalid.body, "unsupported_response_type");
      const nested = await api.post("/pushed_auth_req", { parameters: `${good}&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Ax`, clientId: "demo-client", clientSecret: "demo-client-secret" });
      expectBadRequest(nested.body, "invalid_request");
      const post = await api.post("/pushed_auth_req", { parameters: query({ ...base, client_id: "demo-post", client_secret: "demo-post-secret" }) });
      assert.equal(post.body.action, "CREATED");
      assert.equal(post.body.clientAuthMethod, "CLIENT_SECRET_POST");
      // Another client cannot use it.
      expectBadRequest(await authz(t, { client_id: "demo-client", request_uri: post.body.requestUri }), "invalid_request_uri");
      // Public client with PKCE.
      const spa = await api.post("/pushed_auth_req", { parameters: query({ ...base, client_id: "demo-spa", code_challenge: pkcePair().challenge, code_challenge_method: "S256" }) });
      assert.equal(spa.body.action, "CREATED");
      assert.equal(spa.body.clientAuthMethod, "NONE");
      // Expired after pushedAuthReqDuration (600 s).
      const late = await api.post("/pushed_auth_req", { parameters: good, clientId: "demo-client", clientSecret: "demo-client-secret" });
      t.local!.advance(601_000);
      expectBadRequest(await authz(t, { client_id: "demo-client", request_uri: late.body.requestUri }), "invalid_request_uri");
      // V2 answers carry no clientAuthMethod.
      const v2 = await new Api(t, "v2").post("/pushed_auth_req", { parameters: good, clientId: "demo-client", clientSecret: "demo-client-secret" });
      assert.equal(v2.body.action, "CREATED");
      assert.equal(v2.body.clientAuthMethod, undefined);
    },
  },
]);
