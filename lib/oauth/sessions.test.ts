// Sign-in sessions through the real flow code (endpoint → page's server action → Authlete), with a scripted
// Authlete and Cognito and one browser's cookie jar: the cases of issue 7 end to end, minus the browser.
import assert from "node:assert/strict";
import { generateKeyPair, exportJWK, SignJWT } from "jose";
import { describe, it } from "node:test";
import { AuthleteApiError } from "../authlete/client";
import type { AuthorizationFailRequest, AuthorizationIssueRequest, AuthorizationResponse } from "../authlete/types";
import { cognitoIssuer } from "../cognito/authenticate";
import type { CognitoSender } from "../cognito/client";
import { DEFAULT_ACR } from "../config";
import { getSession, readPending, SESSION_COOKIE } from "../session";
import { decide, handleAuthorizationRequest, type DecisionResult } from "./authorization";
import { handlePushedAuthorizationRequest } from "./endpoints";
import { PAR_URN_PREFIX } from "./pushed";
import { pageView } from "./page-view";
import { consentCovers } from "./sso";
import { captureLogs, fakeAuthlete, fakeCookies, testDeps } from "./test-support";

const USERS: Record<string, { sub: string; password: string; name: string }> = {
  "demo@example.com": { sub: "sub-demo", password: "Demo-Pass1!", name: "Demo User" },
  "second@example.com": { sub: "sub-second", password: "Second-Pass1!", name: "Second User" },
};

