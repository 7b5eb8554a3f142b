// Compatibility: request sequences in the exact shapes Authlete's own clients send — so that the tolerances
// they rely on cannot regress. Each request below cites the client source it reproduces. Issue 9 item 9.
//
// - authlete-python (8f90637; what Authlete's Django sample, django-oauth-server, runs on). Every DTO is a
//   `Jsonable` whose `to_json()` writes ALL its attributes, unset ones as their type's default: `null` for
//   strings, lists and objects, `0` for ints, `false` for bools (`authlete/types/jsonable.py`
//   `__default_value`, `to_json`). The Django sample's `subject` is `request.user.id`, an integer. Booleans in
//   query strings are Python's `True`/`False` (`requests` writes `str(True)`). Discovery is a POST with a
//   `ServiceConfigurationRequest` body; granted scopes are POSTs with `{subject}`
//   (`authlete/api/authlete_api_impl.py`).
// - Authlete's TypeScript SDK (authlete-typescript-sdk bc9fa09), as Authlete's TypeScript server
//   (typescript-oauth-server ca38d83) uses it: GET discovery and JWKS without parameters
//   (`src/funcs/serviceGetConfiguration.ts`, `jwkSetEndpointServiceJwksGetApi.ts`), GET granted scopes with
//   `?subject=` (`clientManagementClientGrantedScopesGetApi.ts`), bodies without undefined members. Its
//   response schemas are zod objects whose optional members are `.optional()`, which REJECTS null
//   (`src/models/clientauthorizationdeleteresponse.ts`: `latestGrantedScopes: z.array(z.string()).optional()`):
//   a null anywhere makes the call throw `ResponseValidationError`. The server bypasses the SDK for the ticket
//   APIs (`src/interaction/ticket-store.ts`: raw fetch, `info` as an object) and sends federation
//   configuration a `{}` body (`src/routes/federation.ts`).
// - authlete-java-common (439ee13): granted-scopes delete is a POST with `{subject}`
//   (`AuthleteApiImplV3.deleteGrantedScopes` → `PostApiCaller`).
import assert from "node:assert/strict";
import { findNulls } from "./openapi-validator";
import { Api, contractSuite, DEMO, locationParams, query, type ApiResponse, type Json, type Target } from "./test-support";

/** Every answer of a sequence: valid (Api.check did that), and no null at any depth, inner JSON included. */
function strict(r: ApiResponse, label: string): ApiResponse {
  assert.deepEqual(findNulls(r.body), [], `${label}: the TypeScript SDK rejects null`);
  if (typeof r.body.responseContent === "string" && r.body.responseContent.startsWith("{")) {
    assert.deepEqual(findNulls(JSON.parse(r.body.responseContent)), [], `${label}: responseContent`);
  }
  return r;
}

/** authlete-python `AuthorizationIssueRequest().to_json()` with what django-oauth-server sets. */
function pythonIssue(ticket: string, subject: number, claims: Json): Json {
  return {
    ticket,
    subject, // Django's `request.user.id`: an integer
    sub: null,
    authTime: Math.floor(Date.now() / 1000) - 10,
    acr: null,
    claims: JSON.stringify(claims),
    properties: null,
    scopes: null,
    idtHeaderParams: null,
    authorizationDetails: null,
    consentedClaims: null,
    claimsForTx: null,
    verifiedClaimsForTx: null,
    jwtAtClaims: null,
    accessToken: null,
    idTokenAudType: null,
    accessTokenDuration: 0,
  };
}

/** authlete-python `TokenRequest().to_json()` as authlete-python-django's TokenRequestHandler fills it. */
function pythonToken(parameters: string, clientId: string | null, clientSecret: string | null): Json {
  return {
    parameters,
    clientId,
    clientSecret,
    clientCertificate: null,
    clientCertificatePath: null,
    properties: null,
    dpop: null,
    htm: null,
    htu: null,
    jwtAtClaims: null,
    accessToken: null,
    accessTokenDuration: 0,
    dpopNonceRequired: false,
  };
}

