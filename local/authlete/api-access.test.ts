// Contract tests: the API call itself — both generations (V3 Bearer, V2 Basic), missing and wrong
// credentials, unknown paths, malformed bodies, and the tolerances Authlete's SDKs rely on.
// Real-Authlete variables: see test-support.ts.
import assert from "node:assert/strict";
import { Api, contractSuite, DEMO, query, type Json, type Target } from "./test-support";

const AUTHZ = query({ response_type: "code", client_id: "demo-client", redirect_uri: DEMO.client.redirectUri, scope: "openid" });

contractSuite("API access", [
  {
    name: "V3: Bearer service access token works",
    real: true,
    fn: async (t) => {
      const r = await new Api(t, "v3").get("/service/configuration");
      assert.equal(r.status, 200);
      assert.equal(typeof r.body.issuer, "string");
    },
  },
  {
    name: "V2: Basic API key:secret works on /api/… paths",
    fn: async (t) => {
      const api = new Api(t, "v2");
      const r = await api.post("/auth/authorization", { parameters: AUTHZ });
      assert.equal(r.body.action, "INTERACTION");
      // V2 answers carry no 3.0-only field (the closed-world schema check would fail otherwise).
      assert.equal(r.body.claimsAtUserInfo, undefined);
    },
  },
  {
    name: "missing Authorization header → 401 A001202",
    real: true,
    fn: async (t) => {
      for (const gen of ["v3", "v2"] as const) {
        if (gen === "v2" && !t.v2) continue;
        const r = await new Api(t, gen).post("/auth/authorization", { parameters: AUTHZ }, { authorization: null });
        assert.equal(r.status, 401);
        assert.equal(r.body.resultCode, "A001202");
        if (t.kind === "stand-in") {
          // The wording of the OpenAPI example: "[A001202] /auth/authorization, Authorization header is missing."
          assert.match(r.body.resultMessage, /^\[A001202\] \/auth\/authorization, Authorization header is missing\.$/);
          assert.deepEqual(Object.keys(r.body).sort(), ["resultCode", "resultMessage"]);
        }
      }
    },
  },
  {
    name: "wrong credentials → 401 with {resultCode, resultMessage}",
    real: true,
    fn: async (t) => {
      const v3 = await new Api(t, "v3").post("/auth/authorization", { parameters: AUTHZ }, { authorization: "Bearer not-the-token" });
      assert.equal(v3.status, 401);
      assert.match(v3.body.resultCode, /^A\d{6}$/);
      if (t.v2) {
        const bad = `Basic ${Buffer.from(`${t.v2.apiKey}:wrong-secret`).toString("base64")}`;
        const v2 = await new Api(t, "v2").post("/auth/authorization", { parameters: AUTHZ }, { authorization: bad });
        assert.equal(v2.status, 401);
      }
    },
  },
  {
    name: "wrong scheme for the generation (Basic on V3, Bearer on V2) → 401",
    fn: async (t) => {
      const basic = `Basic ${Buffer.from("1000:local-service-api-secret").toString("base64")}`;
      const r3 = await new Api(t, "v3").post("/auth/authorization", { parameters: AUTHZ }, { authorization: basic });
      assert.equal(r3.status, 401);
      assert.equal(r3.body.resultCode, "A001203");
      const r2 = await new Api(t, "v2").post("/auth/authorization", { parameters: AUTHZ }, { authorization: "Bearer local-service-access-token" });
      assert.equal(r2.status, 401);
      assert.equal(r2.body.resultCode, "A001203");
    },
  },
  {
    name: "V3: a valid token used with another service ID → 403",
    fn: async (t) => {
      const other: Target = { ...t, serviceId: "999" };
      const r = await new Api(other, "v3").post("/auth/authorization", { parameters: AUTHZ });
      assert.equal(r.status, 403);
      assert.equal(r.body.resultCode, "A001205");
    },
  },
  {
    name: "unknown path → 404; ticket APIs do not exist in V2; wrong method → 405",
    fn: async (t) => {
      const r = await new Api(t, "v3").post("/auth/no-such-api", {});
      assert.equal(r.status, 404);
      assert.equal(r.body.resultCode, "A001206");
      const v2 = await new Api(t, "v2").post("/auth/authorization/ticket/info", { ticket: "x" });
      assert.equal(v2.status, 404);
      const outside = await fetch(`${t.baseUrl}/nothing-here`);
      assert.equal(outside.status, 404);
      new Api(t, "v3").check("GET", "/nothing-here", 404, (await outside.json()) as Json);
      const m = await new Api(t, "v3").call("GET", "/auth/token");
      assert.equal(m.status, 405);
    },
  },
  {
    name: "malformed JSON → 400; a JSON array body → 400",
    fn: async (t) => {
      const api = new Api(t, "v3");
      const r = await api.post("/auth/authorization", undefined, { raw: { body: "{not json", contentType: "application/json" } });
      assert.equal(r.status, 400);
      assert.equal(r.body.resultCode, "A001208");
      const arr = await api.post("/auth/authorization", undefined, { raw: { body: "[1,2]", contentType: "application/json" } });
      assert.equal(arr.status, 400);
    },
  },
  {
    name: "a field of the wrong type or an unknown enum value → 400",
    fn: async (t) => {
      const api = new Api(t, "v3");
      const r = await api.post("/auth/authorization", { parameters: { not: "a string" } });
      assert.equal(r.status, 400);
      assert.equal(r.body.resultCode, "A001209");
      const f = await api.post("/auth/authorization/fail", { ticket: "t", reason: "NO_SUCH_REASON" });
      assert.equal(f.status, 400);
    },
  },
  {
    name: "form-encoded request bodies are accepted",
    fn: async (t) => {
      const api = new Api(t, "v3");
      const a = await api.post("/auth/authorization", { parameters: AUTHZ }, { form: true });
      assert.equal(a.body.action, "INTERACTION");
      const i = await api.post("/auth/authorization/issue", { ticket: a.body.ticket, subject: "form-user", authTime: 1700000000 }, { form: true });
      assert.equal(i.body.action, "LOCATION");
    },
  },
  {
    name: "SDK tolerances: null, 0, false and empty fields are absent; numeric subject accepted",
    fn: async (t) => {
      const api = new Api(t, "v3");
      const a = await api.post("/auth/authorization", { parameters: AUTHZ, context: null, cimdOptions: null });
      assert.equal(a.body.action, "INTERACTION");
      const i = await api.post("/auth/authorization/issue", {
        ticket: a.body.ticket,
        subject: 12345,
        authTime: 0,
        acr: null,
        claims: "",
        properties: [],
        scopes: null,
        sub: "",
        idtHeaderParams: null,
        consentedClaims: null,
        jwtAtClaims: null,
        accessToken: null,
        accessTokenDuration: 0,
        sessionId: null,
        idTokenAudType: null,
      });
      assert.equal(i.body.action, "LOCATION", i.body.resultMessage);
      const code = new URL(i.body.responseContent).searchParams.get("code") as string;
      const tok = await api.post("/auth/token", {
        parameters: query({ grant_type: "authorization_code", code, redirect_uri: DEMO.client.redirectUri }),
        clientId: "demo-client",
        clientSecret: "demo-client-secret",
        clientCertificate: null,
        clientCertificatePath: [],
        properties: null,
        dpop: null,
        htm: null,
        htu: null,
        accessToken: null,
        jwtAtClaims: null,
        accessTokenDuration: 0,
        refreshTokenDuration: 0,
        dpopNonceRequired: false,
        oauthClientAttestation: "",
      });
      assert.equal(tok.body.action, "OK", tok.body.resultMessage);
      assert.equal(tok.body.subject, "12345");
      // Absent values are left out of answers: no `null` anywhere (checked by Api for every response).
      assert.equal("idToken" in tok.body, true);
      assert.equal("jwtAccessToken" in tok.body, false);
    },
  },
  {
    name: "every response carries Request-Id and answers fast (no Nagle delay)",
    fn: async (t) => {
      const api = new Api(t, "v3");
      const started = performance.now();
      for (let i = 0; i < 20; i++) await api.post("/auth/authorization", { parameters: AUTHZ });
      const perCall = (performance.now() - started) / 20;
      assert.ok(perCall < 30, `mean call time ${perCall.toFixed(1)} ms`);
      const r = await api.get("/service/configuration");
      assert.ok(r.headers.get("request-id"));
    },
  },
  {
    name: "log lines: one per call, with outcome, and never a secret",
    fn: async (t) => {
      const api = new Api(t, "v3");
      const before = t.local!.logs.length;
      const a = await api.post("/auth/authorization", { parameters: AUTHZ + "&state=s3cr3t-state&nonce=n0nce" });
      const i = await api.post("/auth/authorization/issue", { ticket: a.body.ticket, subject: "log-user", claims: JSON.stringify({ email: "who@example.com" }) });
      const code = new URL(i.body.responseContent).searchParams.get("code") as string;
      const tok = await api.post("/auth/token", {
        parameters: query({ grant_type: "password", username: "alice", password: "pa55word" }),
        clientId: "demo-client",
        clientSecret: "demo-client-secret",
      });
      const lines = t.local!.logs.slice(before);
      assert.equal(lines.length, 3);
      assert.match(lines[0] as string, /POST \/api\/1000\/auth\/authorization -> 200 INTERACTION A004001 [\d.]+ms$/);
      const joined = lines.join("\n");
      for (const secret of [a.body.ticket, code, "demo-client-secret", "pa55word", tok.body.ticket, "who@example.com", "s3cr3t-state", "local-service-access-token"]) {
        assert.ok(!joined.includes(secret), `a log line contains a secret`);
      }
    },
  },
]);
