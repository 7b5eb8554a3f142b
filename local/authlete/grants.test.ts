// Contract tests: the server-side record of what a user granted a client — /client/granted_scopes/get and
// /delete in every documented form (and the POST forms Authlete's own clients use) — recorded by
// /auth/authorization/issue and persisted; /client/authorization/get/list and /delete (a user's tokens per
// client); /client/get/list. Issue 9 item 3. Real-Authlete variables: see test-support.ts (these APIs exist
// on dedicated Authlete servers only, so the real half is skipped unless the case says otherwise).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Api, authorizeAndIssue, contractSuite, DEMO, exchangeCode, query, type Json, type Target } from "./test-support";

const newSubject = () => `user-${randomBytes(6).toString("hex")}`;

async function granted(api: Api, clientId: string, subject: string): Promise<Json> {
  const r = await api.get(`/client/granted_scopes/get/${encodeURIComponent(clientId)}`, { subject });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function active(api: Api, token: string): Promise<boolean> {
  const r = await api.post("/auth/introspection/standard", { parameters: query({ token }) });
  return (JSON.parse(r.body.responseContent) as Json).active === true;
}

contractSuite("Granted scopes and authorizations", [
  {
    name: "no record → both lists absent (never null); issue records latest and merged; a narrower grant updates latest only",
    fn: async (t: Target) => {
      const api = new Api(t);
      const subject = newSubject();
      const none = await granted(api, "demo-client", subject);
      assert.equal(none.latestGrantedScopes, undefined);
      assert.equal(none.mergedGrantedScopes, undefined);
      assert.equal(none.modifiedAt, undefined);
      assert.equal(none.subject, subject);
      assert.equal(none.clientId, 2000000001);
      assert.equal(none.serviceApiKey, 1000);

      await authorizeAndIssue(api, { subject, scope: "openid email" });
      const first = await granted(api, "demo-client", subject);
      assert.deepEqual(first.latestGrantedScopes, ["email", "openid"]);
      assert.deepEqual(first.mergedGrantedScopes, ["email", "openid"]);
      assert.equal(typeof first.modifiedAt, "number");

      // `scopes` on issue replaces what is granted: the record holds what was issued.
      await authorizeAndIssue(api, { subject, scope: "openid profile phone", issue: { scopes: ["openid", "profile"] } });
      const second = await granted(api, "2000000001", subject);
      assert.deepEqual(second.latestGrantedScopes, ["openid", "profile"]);
      assert.deepEqual(second.mergedGrantedScopes, ["email", "openid", "profile"]);
      assert.ok(second.modifiedAt >= first.modifiedAt);

      // Per user and per client.
      assert.equal((await granted(api, "demo-client", newSubject())).mergedGrantedScopes, undefined);
      assert.equal((await granted(api, "demo-post", subject)).mergedGrantedScopes, undefined);
    },
  },
  {
    name: "every documented form answers the same: GET ?subject=, GET …/{subject}, POST {subject}; V2 GET ?subject=",
    fn: async (t) => {
      const api = new Api(t);
      const subject = newSubject();
      await authorizeAndIssue(api, { subject, scope: "openid email" });
      const byQuery = await granted(api, "demo-client", subject);
      const byPath = await api.get(`/client/granted_scopes/get/demo-client/${encodeURIComponent(subject)}`);
      const byPost = await api.post("/client/granted_scopes/get/demo-client", { subject });
      const byForm = await api.post("/client/granted_scopes/get/2000000001", { subject }, { form: true });
      const v2 = await new Api(t, "v2").get("/client/granted_scopes/get/demo-client", { subject });
      for (const r of [byPath, byPost, byForm, v2]) {
        assert.equal(r.status, 200);
        assert.deepEqual(r.body.mergedGrantedScopes, byQuery.mergedGrantedScopes);
        assert.equal(r.body.subject, subject);
      }
    },
  },
  {
    name: "an authorization with no scope is a record with empty lists, not the absence of one",
    fn: async (t) => {
      const api = new Api(t);
      const subject = newSubject();
      // Unsupported scopes are dropped: the grant carries none (plain OAuth, so no `openid` either).
      await authorizeAndIssue(api, { subject, scope: "no-such-scope" });
      const r = await granted(api, "demo-client", subject);
      assert.deepEqual(r.latestGrantedScopes, []);
      assert.deepEqual(r.mergedGrantedScopes, []);
    },
  },
  {
    name: "delete (DELETE ?subject=, DELETE …/{subject}, POST {subject} as authlete-java-common sends it) forgets the record, keeps the tokens",
    fn: async (t) => {
      const api = new Api(t);
      const forms: [string, (subject: string) => Promise<{ status: number; body: Json }>][] = [
        ["DELETE ?subject=", (s) => api.call("DELETE", "/client/granted_scopes/delete/demo-client", undefined, { query: { subject: s } })],
        ["DELETE /{subject}", (s) => api.call("DELETE", `/client/granted_scopes/delete/demo-client/${encodeURIComponent(s)}`)],
        ["POST {subject}", (s) => api.post("/client/granted_scopes/delete/2000000001", { subject: s })],
      ];
      for (const [label, del] of forms) {
        const subject = newSubject();
        const { code } = await authorizeAndIssue(api, { subject, scope: "openid email" });
        const tok = await exchangeCode(api, code);
        assert.equal(tok.body.action, "OK");
        const r = await del(subject);
        assert.equal(r.status, 200, label);
        assert.match(String(r.body.resultCode), /^A\d{6}$/);
        assert.equal((await granted(api, "demo-client", subject)).mergedGrantedScopes, undefined, label);
        assert.ok(await active(api, tok.body.accessToken as string), `${label}: "existing access tokens are not deleted"`);
        // Deleting again is not an error.
        assert.equal((await del(subject)).status, 200, label);
      }
    },
  },
  {
    name: "records survive a restart (persisted with the other state)",
    fn: async (t) => {
      const api = new Api(t);
      const subject = newSubject();
      await authorizeAndIssue(api, { subject, scope: "openid phone" });
      await t.local!.restart();
      const after = await granted(new Api(t), "demo-client", subject);
      assert.deepEqual(after.mergedGrantedScopes, ["openid", "phone"]);
    },
  },
  {
    name: "only an authorization records: a denied request (fail) and the password grant leave no record",
    fn: async (t) => {
      const api = new Api(t);
      const subject = newSubject();
      const a = await api.post("/auth/authorization", {
        parameters: query({ response_type: "code", client_id: "demo-client", redirect_uri: DEMO.client.redirectUri, scope: "openid" }),
      });
      await api.post("/auth/authorization/fail", { ticket: a.body.ticket, reason: "DENIED" });
      const p = await api.post("/auth/token", {
        parameters: query({ grant_type: "password", username: "u", password: "p", scope: "openid" }),
        clientId: "demo-client",
        clientSecret: "demo-client-secret",
      });
      assert.equal(p.body.action, "PASSWORD");
      const issued = await api.post("/auth/token/issue", { ticket: p.body.ticket, subject });
      assert.equal(issued.body.action, "OK");
      assert.equal((await granted(api, "demo-client", subject)).mergedGrantedScopes, undefined);
    },
  },
  {
    name: "caller mistakes: unknown client → 404, no subject → 400 (both with a result code)",
    fn: async (t) => {
      const api = new Api(t);
      const unknown = await api.get("/client/granted_scopes/get/no-such-client", { subject: "x" });
      assert.equal(unknown.status, 404);
      const noSubject = await api.get("/client/granted_scopes/get/demo-client");
      assert.equal(noSubject.status, 400);
      assert.match(noSubject.body.resultMessage, /subject/);
      assert.equal((await api.post("/client/granted_scopes/delete/demo-client", {})).status, 400);
    },
  },
  {
    name: "client/authorization/get/list lists the clients a user holds tokens of; client/authorization/delete ends them",
    fn: async (t) => {
      const api = new Api(t);
      const subject = newSubject();
      const empty = await api.get("/client/authorization/get/list", { subject });
      assert.equal(empty.body.totalCount, 0);
      assert.deepEqual(empty.body.clients, []);
      const { code } = await authorizeAndIssue(api, { subject, scope: "openid email" });
      const tok = await exchangeCode(api, code);
      const { code: code2, verifier } = await authorizeAndIssue(api, { client: DEMO.spa, subject, scope: "openid" });
      const tok2 = await exchangeCode(api, code2, { client: DEMO.spa, verifier });
      const list = await api.post("/client/authorization/get/list", { subject });
      assert.equal(list.body.totalCount, 2);
      assert.deepEqual(
        (list.body.clients as Json[]).map((c) => c.clientIdAlias),
        ["demo-client", "demo-spa"],
      );
      const byPath = await api.get(`/client/authorization/get/list/${encodeURIComponent(subject)}`, { start: "1", end: "2" });
      assert.deepEqual((byPath.body.clients as Json[]).map((c) => c.clientIdAlias), ["demo-spa"]);

      const del = await api.call("DELETE", "/client/authorization/delete/demo-client", undefined, { query: { subject } });
      assert.equal(del.status, 200);
      assert.equal(await active(api, tok.body.accessToken as string), false, "the user's tokens of that client end");
      assert.equal(await active(api, tok.body.refreshToken as string), false, "refresh tokens too");
      assert.equal(await active(api, tok2.body.accessToken as string), true, "other clients' tokens stay");
      const after = await api.get("/client/authorization/get/list", { subject });
      assert.deepEqual((after.body.clients as Json[]).map((c) => c.clientIdAlias), ["demo-spa"]);
      assert.deepEqual((await granted(api, "demo-client", subject)).mergedGrantedScopes, ["email", "openid"], "the granted-scopes record stays");
    },
  },
  {
    name: "client/get/list: every demo client, paged with start/end (default end 5), secrets included like client/get",
    fn: async (t) => {
      const api = new Api(t);
      const all = await api.get("/client/get/list");
      assert.equal(all.status, 200);
      assert.equal(all.body.totalCount, 4);
      assert.deepEqual((all.body.clients as Json[]).map((c) => c.clientIdAlias), ["demo-client", "demo-spa", "demo-post", "demo-eddsa"]);
      const page = await api.get("/client/get/list", { start: "1", end: "3" });
      assert.deepEqual((page.body.clients as Json[]).map((c) => c.clientIdAlias), ["demo-spa", "demo-post"]);
      assert.equal(page.body.start, 1);
      assert.equal(page.body.end, 3);
      const v2 = await new Api(t, "v2").get("/client/get/list", { developer: "nobody" });
      assert.equal(v2.body.totalCount, 0);
    },
  },
]);
