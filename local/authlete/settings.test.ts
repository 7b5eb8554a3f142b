// The service's URL settings (issuer and every endpoint, Authlete `service` names): defaults unchanged, one
// flag / variable / seed-file member each with one precedence (settings.ts), what discovery, /client/get,
// /service/get and /service/update make of them. Issue 9 item 2.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { APP_ENDPOINTS, buildClients, buildService, DEFAULT_ISSUER } from "./seed";
import { ENDPOINT_SETTINGS, envName, flagName, resolveSettings, URL_SETTINGS } from "./settings";
import { Api, authorizeAndIssue, contractSuite, DEMO, LOCAL_ISSUER, locationParams, query, type Json } from "./test-support";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function seedFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "authlete-seed-"));
  dirs.push(dir);
  const file = join(dir, "seed.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("URL settings: names, precedence, seed files", () => {
  test("each setting has one flag and one variable, derived from its Authlete name", () => {
    assert.deepEqual(
      URL_SETTINGS.map((k) => [k, flagName(k), envName(k)]),
      [
        ["issuer", "issuer", "LOCAL_AUTHLETE_ISSUER"],
        ["authorizationEndpoint", "authorization-endpoint", "LOCAL_AUTHLETE_AUTHORIZATION_ENDPOINT"],
        ["tokenEndpoint", "token-endpoint", "LOCAL_AUTHLETE_TOKEN_ENDPOINT"],
        ["userInfoEndpoint", "user-info-endpoint", "LOCAL_AUTHLETE_USER_INFO_ENDPOINT"],
        ["revocationEndpoint", "revocation-endpoint", "LOCAL_AUTHLETE_REVOCATION_ENDPOINT"],
        ["introspectionEndpoint", "introspection-endpoint", "LOCAL_AUTHLETE_INTROSPECTION_ENDPOINT"],
        ["pushedAuthReqEndpoint", "pushed-auth-req-endpoint", "LOCAL_AUTHLETE_PUSHED_AUTH_REQ_ENDPOINT"],
        ["jwksUri", "jwks-uri", "LOCAL_AUTHLETE_JWKS_URI"],
        ["endSessionEndpoint", "end-session-endpoint", "LOCAL_AUTHLETE_END_SESSION_ENDPOINT"],
      ],
    );
  });

  test("defaults are today's: the app's paths under the issuer", () => {
    const s = buildService(DEFAULT_ISSUER);
    assert.equal(s.issuer, "http://localhost:3000");
    assert.equal(s.authorizationEndpoint, "http://localhost:3000/api/authorization");
    assert.equal(s.tokenEndpoint, "http://localhost:3000/api/token");
    assert.equal(s.userInfoEndpoint, "http://localhost:3000/api/userinfo");
    assert.equal(s.revocationEndpoint, "http://localhost:3000/api/revocation");
    assert.equal(s.introspectionEndpoint, "http://localhost:3000/api/introspection");
    assert.equal(s.pushedAuthReqEndpoint, "http://localhost:3000/api/par");
    assert.equal(s.jwksUri, "http://localhost:3000/api/jwks");
    assert.equal(s.endSessionEndpoint, "http://localhost:3000/api/logout");
    assert.equal(Object.keys(APP_ENDPOINTS).length, ENDPOINT_SETTINGS.length, "one default path per endpoint setting");
    assert.deepEqual(buildClients(DEFAULT_ISSUER)[0]?.redirectUris, ["http://localhost:3000/demo/callback", "https://client.example.org/cb"]);
  });

  test("flag beats variable beats seed file; unset stays unset (the launcher's default issuer applies)", () => {
    const file = seedFile({
      service: { issuer: "http://seed.example", tokenEndpoint: "http://seed.example/token", jwksUri: "http://seed.example/jwks", endSessionEndpoint: "" },
      clients: { "demo-client": { redirectUris: ["http://seed.example/cb"] } },
    });
    const env = { LOCAL_AUTHLETE_SEED: file, LOCAL_AUTHLETE_TOKEN_ENDPOINT: "http://env.example/token", LOCAL_AUTHLETE_ISSUER: "http://env.example/" };
    const s = resolveSettings({ tokenEndpoint: "http://flag.example/token" }, undefined, env, "/");
    assert.equal(s.issuer, "http://env.example");
    assert.deepEqual(s.endpoints, { tokenEndpoint: "http://flag.example/token", jwksUri: "http://seed.example/jwks", endSessionEndpoint: "" });
    assert.deepEqual(s.clients, { "demo-client": { redirectUris: ["http://seed.example/cb"] } });
    assert.deepEqual(resolveSettings({}, undefined, {}), { issuer: undefined, endpoints: {}, clients: {} });
    // A seed flag wins over LOCAL_AUTHLETE_SEED.
    const other = seedFile({ service: { issuer: "http://other.example" } });
    assert.equal(resolveSettings({}, other, { LOCAL_AUTHLETE_SEED: file }).issuer, "http://other.example");
  });

  test("bad values name their source in one line", () => {
    const cases: [() => unknown, RegExp][] = [
      [() => resolveSettings({ tokenEndpoint: "not a url" }, undefined, {}), /--token-endpoint: tokenEndpoint must be an absolute/],
      [() => resolveSettings({}, undefined, { LOCAL_AUTHLETE_ISSUER: "https://as.example/?q=1" }), /LOCAL_AUTHLETE_ISSUER: the issuer must not have a query/],
      [() => resolveSettings({ jwksUri: "https://x/#frag" }, undefined, {}), /fragment/],
      [() => resolveSettings({}, seedFile("{not json"), {}), /seed file .*: not valid JSON/],
      [() => resolveSettings({}, "/no/such/file.json", {}), /not found/],
      [() => resolveSettings({}, seedFile({ service: { apiSecret: "x" } }), {}), /service\.apiSecret cannot be set/],
      [() => resolveSettings({}, seedFile({ clients: { "no-such": {} } }), {}), /unknown client 'no-such'/],
      [() => resolveSettings({}, seedFile({ clients: { "demo-spa": { redirectUris: ["x#y"] } } }), {}), /redirectUris/],
      [() => resolveSettings({}, seedFile({ clients: { "demo-spa": { customMetadata: "[1]" } } }), {}), /customMetadata/],
      [() => resolveSettings({}, seedFile({ extra: 1 }), {}), /unknown member 'extra'/],
    ];
    for (const [fn, message] of cases) {
      assert.throws(fn, (e: Error) => e.constructor.name === "UsageError" && message.test(e.message) && !e.message.includes("\n"), String(message));
    }
  });
});

