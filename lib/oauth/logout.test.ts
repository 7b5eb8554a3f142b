// RP-Initiated Logout 1.0 at /api/logout, with a scripted Authlete (JWK Set, /client/get) and one browser's cookies.
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, it } from "node:test";
import { AuthleteApiError } from "../authlete/client";
import { DEFAULT_ACR } from "../config";
import { getSession } from "../session";
import { discoveryDocument } from "./endpoints";
import { clearLogoutClientCache, handleEndSessionRequest, postLogoutRedirectUris } from "./logout";
import { saveSession, signInUser } from "./sso";
import { fakeAuthlete, fakeCookies, testDeps } from "./test-support";

const ISSUER = "https://as.example.com";
const NOW = 1_800_000_000_000;
const keys = generateKeyPair("ES256");

async function idToken(sub: string, aud = "demo-client", iss = ISSUER): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "ES256", kid: "k1" })
    .setIssuer(iss)
    .setSubject(sub)
    .setAudience(aud)
    .setIssuedAt(NOW / 1000 - 100_000)
    .setExpirationTime(NOW / 1000 - 90_000) // long expired: still a good hint
    .sign((await keys).privateKey);
}

async function setup(signedInAs?: string) {
  const cookies = fakeCookies();
  const authlete = fakeAuthlete({
    serviceJwks: async () => ({ status: 200, body: JSON.stringify({ keys: [{ ...(await exportJWK((await keys).publicKey)), kid: "k1", alg: "ES256" }] }) }),
    clientGet: async (id: string) => {
      if (id !== "demo-client") throw new AuthleteApiError("status", `/client/get/${id}`, "HTTP 404", 404);
      return { clientId: 2000000001, clientIdAlias: "demo-client", attributes: [{ key: "post_logout_redirect_uris", value: "https://client.example.org/logged-out https://as.example.com/" }] };
    },
  });
  clearLogoutClientCache(authlete);
  const deps = testDeps({ store: cookies.store, authlete, now: () => NOW });
  if (signedInAs) {
    const session = await getSession(cookies.store);
    signInUser(session, { sub: signedInAs, authTime: NOW / 1000 - 10, claims: { sub: signedInAs }, sid: `sid-${signedInAs}`, loginId: `${signedInAs}@example.com` });
    await saveSession(session);
  }
  const call = (params: Record<string, string>, init: { method?: string; headers?: Record<string, string> } = {}) =>
    init.method === "POST"
      ? handleEndSessionRequest(
          new Request(`${ISSUER}/api/logout`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...init.headers }, body: new URLSearchParams(params) }),
          deps,
        )
      : handleEndSessionRequest(new Request(`${ISSUER}/api/logout?${new URLSearchParams(params)}`, { headers: init.headers }), deps);
  return { cookies, authlete, deps, call, user: async () => (await getSession(cookies.store)).user };
}