function cognitoToken(payload: object): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${enc({ alg: "RS256" })}.${enc(payload)}.sig`;
}

/** A Cognito that knows USERS: AdminInitiateAuth, and AdminGetUser by sub (`gone`: disabled/deleted; `down`: unreachable). */
function fakeUserPool(state: { disabled: Set<string>; deleted: Set<string>; down: boolean; reads: number }): CognitoSender {
  return {
    send: (async (command: { constructor: { name: string }; input: { AuthParameters?: Record<string, string>; Username?: string } }) => {
      if (command.constructor.name === "AdminGetUserCommand") {
        state.reads++;
        const sub = command.input.Username ?? "";
        if (state.down) throw Object.assign(new Error("connect ECONNREFUSED"), { name: "TypeError" });
        if (state.deleted.has(sub) || !Object.values(USERS).some((u) => u.sub === sub)) throw Object.assign(new Error("User does not exist."), { name: "UserNotFoundException" });
        return { Username: sub, Enabled: !state.disabled.has(sub), UserStatus: "CONFIRMED" };
      }
      const p = command.input.AuthParameters ?? {};
      const entry = Object.entries(USERS).find(([login, u]) => login === p.USERNAME || u.sub === p.USERNAME);
      if (!entry || entry[1].password !== p.PASSWORD) throw Object.assign(new Error("Incorrect username or password."), { name: "NotAuthorizedException" });
      const [email, u] = entry;
      const iss = cognitoIssuer({ userPoolId: "us-east-1_Test", region: "us-east-1" });
      return { AuthenticationResult: { IdToken: cognitoToken({ token_use: "id", aud: "testclient", iss, sub: u.sub, email, name: u.name }) } };
    }) as unknown as CognitoSender["send"],
  };
}

const ISSUER = "https://as.example.com";
const keys = generateKeyPair("ES256");
const otherKeys = generateKeyPair("ES256");

async function idTokenOf(sub: string, opts: { aud?: string; iss?: string; exp?: number; foreign?: boolean } = {}): Promise<string> {
  const { privateKey } = await (opts.foreign ? otherKeys : keys);
  return new SignJWT({ email: Object.entries(USERS).find(([, u]) => u.sub === sub)?.[0] })
    .setProtectedHeader({ alg: "ES256", kid: "k1" })
    .setIssuer(opts.iss ?? ISSUER)
    .setSubject(sub)
    .setAudience(opts.aud ?? "demo-client")
    .setIssuedAt(Math.floor(1_800_000_000 - 7200))
    .setExpirationTime(opts.exp ?? 1_800_000_000 + 3600)
    .sign(privateKey);
}

/** One browser against the flow code, with Authlete answering from `next` (the parsed request). */
function browser() {
  const cookies = fakeCookies();
  const issued: AuthorizationIssueRequest[] = [];
  const failed: AuthorizationFailRequest[] = [];
  let clock = 1_800_000_000_000;
  let next: Partial<AuthorizationResponse> = {};
  const sentToAuthlete: string[] = [];
const pool = { disabled: new Set<string>(), deleted: new Set<string>(), down: false, reads: 0, revokeDown: false };
  const revoked: string[] = [];
  const authlete = fakeAuthlete({
    tokenRevoke: async (req) => {
      if (pool.revokeDown) throw new AuthleteApiError("network", "/auth/token/revoke", "connect ECONNREFUSED", undefined);
      revoked.push(req.subject ?? "");
      return { resultCode: "A135101", count: 2 };
    },
    pushedAuthReq: async () => ({ action: "CREATED", responseContent: JSON.stringify({ expires_in: 60, request_uri: `${PAR_URN_PREFIX}pushed-1` }) }),
    authorization: async ({ parameters }) => (sentToAuthlete.push(parameters), {
      action: next.prompts?.includes("NONE") ? "NO_INTERACTION" : "INTERACTION",
      ticket: `t${issued.length + failed.length}`,
      client: { clientId: 1, clientIdAlias: "demo-client", clientName: "Demo" },
      scopes: [{ name: "openid" }, { name: "email" }],
      ...next,
    }),
    authorizationIssue: async (req) => {
      issued.push(req);
      return { action: "LOCATION", responseContent: "https://c.example/cb?code=x" };
    },
    authorizationFail: async (req) => {
      failed.push(req);
      return { action: "LOCATION", responseContent: `https://c.example/cb?error=${req.reason}` };
    },
    serviceJwks: async () => ({ status: 200, body: JSON.stringify({ keys: [{ ...(await exportJWK((await keys).publicKey)), kid: "k1", alg: "ES256" }] }) }),
  });
    const deps = testDeps({ store: cookies.store, authlete, cognito: fakeUserPool(pool), now: () => clock });
  return {
    cookies,
    issued,
    failed,
    deps,
    pool,
    revoked,
    sentToAuthlete,
    /** A pushed authorization request of `form` (RFC 9126): the request_uri the client gets. */
    async push(form: string): Promise<string> {
      const headers = { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from("demo-client:s").toString("base64")}` };
      const res = await handlePushedAuthorizationRequest(new Request(`${ISSUER}/api/par`, { method: "POST", headers, body: form }), deps);
      assert.equal(res.status, 201);
      return ((await res.json()) as { request_uri: string }).request_uri;
    },
    tick: (seconds: number) => (clock += seconds * 1000),
    /** An authorization request; returns the page's request ID, or undefined when answered without a page. */
    /** An authorization request's response, with Authlete parsing the request as `parsed`. */
    request(query: string, parsed: Partial<AuthorizationResponse> = {}): Promise<Response> {
      next = parsed;
      return handleAuthorizationRequest(new Request(`${ISSUER}/api/authorization?${query}`), deps);
    },
    async authorize(query: string, parsed: Partial<AuthorizationResponse> = {}): Promise<string | undefined> {
      const res = await this.request(query, parsed);
      const location = res.headers.get("location") ?? "";
      return /^\/authorize\/([\w-]{22})$/.exec(location)?.[1];
    },
    async view(id: string) {
      const pending = await readPending(id, clock, cookies.store);
      assert.ok(pending, "the pending request");
      return pageView(pending, await getSession(cookies.store), deps);
    },
    press: (id: string, fields: Record<string, string>): Promise<DecisionResult> => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.set(k, v);
      return decide(id, f, deps);
    },
    signIn(id: string, login: string, loginId = login) {
      return this.press(id, { step: "sign_in", decision: "authorize", loginId, password: USERS[login]?.password ?? "x" });
    },
    session: () => getSession(cookies.store),
  };
}

describe("SSO: a signed-in browser", () => {
  it("gets the consent page (no password), then no page at all for the same or narrower scopes; auth_time stays", async () => {
    const b = browser();
    const first = await b.authorize("client_id=demo-client");
    assert.deepEqual(await b.view(first as string), { kind: "sign_in", reason: "no_session", loginId: undefined, locked: false });
    await b.signIn(first as string, "demo@example.com");
    assert.equal(b.issued[0]?.authTime, 1_800_000_000);

    b.tick(600);
    const wider = await b.authorize("client_id=demo-client", { scopes: [{ name: "openid" }, { name: "email" }, { name: "phone" }] });
    assert.deepEqual(await b.view(wider as string), { kind: "consent", label: "demo@example.com" });
    assert.deepEqual(await b.press(wider as string, { step: "consent", decision: "authorize" }), { redirectTo: "https://c.example/cb?code=x" });
    assert.equal(b.issued[1]?.authTime, 1_800_000_000, "auth_time is the original sign-in time");

    b.tick(600);
    assert.equal(await b.authorize("client_id=demo-client", { scopes: [{ name: "openid" }, { name: "phone" }] }), undefined, "narrower: no page");
    assert.equal(b.issued.length, 3);
    assert.equal(b.issued[2]?.authTime, 1_800_000_000);
    assert.equal(b.issued[2]?.acr, DEFAULT_ACR.password);

    const again = await b.authorize("client_id=demo-client&prompt=consent", { prompts: ["CONSENT"] });
    assert.equal((await b.view(again as string)).kind, "consent", "prompt=consent shows the page");
  });

  it("prompt=login, max_age (0 included, read from the raw parameters) and SESSION_TTL_SECONDS ask for the password again", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "demo@example.com");
    b.tick(30);
    for (const [query, parsed, reason] of [
      ["prompt=login", { prompts: ["LOGIN"] }, "prompt_login"],
      ["max_age=0", { maxAge: 0 }, "max_age"],
      ["max_age=10", { maxAge: 10 }, "max_age"],
    ] as [string, Partial<AuthorizationResponse>, string][]) {
      const id = await b.authorize(`client_id=demo-client&${query}`, parsed);
      assert.deepEqual(await b.view(id as string), { kind: "sign_in", reason, loginId: "demo@example.com", locked: false }, query);
    }
    const fresh = await b.authorize("client_id=demo-client&max_age=0", { maxAge: 0 });
    b.tick(2); // a sign-in that takes a while still satisfies max_age=0 (no loop)
    assert.deepEqual(await b.signIn(fresh as string, "demo@example.com"), { redirectTo: "https://c.example/cb?code=x" });
    assert.equal(b.issued.at(-1)?.authTime, 1_800_000_032, "a fresh sign-in has a fresh auth_time");

    b.tick(b.deps.config.session.ttlSeconds);
    const late = await b.authorize("client_id=demo-client");
    assert.equal((await b.view(late as string)).kind, "sign_in");
    assert.deepEqual((await b.view(late as string)) as object, { kind: "sign_in", reason: "session_expired", loginId: "demo@example.com", locked: false });
  });

  it("prompt=none&max_age=0 → login_required although Authlete reports maxAge 0 (= absent)", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "demo@example.com");
    assert.equal(await b.authorize("client_id=demo-client&prompt=none&max_age=0", { prompts: ["NONE"], maxAge: 0 }), undefined);
    assert.equal(b.failed.at(-1)?.reason, "EXCEEDS_MAX_AGE");
    assert.equal(await b.authorize("client_id=demo-client&prompt=none", { prompts: ["NONE"], maxAge: 0 }), undefined);
    assert.equal(b.issued.length, 2, "without max_age the same request is answered silently");
  });
});

describe("consent belongs to a user", () => {
  it("two users, one browser: the second user's prompt=none never rides on the first user's consent", async () => {
    const b = browser();
    const wide = { scopes: [{ name: "openid" }, { name: "email" }, { name: "phone" }] };
    await b.signIn((await b.authorize("client_id=demo-client", wide)) as string, "demo@example.com");
    const switched = await b.authorize("client_id=demo-client&prompt=login", { prompts: ["LOGIN"], scopes: [{ name: "openid" }] });
    await b.signIn(switched as string, "second@example.com");
    assert.equal(b.issued.at(-1)?.subject, "sub-second");
    const session = await b.session();
    assert.equal(session.user?.sub, "sub-second", "the user switch replaced the first user's sign-in");
    assert.deepEqual(
      session.accounts?.map((a) => a.loginId),
      ["second@example.com", "demo@example.com"],
    );

    assert.equal(await b.authorize("client_id=demo-client&prompt=none", { prompts: ["NONE"], ...wide }), undefined);
    assert.equal(b.failed.at(-1)?.reason, "CONSENT_REQUIRED");
    const page = await b.authorize("client_id=demo-client", wide);
    assert.deepEqual(await b.view(page as string), { kind: "consent", label: "second@example.com" });
  });

  it("the account chooser lists recent accounts: the signed-in one continues, a signed-out one is a pre-filled sign-in", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "demo@example.com");
    await b.signIn((await b.authorize("client_id=demo-client&prompt=login", { prompts: ["LOGIN"] })) as string, "second@example.com");
    const id = (await b.authorize("client_id=demo-client&prompt=select_account", { prompts: ["SELECT_ACCOUNT"] })) as string;
    assert.deepEqual(await b.view(id), {
      kind: "select_account",
      accounts: [
        { sub: "sub-second", loginId: "second@example.com", signedIn: true },
        { sub: "sub-demo", loginId: "demo@example.com", signedIn: false },
      ],
    });
    assert.deepEqual(await b.press(id, { account: "sub-demo" }), { redirectTo: `/authorize/${id}` });
    assert.deepEqual(await b.view(id), { kind: "sign_in", reason: "another_account", loginId: "demo@example.com", locked: false });
    await b.signIn(id, "demo@example.com");
    assert.equal(b.issued.at(-1)?.subject, "sub-demo");

    const again = (await b.authorize("client_id=demo-client&prompt=select_account", { prompts: ["SELECT_ACCOUNT"] })) as string;
    assert.deepEqual(await b.press(again, { account: "sub-demo" }), { redirectTo: "https://c.example/cb?code=x" }, "signed in and consented: issued");
    assert.equal(b.issued.at(-1)?.subject, "sub-demo");
  });

  it("Use another account on the consent page shows an empty sign-in form", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "demo@example.com");
    const id = (await b.authorize("client_id=demo-client&prompt=consent", { prompts: ["CONSENT"] })) as string;
    assert.deepEqual(await b.press(id, { step: "consent", decision: "another" }), { redirectTo: `/authorize/${id}` });
    assert.deepEqual(await b.view(id), { kind: "sign_in", reason: "another_account", loginId: undefined, locked: false });
  });

  it("the cookie stays under 4 KB however many clients a user consents to (50 here); the oldest consents go first", async () => {
    const b = browser();
    let largest = 0;
    for (let i = 0; i < 50; i++) {
      const client = { clientId: 5000 + i, clientIdAlias: `client-${i}`, clientName: `Client ${i}` };
      const scopes = ["openid", "profile", "email", "phone", "address"].map((name) => ({ name }));
      const id = (await b.authorize(`client_id=client-${i}`, { client, scopes })) as string;
      const result = i === 0 ? await b.signIn(id, "demo@example.com") : await b.press(id, { step: "consent", decision: "authorize" });
      assert.deepEqual(result, { redirectTo: "https://c.example/cb?code=x" }, `client ${i}`);
      for (const c of b.cookies.written.filter((w) => w.name === SESSION_COOKIE)) {
        // name=value plus the attributes iron-session writes (Path, Max-Age, Expires, HttpOnly, SameSite, Secure)
        largest = Math.max(largest, `${c.name}=${c.value}; Path=/; Expires=Thu, 01 Jan 2026 00:00:00 GMT; Max-Age=3540; HttpOnly; Secure; SameSite=Lax`.length);
      }
    }
    assert.ok(largest < 4096, `largest session cookie ${largest} bytes`);
    const session = await b.session();
    console.log(`# largest session cookie after 50 consents: ${largest} bytes; ${session.consents?.length} consents kept`);
    assert.ok(consentCovers(session.consents, "sub-demo", "5049", ["openid", "email"]), "the latest consent is kept");
    assert.ok(!consentCovers(session.consents, "sub-demo", "5000", ["openid"]), "the oldest consent was dropped");
    assert.ok((session.consents?.length ?? 0) >= 10, `${session.consents?.length} consents kept`);
    assert.equal(session.user?.claims.name, "Demo User", "the sign-in itself is never dropped");
  });
});