const OTHER = "https://as.example.com";

contractSuite(
  "URL settings in the running stand-in",
  [
    {
      name: "discovery advertises the endpoints as set (Authlete's TS server paths), leaves out one set to \"\"",
      fn: async (t) => {
        const d = (await new Api(t).get("/service/configuration")).body;
        assert.equal(d.issuer, LOCAL_ISSUER);
        assert.equal(d.authorization_endpoint, `${OTHER}/oauth/authorize`);
        assert.equal(d.token_endpoint, `${OTHER}/oauth/token`);
        assert.equal(d.userinfo_endpoint, `${OTHER}/oauth/userinfo`);
        assert.equal(d.jwks_uri, `${OTHER}/oauth/jwks`);
        assert.equal(d.revocation_endpoint, `${OTHER}/oauth/revoke`);
        assert.equal(d.introspection_endpoint, `${OTHER}/oauth/introspect`);
        assert.equal(d.pushed_authorization_request_endpoint, `${OTHER}/oauth/par`);
        assert.equal("end_session_endpoint" in d, false);
        const v2 = (await new Api(t, "v2").get("/service/configuration")).body;
        assert.equal(v2.token_endpoint, `${OTHER}/oauth/token`);
      },
    },
    {
      name: "seeded redirect URIs are the client's (client/get, and an authorization request using them)",
      fn: async (t) => {
        const api = new Api(t);
        const c = await api.get("/client/get/demo-spa");
        assert.deepEqual(c.body.redirectUris, [`${OTHER}/cb`]);
        const { location } = await authorizeAndIssue(api, { client: { ...DEMO.spa, redirectUri: `${OTHER}/cb` }, scope: "openid" });
        assert.equal(locationParams(location).base, `${OTHER}/cb`);
        // The old default is no longer registered.
        const old = await api.post("/auth/authorization", {
          parameters: query({ response_type: "code", client_id: "demo-spa", redirect_uri: DEMO.spa.redirectUri, scope: "openid", code_challenge: "x".repeat(43), code_challenge_method: "S256" }),
        });
        assert.equal(old.body.action, "BAD_REQUEST");
      },
    },
    {
      name: "service/get shows the settings under Authlete's names; service/update changes them (discovery, iss) and refuses bad URLs",
      fn: async (t) => {
        const api = new Api(t);
        const s = await api.get("/service/get");
        assert.equal(s.status, 200);
        assert.equal(s.body.apiKey, 1000);
        assert.equal(s.body.tokenEndpoint, `${OTHER}/oauth/token`);
        assert.equal(s.body.endSessionEndpoint, undefined);
        assert.deepEqual(s.body.supportedCustomClientMetadata, ["post_logout_redirect_uris"]);
        assert.equal(s.body.apiSecret, undefined, "no secret in the answer");

        // Read, modify, write back — how Authlete's update is used (the whole service in the body).
        const changed: Json = { ...s.body, endSessionEndpoint: `${OTHER}/oauth/logout`, tokenEndpoint: `${OTHER}/token2`, issuer: "https://issuer.example/" };
        const u = await api.post("/service/update", changed);
        assert.equal(u.status, 200);
        assert.equal(u.body.tokenEndpoint, `${OTHER}/token2`);
        assert.equal(u.body.issuer, "https://issuer.example");
        const d = (await api.get("/service/configuration")).body;
        assert.equal(d.token_endpoint, `${OTHER}/token2`);
        assert.equal(d.end_session_endpoint, `${OTHER}/oauth/logout`);
        assert.equal(d.issuer, "https://issuer.example");
        const { location } = await authorizeAndIssue(api, { scope: "openid" });
        assert.equal(locationParams(location).params.get("iss"), "https://issuer.example", "RFC 9207 iss follows the issuer");

        for (const bad of [{ tokenEndpoint: "ftp://x" }, { issuer: "" }, { jwksUri: 42 }, { issuer: "https://x/?a=b" }]) {
          const r = await api.post("/service/update", bad);
          assert.equal(r.status, 400, JSON.stringify(bad));
        }
        // null unsets an endpoint; the issuer goes back for the other cases of this suite.
        const back = await api.post("/service/update", { endSessionEndpoint: null, tokenEndpoint: `${OTHER}/oauth/token`, issuer: LOCAL_ISSUER });
        assert.equal(back.body.endSessionEndpoint, undefined);
        assert.equal((await api.get("/service/configuration")).body.issuer, LOCAL_ISSUER);
      },
    },
  ],
  {},
  {
    endpoints: {
      authorizationEndpoint: `${OTHER}/oauth/authorize`,
      tokenEndpoint: `${OTHER}/oauth/token`,
      userInfoEndpoint: `${OTHER}/oauth/userinfo`,
      jwksUri: `${OTHER}/oauth/jwks`,
      revocationEndpoint: `${OTHER}/oauth/revoke`,
      introspectionEndpoint: `${OTHER}/oauth/introspect`,
      pushedAuthReqEndpoint: `${OTHER}/oauth/par`,
      endSessionEndpoint: "",
    },
    clients: { "demo-spa": { redirectUris: [`${OTHER}/cb`] } },
  },
);
