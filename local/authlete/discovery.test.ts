// Contract tests: /service/configuration (discovery built from the service settings; pretty; JSON Patch),
// /service/jwks/get and /client/get/{clientId}. Real-Authlete variables: see test-support.ts.
import assert from "node:assert/strict";
import { importJWK, SignJWT, jwtVerify, createLocalJWKSet, type JSONWebKeySet, type JWK } from "jose";
import { Api, contractSuite, LOCAL_ISSUER, type Json } from "./test-support";
import { getValidator } from "./openapi-validator";

/** Metadata every OpenID Provider must publish (OIDC Discovery 1.0 §3). */
const REQUIRED = ["issuer", "authorization_endpoint", "jwks_uri", "response_types_supported", "subject_types_supported", "id_token_signing_alg_values_supported"];

contractSuite("Discovery, JWKS, clients", [
  {
    name: "service/configuration: the OpenID Provider metadata (GET), with the required members",
    real: true,
    fn: async (t) => {
      const r = await new Api(t).get("/service/configuration");
      assert.equal(r.status, 200);
      for (const k of REQUIRED) assert.ok(k in r.body, k);
      assert.equal(r.body.resultCode, undefined, "discovery is served raw, without a result envelope");
      assert.ok((r.body.id_token_signing_alg_values_supported as string[]).includes("RS256"));
    },
  },
  {
    name: "service/configuration: the app's endpoints under the issuer and the advertised features",
    fn: async (t) => {
      const d = (await new Api(t).get("/service/configuration")).body;
      const at = (p: string) => `${LOCAL_ISSUER}${p}`;
      assert.equal(d.issuer, LOCAL_ISSUER);
      assert.equal(d.authorization_endpoint, at("/api/authorization"));
      assert.equal(d.token_endpoint, at("/api/token"));
      assert.equal(d.userinfo_endpoint, at("/api/userinfo"));
      assert.equal(d.jwks_uri, at("/api/jwks"));
      assert.equal(d.introspection_endpoint, at("/api/introspection"));
      assert.equal(d.revocation_endpoint, at("/api/revocation"));
      assert.equal(d.pushed_authorization_request_endpoint, at("/api/par"));
      assert.equal(d.end_session_endpoint, at("/api/logout"));
      assert.deepEqual(d.scopes_supported, ["openid", "profile", "email", "phone", "address", "offline_access"]);
      assert.deepEqual(d.response_types_supported, ["code"]);
      assert.deepEqual(d.response_modes_supported, ["query", "fragment", "form_post"]);
      assert.deepEqual(d.grant_types_supported, ["authorization_code", "refresh_token", "client_credentials", "password"]);
      assert.deepEqual(d.token_endpoint_auth_methods_supported, ["client_secret_basic", "client_secret_post", "none"]);
      assert.deepEqual(d.id_token_signing_alg_values_supported, ["RS256", "PS256", "ES256", "EdDSA"]);
      assert.deepEqual(d.code_challenge_methods_supported, ["plain", "S256"]);
      assert.deepEqual(d.prompt_values_supported, ["none", "login", "consent", "select_account"]);
      assert.equal(d.authorization_response_iss_parameter_supported, true);
      assert.equal(d.claims_parameter_supported, true);
      assert.equal(d.request_uri_parameter_supported, true);
      assert.equal(d.request_parameter_supported, false);
      assert.ok((d.claims_supported as string[]).includes("email_verified"));
    },
  },
  {
    name: "service/configuration: pretty, POST variant, JSON Patch (RFC 6902), bad patch → 400; V2 too",
    fn: async (t) => {
      const api = new Api(t);
      const compact = await api.get("/service/configuration");
      assert.ok(!compact.text.includes("\n"));
      const pretty = await api.get("/service/configuration", { pretty: "true" });
      assert.ok(pretty.text.includes('\n  "issuer"'));
      const patch = JSON.stringify([
        { op: "replace", path: "/issuer", value: "https://as.example.com" },
        { op: "add", path: "/service_documentation", value: "https://docs.example.com" },
        { op: "remove", path: "/end_session_endpoint" },
        { op: "add", path: "/scopes_supported/-", value: "extra" },
      ]);
      const patched = await api.get("/service/configuration", { patch });
      assert.equal(patched.body.issuer, "https://as.example.com");
      assert.equal(patched.body.service_documentation, "https://docs.example.com");
      assert.equal(patched.body.end_session_endpoint, undefined);
      assert.equal((patched.body.scopes_supported as string[]).at(-1), "extra");
      const post = await api.post("/service/configuration", { pretty: true, patch });
      assert.equal(post.status, 200);
      assert.equal(post.body.issuer, "https://as.example.com");
      assert.ok(post.text.includes("\n"));
      const bad = await api.get("/service/configuration", { patch: '[{"op":"remove","path":"/no/such"}]' });
      assert.equal(bad.status, 400);
      assert.equal((await api.get("/service/configuration", { patch: "not json" })).status, 400);
      assert.equal((await api.get("/service/configuration", { patch: '[{"op":"test","path":"/issuer","value":"x"}]' })).status, 400);
      const v2 = await new Api(t, "v2").get("/service/configuration");
      assert.equal(v2.body.issuer, LOCAL_ISSUER);
    },
  },
  {
    name: "service/jwks/get: includePrivateKeys gives the signing keys; pretty; V2",
    fn: async (t) => {
      const api = new Api(t);
      const pub = (await api.get("/service/jwks/get")).body as JSONWebKeySet;
      const priv = await api.get("/service/jwks/get", { includePrivateKeys: "true", pretty: "true" });
      assert.ok(priv.text.includes("\n"));
      const keys = (priv.body as { keys: JWK[] }).keys;
      assert.ok(keys.every((k) => typeof k.d === "string"));
      // A private key of the set signs what the public set verifies.
      const es = keys.find((k) => k.alg === "ES256") as JWK;
      const jws = await new SignJWT({ x: 1 }).setProtectedHeader({ alg: "ES256", kid: es.kid }).sign(await importJWK(es, "ES256"));
      await jwtVerify(jws, createLocalJWKSet(pub));
      const v2 = await new Api(t, "v2").get("/service/jwks/get");
      assert.deepEqual(v2.body, pub);
    },
  },
  {
    // Issue 9 item 1. authlete-python's getServiceJwks(pretty=True, includePrivateKeys=False) hands Python
    // booleans to `requests`, which writes `True`/`False` (authlete-python 8f90637 authlete_api_impl.py).
    name: "boolean query parameters in any letter case: pretty=True&includePrivateKeys=False, and every other one of the document",
    fn: async (t) => {
      const api = new Api(t);
      const jwksPy = await api.get("/service/jwks/get", { pretty: "True", includePrivateKeys: "False" });
      assert.equal(jwksPy.status, 200, jwksPy.text);
      assert.ok(jwksPy.text.includes("\n"), "pretty=True pretty-prints");
      assert.ok((jwksPy.body.keys as Json[]).every((k) => k.d === undefined), "includePrivateKeys=False keeps private keys out");
      const priv = await api.get("/service/jwks/get", { includePrivateKeys: "TRUE", pretty: "FALSE" });
      assert.ok((priv.body.keys as Json[]).every((k) => typeof k.d === "string"));
      assert.ok(!priv.text.includes("\n"));
      assert.ok((await api.get("/service/configuration", { pretty: "True" })).text.includes("\n"));
      assert.ok(!(await api.get("/service/configuration", { pretty: "fAlSe" })).text.includes("\n"));
      assert.equal((await new Api(t, "v2").get("/service/jwks/get", { pretty: "True", includePrivateKeys: "False" })).status, 200);
      // Every boolean query parameter of the 3.0.16 document accepts True/False.
      const boolParams = getValidator(true)
        .operations("v3")
        .flatMap(({ path, method, op }) => (op.parameters ?? []).filter((p) => p.in === "query" && p.type === "boolean").map((p) => ({ path, method, name: p.name, open: op.open })));
      assert.deepEqual(boolParams.map((b) => b.name).sort(), ["dryRun", "extended", "includePrivateKeys", "pretty", "pretty"]);
      for (const b of boolParams) {
        const apiPath = b.path.startsWith("/api/{serviceId}") ? b.path.slice("/api/{serviceId}".length) : b.path;
        for (const v of ["True", "False", "TRUE", "false"]) {
          const r = await api.call(b.method.toUpperCase() as "GET" | "POST", apiPath, b.method === "post" ? {} : undefined, {
            query: { [b.name]: v },
            authorization: b.open ? null : undefined,
          });
          assert.notEqual(r.status, 400, `${b.method} ${b.path}?${b.name}=${v}: ${r.text.slice(0, 200)}`);
        }
      }
      // Anything else is still refused like a JSON-binding error.
      assert.equal((await api.get("/service/jwks/get", { pretty: "yes" })).status, 400);
    },
  },
  {
    name: "client/get: by alias or numeric ID, full client including the secret (as Authlete returns it)",
    real: true,
    fn: async (t) => {
      const api = new Api(t);
      const r = await api.get(`/client/get/${encodeURIComponent(t.client.id)}`);
      assert.equal(r.status, 200);
      assert.ok(Array.isArray(r.body.redirectUris));
      assert.ok(r.body.redirectUris.includes(t.client.redirectUri));
      if (t.kind === "real") return;
      const c: Json = r.body;
      assert.equal(c.clientId, 2000000001);
      assert.equal(c.clientIdAlias, "demo-client");
      assert.equal(c.clientName, "Demo Client");
      assert.equal(c.clientType, "CONFIDENTIAL");
      assert.equal(c.clientSecret, "demo-client-secret");
      assert.equal(c.tokenAuthMethod, "CLIENT_SECRET_BASIC");
      assert.equal(c.idTokenSignAlg, "PS256");
      assert.deepEqual(c.grantTypes, ["AUTHORIZATION_CODE", "REFRESH_TOKEN", "CLIENT_CREDENTIALS", "PASSWORD"]);
      assert.deepEqual(c.responseTypes, ["CODE"]);
      assert.deepEqual(c.redirectUris, [`${LOCAL_ISSUER}/demo/callback`, "https://client.example.org/cb"]);
      assert.deepEqual(c.attributes, [{ key: "first_party", value: "true" }]);
      // Issue 7: post-logout redirect URIs in Authlete's `customMetadata` (seed.ts explains why there).
      assert.deepEqual(JSON.parse(c.customMetadata as string), {
        post_logout_redirect_uris: ["https://client.example.org/logged-out", `${LOCAL_ISSUER}/`],
      });
      const v2c = await new Api(t, "v2").get("/client/get/demo-client");
      assert.equal(v2c.body.customMetadata, c.customMetadata, "the 2.3.12 client has customMetadata too");
      const byId = await api.get("/client/get/2000000002");
      assert.equal(byId.body.clientIdAlias, "demo-spa");
      assert.equal(byId.body.clientType, "PUBLIC");
      assert.equal(byId.body.tokenAuthMethod, "NONE");
      assert.equal(byId.body.pkceS256Required, true);
      const post = await api.get("/client/get/demo-post");
      assert.equal(post.body.tokenAuthMethod, "CLIENT_SECRET_POST");
      assert.equal(post.body.idTokenSignAlg, "RS256");
      const eddsa = await new Api(t, "v2").get("/client/get/demo-eddsa");
      assert.equal(eddsa.body.idTokenSignAlg, "EdDSA");
      const missing = await api.get("/client/get/no-such-client");
      assert.equal(missing.status, 404);
      assert.match(missing.body.resultCode, /^A\d{6}$/);
    },
  },
]);