describe("end_session_endpoint (RP-Initiated Logout 1.0)", () => {
  it("§2/§3: a hint of the signed-in user + a registered post_logout_redirect_uri → logged out, redirected with state", async () => {
    const t = await setup("alice");
    const res = await t.call({ id_token_hint: await idToken("alice"), post_logout_redirect_uri: "https://client.example.org/logged-out", state: "s 1" });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "https://client.example.org/logged-out?state=s+1");
    assert.equal(await t.user(), undefined);
  });

  it("POST works like GET; the client may be named by client_id", async () => {
    const t = await setup("alice");
    const res = await t.call({ id_token_hint: await idToken("alice"), client_id: "demo-client", post_logout_redirect_uri: "https://as.example.com/" }, { method: "POST" });
    assert.equal(res.headers.get("location"), "https://as.example.com/");
    assert.equal(await t.user(), undefined);
  });

  it("§3: an unregistered (or altered) post_logout_redirect_uri → our logged-out page, never a redirect", async () => {
    for (const uri of ["https://evil.example/", "https://client.example.org/logged-out?foo=bar"]) {
      const t = await setup("alice");
      const res = await t.call({ id_token_hint: await idToken("alice"), post_logout_redirect_uri: uri, state: "x" });
      assert.equal(res.status, 200, uri);
      assert.equal(res.headers.get("location"), null);
      assert.match(await res.text(), /You have logged out/);
      assert.equal(await t.user(), undefined);
    }
  });

  it("§2: a request that cannot be tied to the signed-in user asks first; Log out needs this page's token", async () => {
    const t = await setup("alice");
    const page = await t.call({ client_id: "demo-client", post_logout_redirect_uri: "https://client.example.org/logged-out", state: "st" });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Log out\?/);
    assert.match(html, /Signed in as alice@example\.com/);
    assert.equal(await t.user().then((u) => u?.sub), "alice", "not logged out yet");
    const token = /name="confirm_token" value="([^"]+)"/.exec(html)?.[1] ?? "";
    assert.ok(token);

    const forged = await t.call({ client_id: "demo-client", confirm: "logout", confirm_token: "forged" }, { method: "POST" });
    assert.match(await forged.text(), /Log out\?/, "a forged answer only shows the question again");
    assert.equal((await t.user())?.sub, "alice");

    const stay = await t.call({ confirm: "stay", confirm_token: token }, { method: "POST" });
    assert.match(await stay.text(), /still signed in/);
    assert.equal((await t.user())?.sub, "alice");

    const out = await t.call({ client_id: "demo-client", post_logout_redirect_uri: "https://client.example.org/logged-out", state: "st", confirm: "logout", confirm_token: token }, { method: "POST" });
    assert.equal(out.headers.get("location"), "https://client.example.org/logged-out?state=st");
    assert.equal(await t.user(), undefined);
  });

  it("a hint of another user than the signed-in one also asks first", async () => {
    const t = await setup("alice");
    const res = await t.call({ id_token_hint: await idToken("bob") });
    assert.match(await res.text(), /Log out\?/);
    assert.equal((await t.user())?.sub, "alice");
  });

  it("§2: a hint that does not verify (issuer, audience vs client_id, alg none) → an error page, still signed in, no redirect", async () => {
    const t = await setup("alice");
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ iss: ISSUER, sub: "alice", aud: "demo-client" })).toString("base64url")}.`;
    for (const hint of [await idToken("alice", "demo-client", "https://evil.example"), none, "garbage"]) {
      const res = await t.call({ id_token_hint: hint, post_logout_redirect_uri: "https://client.example.org/logged-out" });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get("location"), null);
    }
    const wrongClient = await t.call({ id_token_hint: await idToken("alice"), client_id: "demo-spa" });
    assert.equal(wrongClient.status, 400);
    assert.equal((await t.user())?.sub, "alice");
  });

  it("no parameters and nobody signed in → the logged-out page; ui_locales=ja → Japanese with lang=ja", async () => {
    const t = await setup();
    const res = await t.call({ ui_locales: "ja" });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<html lang="ja">/);
    assert.match(html, /ログアウトしました/);
    const byHeader = await t.call({}, { headers: { "accept-language": "ja-JP,ja;q=0.9" } });
    assert.match(await byHeader.text(), /lang="ja"/);
  });

  it("reads post-logout redirect URIs from attributes and customMetadata", () => {
    assert.deepEqual(
      postLogoutRedirectUris({
        attributes: [{ key: "post_logout_redirect_uris", value: " https://a.example/  https://b.example/ " }, { key: "other", value: "https://x.example/" }],
        customMetadata: JSON.stringify({ post_logout_redirect_uris: ["https://c.example/"] }),
      }),
      ["https://a.example/", "https://b.example/", "https://c.example/"],
    );
    assert.deepEqual(postLogoutRedirectUris({ customMetadata: '{"post_logout_redirect_uris":"https://d.example/ https://e.example/"}' }), ["https://d.example/", "https://e.example/"]);
    assert.deepEqual(postLogoutRedirectUris({ customMetadata: "{bad" }), []);
  });
});

describe("discovery", () => {
  it("lists end_session_endpoint, our acr values and languages; leaves out what is not implemented", async () => {
    const deps = testDeps({
      now: () => Date.now() + 3_600_000, // past any cached document
      authlete: fakeAuthlete({
        serviceConfiguration: async () => ({
          issuer: ISSUER,
          end_session_endpoint: "https://elsewhere.example/logout",
          check_session_iframe: "https://as.example.com/check",
          frontchannel_logout_supported: true,
          backchannel_logout_supported: true,
          acr_values_supported: ["urn:whatever"],
        }),
      }),
    });
    const doc = await discoveryDocument(deps);
    assert.equal(doc.end_session_endpoint, `${ISSUER}/api/logout`);
    assert.deepEqual(doc.acr_values_supported, [DEFAULT_ACR.password, DEFAULT_ACR.mfa]);
    assert.deepEqual(doc.ui_locales_supported, ["en", "ja"]);
    for (const k of ["check_session_iframe", "frontchannel_logout_supported", "backchannel_logout_supported"]) assert.equal(doc[k], undefined, k);
  });
});