async function pythonSequence(t: Target, gen: "v3" | "v2"): Promise<void> {
  const api = new Api(t, gen);
  const subject = 4000 + Math.floor(Math.random() * 1000);

  // getServiceConfiguration(): POST {pretty: True, patch: None}
  const conf = strict(await api.post("/service/configuration", { pretty: true, patch: null }), "POST discovery");
  assert.equal(conf.status, 200);
  assert.ok(conf.text.includes("\n"), "pretty");
  assert.equal(conf.body.issuer, t.local?.issuer);

  // getServiceJwks(pretty=True, includePrivateKeys=False) → ?pretty=True&includePrivateKeys=False
  const jwks = await api.get("/service/jwks/get", { pretty: "True", includePrivateKeys: "False" });
  assert.equal(jwks.status, 200, jwks.text);
  assert.ok((jwks.body.keys as Json[]).every((k) => k.d === undefined));

  // getClient(clientId)
  const client = strict(await api.get("/client/get/demo-client"), "client/get");
  assert.equal(client.body.clientIdAlias, "demo-client");

  // AuthorizationRequest: {parameters, context: None}
  const authz = strict(
    await api.post("/auth/authorization", {
      parameters: query({ response_type: "code", client_id: "demo-client", redirect_uri: DEMO.client.redirectUri, scope: "openid email", state: "s1", nonce: "n1" }),
      context: null,
    }),
    "authorization",
  );
  assert.equal(authz.body.action, "INTERACTION");
  const ticket = authz.body.ticket as string;

  if (gen === "v3") {
    // authorizationTicketUpdate / authorizationTicketInfo (3.0): info is an AuthorizationTicketInfo object.
    const upd = strict(await api.post("/auth/authorization/ticket/update", { ticket, info: { context: "django-state" } }), "ticket/update");
    assert.equal(upd.body.action, "OK");
    const inf = strict(await api.post("/auth/authorization/ticket/info", { ticket }), "ticket/info");
    assert.deepEqual(inf.body.info, { context: "django-state" });
  }

  // authorizationIssue: every member present, unset ones null/0; subject an integer.
  const issue = strict(await api.post("/auth/authorization/issue", pythonIssue(ticket, subject, { email: "demo@example.com" })), "issue");
  assert.equal(issue.body.action, "LOCATION", issue.body.resultMessage);
  const code = locationParams(issue.body.responseContent as string).params.get("code") as string;

  // token: Basic credentials in clientId/clientSecret, every other member null/0/false.
  const tok = strict(
    await api.post("/auth/token", pythonToken(query({ grant_type: "authorization_code", code, redirect_uri: DEMO.client.redirectUri }), "demo-client", "demo-client-secret")),
    "token",
  );
  assert.equal(tok.body.action, "OK", tok.body.resultMessage);
  assert.equal(tok.body.subject, String(subject), "the integer subject is the subject");
  const idt = JSON.parse(Buffer.from((tok.body.idToken as string).split(".")[1] as string, "base64url").toString()) as Json;
  assert.equal(idt.sub, String(subject));

  // standardIntrospection: StandardIntrospectionRequest with its unset members null/false.
  const intro = strict(
    await api.post("/auth/introspection/standard", {
      parameters: query({ token: tok.body.accessToken as string }),
      withHiddenProperties: false,
      rsUri: null,
      httpAcceptHeader: null,
      introspectionSignAlg: null,
      introspectionEncryptionAlg: null,
      introspectionEncryptionEnc: null,
      sharedKeyForSign: null,
      sharedKeyForEncryption: null,
      publicKeyForEncryption: null,
    }),
    "introspection/standard",
  );
  assert.equal(JSON.parse(intro.body.responseContent as string).active, true);

  // getGrantedScopes(clientId, subject) / deleteGrantedScopes: POST {subject}, the integer as the Django
  // sample would pass it.
  const got = strict(await api.post("/client/granted_scopes/get/2000000001", { subject }), "granted_scopes/get");
  assert.deepEqual(got.body.mergedGrantedScopes, ["email", "openid"]);
  const del = strict(await api.post("/client/granted_scopes/delete/2000000001", { subject }), "granted_scopes/delete");
  assert.equal(del.status, 200);
  assert.equal((await api.post("/client/granted_scopes/get/2000000001", { subject })).body.mergedGrantedScopes, undefined);

  // revocation: RevocationRequest with its unset members null.
  const rev = strict(
    await api.post("/auth/revocation", {
      parameters: query({ token: tok.body.refreshToken as string }),
      clientId: "demo-client",
      clientSecret: "demo-client-secret",
      clientCertificate: null,
      clientCertificatePath: null,
    }),
    "revocation",
  );
  assert.equal(rev.body.action, "OK");
}

