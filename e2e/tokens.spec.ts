// Token, userinfo, revocation, discovery and JWK Set endpoints, driven as a client would.
import { expect, test } from "@playwright/test";
import { authorize, BASE, basicAuth, CLIENT, codeFlowParams, DEMO_USER, tokenRequest } from "./helpers";

test("discovery lists our endpoints and PS256/ES256", async ({ request }) => {
  for (const path of ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"]) {
    const res = await request.get(path);
    expect(res.status()).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(BASE);
    expect(doc.authorization_endpoint).toBe(`${BASE}/api/authorization`);
    expect(doc.token_endpoint).toBe(`${BASE}/api/token`);
    expect(doc.userinfo_endpoint).toBe(`${BASE}/api/userinfo`);
    expect(doc.jwks_uri).toBe(`${BASE}/api/jwks`);
    expect(doc.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(["PS256", "ES256", "RS256"]));
    expect(doc.code_challenge_methods_supported).toEqual(expect.arrayContaining(["S256"]));
    expect(doc.authorization_response_iss_parameter_supported).toBe(true);
    expect(doc.revocation_endpoint).toBe(`${BASE}/api/revocation`);
    expect(doc.pushed_authorization_request_endpoint).toBe(`${BASE}/api/par`);
    // Every endpoint URL we advertise answers (no 404 for a client that follows discovery).
    for (const [key, value] of Object.entries(doc)) {
      if (!key.endsWith("_endpoint") && key !== "jwks_uri") continue;
      const probe = await request.fetch(String(value).replace(BASE, ""), { method: key === "jwks_uri" ? "GET" : "POST", failOnStatusCode: false });
      expect(probe.status(), key).not.toBe(404);
    }
  }
  const jwks = await request.get("/api/jwks");
  expect(jwks.status()).toBe(200);
  const keys = ((await jwks.json()) as { keys: Record<string, unknown>[] }).keys;
  expect(keys.length).toBeGreaterThan(0);
  for (const k of keys) {
    for (const privateMember of ["d", "p", "q", "dp", "dq", "qi"]) expect(k).not.toHaveProperty(privateMember);
  }
});

test("discovery and the JWK Set carry a strong ETag and Cache-Control; If-None-Match gets 304", async ({ request }) => {
  for (const [path, maxAge, type] of [
    ["/.well-known/openid-configuration", 60, "application/json"],
    ["/.well-known/oauth-authorization-server", 60, "application/json"],
    ["/api/jwks", 300, "application/jwk-set+json"],
  ] as const) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"], path).toBe(type);
    expect(res.headers()["cache-control"], path).toBe(`public, max-age=${maxAge}`);
    const etag = res.headers()["etag"] ?? "";
    expect(etag, path).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const again = await request.get(path, { headers: { "If-None-Match": etag } });
    expect(again.status(), path).toBe(304);
    expect(again.headers()["etag"], path).toBe(etag);
    expect(again.headers()["cache-control"], path).toBe(`public, max-age=${maxAge}`);
    expect((await again.body()).length, path).toBe(0);
    const changed = await request.get(path, { headers: { "If-None-Match": '"something-else"' } });
    expect(changed.status(), path).toBe(200);
    expect(await changed.text(), path).toBe(await res.text());
  }
});