describe("hints and demands", () => {
  it("login_hint pre-fills the Login ID", async () => {
    const b = browser();
    const id = await b.authorize("client_id=demo-client&login_hint=second%40example.com", { loginHint: "second@example.com" });
    assert.deepEqual(await b.view(id as string), { kind: "sign_in", reason: "no_session", loginId: "second@example.com", locked: false });
  });

  it("a sub demanded by the claims parameter locks the Login ID and refuses anyone else, without signing them in", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "second@example.com");
    const id = (await b.authorize("client_id=demo-client&claims=…", { subject: "sub-demo" })) as string;
    assert.deepEqual(await b.view(id), { kind: "sign_in", reason: "different_subject", loginId: "sub-demo", locked: true });
    // A typed Login ID is ignored: only the demanded account is tried.
    assert.deepEqual(await b.signIn(id, "second@example.com"), { state: { error: "invalidCredentials", loginId: "sub-demo" } });
    assert.equal((await b.session()).user?.sub, "sub-second");
    assert.deepEqual(await b.press(id, { step: "sign_in", password: USERS["demo@example.com"]?.password as string }), { redirectTo: "https://c.example/cb?code=x" });
    assert.equal(b.issued.at(-1)?.subject, "sub-demo");
  });

  it("a sub the signed-in browser knows shows its Login ID, read-only", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "demo@example.com");
    await b.signIn((await b.authorize("client_id=demo-client&prompt=login", { prompts: ["LOGIN"] })) as string, "second@example.com");
    const id = (await b.authorize("client_id=demo-client", { subject: "sub-demo" })) as string;
    assert.deepEqual(await b.view(id), { kind: "sign_in", reason: "different_subject", loginId: "demo@example.com", locked: true });
  });

  it("id_token_hint: verified against our JWK Set; another user's hint → login_required silently, the sign-in form interactively", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "second@example.com");
    const demoHint = await idTokenOf("sub-demo");
    assert.equal(await b.authorize(`client_id=demo-client&prompt=none&id_token_hint=${demoHint}`, { prompts: ["NONE"] }), undefined);
    assert.equal(b.failed.at(-1)?.reason, "DIFFERENT_SUBJECT");

    const id = (await b.authorize(`client_id=demo-client&id_token_hint=${demoHint}`)) as string;
    assert.deepEqual(await b.view(id), { kind: "sign_in", reason: "id_token_hint", loginId: "demo@example.com", locked: false });
    assert.deepEqual(await b.signIn(id, "second@example.com"), { state: { error: "differentSubject", loginId: "second@example.com" } });
    assert.equal((await b.session()).user?.sub, "sub-second", "the wrong user was not signed in");
    assert.deepEqual(await b.signIn(id, "demo@example.com"), { redirectTo: "https://c.example/cb?code=x" });
  });

  it("id_token_hint: an expired hint of the signed-in user is fine; wrong issuer, audience or signature is not", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "demo@example.com");
    const silent = async (hint: string) => {
      await b.authorize(`client_id=demo-client&prompt=none&id_token_hint=${hint}`, { prompts: ["NONE"] });
      return b.failed.length;
    };
    const before = b.failed.length;
    assert.equal(await silent(await idTokenOf("sub-demo", { exp: 1_800_000_000 - 3600 })), before, "expired: issued");
    assert.equal(await silent(await idTokenOf("sub-demo", { iss: "https://evil.example" })), before + 1);
    assert.equal(await silent(await idTokenOf("sub-demo", { aud: "another-client" })), before + 2);
    assert.equal(await silent(await idTokenOf("sub-demo", { foreign: true })), before + 3);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ iss: ISSUER, sub: "sub-demo", aud: "demo-client" })).toString("base64url")}.`;
    assert.equal(await silent(unsigned), before + 4);
    assert.deepEqual(
      b.failed.slice(before).map((f) => f.reason),
      ["NOT_AUTHENTICATED", "NOT_AUTHENTICATED", "NOT_AUTHENTICATED", "NOT_AUTHENTICATED"],
    );
  });
});

describe("acr", () => {
  it("reports the acr met; an essential acr not met ends with ACR_NOT_SATISFIED after the sign-in, never a retry", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "demo@example.com");
    const essentialMfa = { acrs: [DEFAULT_ACR.mfa], acrEssential: true };
    const id = (await b.authorize("client_id=demo-client&claims=…", essentialMfa)) as string;
    assert.deepEqual(await b.view(id), { kind: "sign_in", reason: "acr", loginId: "demo@example.com", locked: false }, "step-up asked");
    assert.deepEqual(await b.signIn(id, "demo@example.com"), { redirectTo: "https://c.example/cb?error=ACR_NOT_SATISFIED" });
    assert.equal(b.issued.length, 1);
    assert.equal((await b.session()).user?.sub, "sub-demo", "the sign-in itself stands");
    assert.equal(await b.authorize("client_id=demo-client&prompt=none&claims=…", { ...essentialMfa, prompts: ["NONE"] }), undefined);
    assert.equal(b.failed.at(-1)?.reason, "ACR_NOT_SATISFIED");

    assert.equal(await b.authorize("client_id=demo-client&acr_values=…", { acrs: [DEFAULT_ACR.mfa] }), undefined, "non-essential: no block");
    assert.equal(b.issued.at(-1)?.acr, DEFAULT_ACR.password);
    assert.equal(await b.authorize("client_id=demo-client&claims=…", { acrs: [DEFAULT_ACR.password], acrEssential: true }), undefined);
    assert.equal(b.issued.at(-1)?.acr, DEFAULT_ACR.password);
    assert.equal(await b.authorize("client_id=demo-client&claims=…", { acrs: ["urn:unknown"], acrEssential: true }), undefined);
    assert.equal(b.failed.at(-1)?.reason, "ACR_NOT_SATISFIED", "an acr we never assert fails at once");
  });
});

describe("pushed requests (RFC 9126): what Authlete does not hand back travels in our request_uri", () => {
  const viaPar = (requestUri: string) => `client_id=demo-client&request_uri=${encodeURIComponent(requestUri)}`;

  it("a pushed prompt=none&max_age=0 → login_required; Authlete gets its own request_uri back", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "demo@example.com");
    const requestUri = await b.push("response_type=code&client_id=demo-client&prompt=none&max_age=0");
    assert.match(requestUri, /^urn:ietf:params:oauth:request_uri:as\./);
    assert.equal(await b.authorize(viaPar(requestUri), { prompts: ["NONE"], maxAge: 0 }), undefined);
    assert.equal(b.failed.at(-1)?.reason, "EXCEEDS_MAX_AGE");
    assert.equal(b.sentToAuthlete.at(-1), `client_id=demo-client&request_uri=${encodeURIComponent(`${PAR_URN_PREFIX}pushed-1`)}`);

    // Without max_age the same pushed request is answered silently, whatever the URL adds (RFC 9126 §4).
    assert.equal(await b.authorize(`${viaPar(await b.push("client_id=demo-client&prompt=none"))}&max_age=0`, { prompts: ["NONE"], maxAge: 0 }), undefined);
    assert.equal(b.issued.length, 2);
  });

  it("a pushed id_token_hint (also inside a signed request object) is checked like one in the URL", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "second@example.com");
    const demoHint = await idTokenOf("sub-demo");
    await b.authorize(viaPar(await b.push(`client_id=demo-client&prompt=none&id_token_hint=${demoHint}`)), { prompts: ["NONE"] });
    assert.equal(b.failed.at(-1)?.reason, "DIFFERENT_SUBJECT");

    const requestObject = await new SignJWT({ client_id: "demo-client", id_token_hint: demoHint }).setProtectedHeader({ alg: "ES256" }).sign((await otherKeys).privateKey);
    const id = (await b.authorize(viaPar(await b.push(`client_id=demo-client&request=${requestObject}`)))) as string;
    assert.deepEqual(await b.view(id), { kind: "sign_in", reason: "id_token_hint", loginId: "demo@example.com", locked: false });
  });

  it("a PAR request_uri we did not seal, or whose seal was altered, is refused before Authlete is asked", async () => {
    const b = browser();
    const sealed = await b.push("client_id=demo-client&max_age=0");
    for (const [requestUri, status, title] of [
      [`${PAR_URN_PREFIX}pushed-1`, 400, "cannot accept"],
      [`${sealed.slice(0, -6)}AAAAAA`, 400, "has expired or was already used"],
    ] as const) {
      const res = await handleAuthorizationRequest(new Request(`${ISSUER}/api/authorization?${viaPar(requestUri)}`), b.deps);
      assert.equal(res.status, status);
      assert.match(await res.text(), new RegExp(title));
    }
    assert.deepEqual(b.sentToAuthlete, [], "Authlete was never asked");
  });
});

describe("SSO asks Cognito first: a user disabled or deleted since signing in gets nothing more without a password", () => {
  it("an active user: one AdminGetUser per answer without a password, none for a password sign-in", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "demo@example.com");
    assert.equal(b.pool.reads, 0, "the sign-in itself was Cognito's answer");
    assert.equal(await b.authorize("client_id=demo-client&prompt=none", { prompts: ["NONE"] }), undefined);
    assert.equal(b.issued.length, 2);
    assert.equal(b.pool.reads, 1);
    assert.deepEqual(b.revoked, [], "an active user's tokens are left alone");
  });

  for (const gone of ["disabled", "deleted"] as const) {
    it(`${gone}: prompt=none → login_required; this browser forgets the user (as logout does) and their tokens are revoked`, async () => {
      const b = browser();
      await b.signIn((await b.authorize("client_id=demo-client")) as string, "demo@example.com");
      b.pool[gone].add("sub-demo");
      assert.equal(await b.authorize("client_id=demo-client&prompt=none", { prompts: ["NONE"] }), undefined);
      assert.equal(b.issued.length, 1, "nothing issued");
      assert.equal(b.failed.at(-1)?.reason, "NOT_LOGGED_IN");
      const session = await b.session();
      assert.equal(session.user, undefined);
      assert.deepEqual(session.accounts ?? [], []);
      assert.deepEqual(session.consents ?? [], []);
      assert.deepEqual(b.revoked, ["sub-demo"], "/auth/token/revoke by subject, as the refresh grant does");
    });
  }

  it("Authlete cannot revoke at that moment: the browser still forgets the user", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "demo@example.com");
    b.pool.disabled.add("sub-demo");
    b.pool.revokeDown = true;
    const { result } = await captureLogs(() => b.authorize("client_id=demo-client&prompt=none", { prompts: ["NONE"] }));
    assert.equal(result, undefined);
    assert.equal(b.failed.at(-1)?.reason, "NOT_LOGGED_IN");
    assert.equal((await b.session()).user, undefined);
  });

  it("interactively: remembered consent → the sign-in form instead of a code; the consent page's Authorize → the sign-in form", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "demo@example.com");
    b.pool.disabled.add("sub-demo");
    const id = (await b.authorize("client_id=demo-client")) as string;
    assert.deepEqual(await b.view(id), { kind: "sign_in", reason: "no_session", loginId: undefined, locked: false });

    const c = browser();
    await c.signIn((await c.authorize("client_id=demo-client")) as string, "demo@example.com");
    const wider = (await c.authorize("client_id=demo-client", { scopes: [{ name: "openid" }, { name: "phone" }] })) as string;
    assert.deepEqual(await c.view(wider), { kind: "consent", label: "demo@example.com" });
    c.pool.deleted.add("sub-demo");
    assert.deepEqual(await c.press(wider, { step: "consent", decision: "authorize" }), { redirectTo: `/authorize/${wider}` });
    assert.equal(c.issued.length, 1, "nothing issued");
    assert.equal((await c.view(wider)).kind, "sign_in");
  });

  it("Cognito unreachable: nothing is issued and the user stays signed in — server_error silently, a 503 page or message interactively", async () => {
    const b = browser();
    await b.signIn((await b.authorize("client_id=demo-client")) as string, "demo@example.com");
    const wider = (await b.authorize("client_id=demo-client", { scopes: [{ name: "openid" }, { name: "phone" }] })) as string;
    b.pool.down = true;
    assert.equal(await b.authorize("client_id=demo-client&prompt=none", { prompts: ["NONE"] }), undefined);
    assert.equal(b.failed.at(-1)?.reason, "SERVER_ERROR");
    assert.equal((await b.request("client_id=demo-client")).status, 503, "consent remembered, but no code without Cognito's word");
    assert.deepEqual(await b.press(wider, { step: "consent", decision: "authorize" }), { state: { error: "unavailable" } });
    assert.equal(b.issued.length, 1);
    assert.equal((await b.session()).user?.sub, "sub-demo", "not signed out for Cognito's outage");
    assert.deepEqual(b.revoked, [], "nor are tokens revoked");
    b.pool.down = false;
    assert.deepEqual(await b.press(wider, { step: "consent", decision: "authorize" }), { redirectTo: "https://c.example/cb?code=x" }, "the request is kept: a retry works");
  });
});