contractSuite("Compatibility with Authlete's own clients", [
  {
    name: "authlete-python (Django sample), Authlete 3.0: POST discovery, True/False, null/0 members, integer subject, ticket info/update, client/get, granted scopes",
    fn: (t) => pythonSequence(t, "v3"),
  },
  {
    name: "authlete-python (Django sample), Authlete 2.x: the same sequence on /api/… with Basic credentials",
    fn: (t) => pythonSequence(t, "v2"),
  },
  {
    name: "TypeScript SDK (Authlete's TypeScript server): GET discovery, no null in any answer, ticket context, client/get, granted scopes, federation",
    fn: async (t) => {
      const api = new Api(t);
      const subject = `ts-${Math.random().toString(36).slice(2)}`;
      const conf = strict(await api.get("/service/configuration"), "GET discovery");
      assert.equal(conf.status, 200);
      strict(await api.get("/service/jwks/get"), "jwks");
      // authorization: {parameters} only.
      const authz = strict(
        await api.post("/auth/authorization", {
          parameters: query({ response_type: "code", client_id: "demo-client", redirect_uri: DEMO.client.redirectUri, scope: "openid email profile", state: "x" }),
        }),
        "authorization",
      );
      const ticket = authz.body.ticket as string;
      // ticket-store.ts storeContext / loadContext: raw fetch, `info: {context: JSON.stringify(ctx)}`.
      const context = JSON.stringify({ step: "authenticate", client: authz.body.client });
      strict(await api.post("/auth/authorization/ticket/update", { ticket, info: { context } }), "ticket/update");
      const loaded = strict(await api.post("/auth/authorization/ticket/info", { ticket }), "ticket/info");
      assert.equal(JSON.parse((loaded.body.info as Json).context as string).step, "authenticate");
      // isFirstParty: client.get({clientId: String(client.clientId)}) reads `attributes`.
      const full = strict(await api.get(`/client/get/${String((authz.body.client as Json).clientId)}`), "client/get");
      assert.ok((full.body.attributes as Json[]).some((a) => a.key === "first_party" && a.value === "true"));
      // alreadyGrantedScopes: clientGrantedScopesGetApi({clientId: String(clientId), subject}) → res.mergedGrantedScopes ?? [].
      const before = strict(await api.get("/client/granted_scopes/get/2000000001", { subject }), "granted_scopes/get (none)");
      assert.equal(before.body.mergedGrantedScopes, undefined, "absent, not null");
      // steps.ts issue: subject, authTime, acr, claims, scopes, a hidden property; no undefined members.
      const issue = strict(
        await api.post("/auth/authorization/issue", {
          ticket,
          subject,
          authTime: Math.floor(Date.now() / 1000),
          acr: "urn:nextjs-oauth-server:acr:pwd",
          claims: JSON.stringify({ email: "demo@example.com", name: "Demo User" }),
          scopes: ["openid", "email"],
          properties: [{ key: "consent_id", value: "c-1", hidden: true }],
        }),
        "issue",
      );
      assert.equal(issue.body.action, "LOCATION");
      assert.deepEqual(issue.body.ticketInfo, { context }, "issue hands back the ticket context");
      const afterIssue = strict(await api.get("/client/granted_scopes/get/2000000001", { subject }), "granted_scopes/get");
      assert.deepEqual(afterIssue.body.mergedGrantedScopes, ["email", "openid"]);
      // authorized-apps.ts: client.list({start: 0, end: 100}), then granted scopes per client.
      const list = strict(await api.get("/client/get/list", { start: "0", end: "100" }), "client/get/list");
      assert.equal((list.body.clients as Json[]).length, 4);
      // federation.ts: configuration with `requestBody: {}` → NOT_FOUND (federation off; the server answers 404).
      const fed = strict(await api.post("/federation/configuration", {}), "federation/configuration");
      assert.equal(fed.body.action, "NOT_FOUND");
      // "The live API rejects a missing body even though the SDK types it optional."
      const noBody = await api.call("POST", "/federation/configuration");
      assert.equal(noBody.status, 400);
      // Revoke an app: clientAuthorizationDeleteApi({clientId, subject}) → DELETE ?subject=.
      const revoke = strict(await api.call("DELETE", "/client/authorization/delete/2000000001", undefined, { query: { subject } }), "client/authorization/delete");
      assert.equal(revoke.status, 200);
    },
  },
  {
    name: "authlete-java-common: granted-scopes delete as POST {subject}",
    fn: async (t) => {
      const api = new Api(t);
      const subject = `java-${Math.random().toString(36).slice(2)}`;
      const a = await api.post("/auth/authorization", { parameters: query({ response_type: "code", client_id: "demo-client", redirect_uri: DEMO.client.redirectUri, scope: "openid" }) });
      await api.post("/auth/authorization/issue", { ticket: a.body.ticket, subject });
      assert.deepEqual((await api.get("/client/granted_scopes/get/2000000001", { subject })).body.mergedGrantedScopes, ["openid"]);
      const del = strict(await api.post("/client/granted_scopes/delete/2000000001", { subject }), "granted_scopes/delete");
      assert.equal(del.status, 200);
      assert.equal((await api.get("/client/granted_scopes/get/2000000001", { subject })).body.mergedGrantedScopes, undefined);
    },
  },
]);