test("refresh token rotation, userinfo by POST, then revocation", async ({ page, request }) => {
  const params = await authorize(page, codeFlowParams({ scope: "openid email profile address" }));
  const first = await tokenRequest(request, { grant_type: "authorization_code", code: params.get("code") ?? "", redirect_uri: CLIENT.redirectUri });
  expect(first.status).toBe(200);

  const refreshed = await tokenRequest(request, { grant_type: "refresh_token", refresh_token: String(first.body.refresh_token) });
  expect(refreshed.status).toBe(200);
  expect(refreshed.body.access_token).not.toBe(first.body.access_token);
  expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
  const reused = await tokenRequest(request, { grant_type: "refresh_token", refresh_token: String(first.body.refresh_token) });
  expect(reused.status).toBe(400);
  expect(reused.body.error).toBe("invalid_grant");

  // Userinfo with the token in a POST body (RFC 6750 §2.2), claims from the snapshot taken at sign-in.
  const ui = await request.post("/api/userinfo", { form: { access_token: String(refreshed.body.access_token) } });
  expect(ui.status()).toBe(200);
  expect(await ui.json()).toMatchObject({
    email: DEMO_USER.email,
    given_name: "Demo",
    family_name: "User",
    updated_at: expect.any(Number),
    // Cognito keeps address as a string; OIDC Core §5.1.1 wants an object.
    address: expect.objectContaining({ street_address: "1 Demo Street" }),
  });

  const revoke = await request.post("/api/revocation", {
    form: { token: String(refreshed.body.access_token), token_type_hint: "access_token" },
    headers: { Authorization: basicAuth(CLIENT.id, CLIENT.secret) },
  });
  expect(revoke.status()).toBe(200);
  const after = await request.get("/api/userinfo", { headers: { Authorization: `Bearer ${refreshed.body.access_token}` } });
  expect(after.status()).toBe(401);
  expect(after.headers()["www-authenticate"]).toContain("invalid_token");
});

test("userinfo errors follow RFC 6750", async ({ request }) => {
  const none = await request.get("/api/userinfo");
  expect(none.status()).toBe(401);
  expect(none.headers()["www-authenticate"]).toBe('Bearer realm="userinfo"');
  const bogus = await request.get("/api/userinfo", { headers: { Authorization: "Bearer not-a-real-token" } });
  expect(bogus.status()).toBe(401);
  expect(bogus.headers()["www-authenticate"]).toContain('error="invalid_token"');
  const both = await request.post("/api/userinfo", { form: { access_token: "a" }, headers: { Authorization: "Bearer b" } });
  expect(both.status()).toBe(400);
});

test("password grant: Cognito decides, Authlete issues", async ({ request }) => {
  const ok = await tokenRequest(request, { grant_type: "password", username: DEMO_USER.login, password: DEMO_USER.password, scope: "openid email" });
  expect(ok.status).toBe(200);
  // Authlete issues ID tokens only from the code flow (token_response.idToken in the OpenAPI document).
  expect(ok.body).not.toHaveProperty("id_token");
  const ui = await request.get("/api/userinfo", { headers: { Authorization: `Bearer ${ok.body.access_token}` } });
  expect(await ui.json()).toMatchObject({ sub: expect.stringMatching(/^[0-9a-f-]{36}$/), email: DEMO_USER.email, email_verified: true });

  for (const [username, password] of [[DEMO_USER.login, "Wrong-Pass1!"], ["mfa@example.com", "Demo-Pass1!"], ["nobody@example.com", "x"]]) {
    const bad = await tokenRequest(request, { grant_type: "password", username: username as string, password: password as string, scope: "openid" });
    expect(bad.status, `${username}`).toBe(400);
    expect(bad.body).not.toHaveProperty("access_token");
  }
});

test("client_credentials, unsupported grants and malformed requests get OAuth errors", async ({ request }) => {
  const cc = await tokenRequest(request, { grant_type: "client_credentials" });
  expect(cc.status).toBe(200);
  expect(typeof cc.body.access_token).toBe("string");

  const unknown = await tokenRequest(request, { grant_type: "urn:example:teleport" });
  expect(unknown.status).toBe(400);
  expect(unknown.body.error).toBe("unsupported_grant_type");

  const json = await request.post("/api/token", { data: { grant_type: "client_credentials" }, failOnStatusCode: false });
  expect(json.status()).toBe(400);
  expect(((await json.json()) as { error: string }).error).toBe("invalid_request");
  expect(json.headers()["cache-control"]).toBe("no-store");

  const malformed = await request.post("/api/token", { form: { grant_type: "client_credentials" }, headers: { Authorization: "Basic %%%" }, failOnStatusCode: false });
  expect(malformed.status()).toBe(401);
  expect(((await malformed.json()) as { error: string }).error).toBe("invalid_client");
});
