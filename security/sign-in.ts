// The login page and its server action as an attacker meets them, over HTTP against the real app:
// cross-site POSTs refused, pages unframeable, request IDs single-use and bound to the browser, the login session
// renewed at sign-in, the Origin restored behind a proxy, sign-in failures that read and time alike, and the refresh
// grant refusing users disabled or deleted in Cognito.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { DEMO_COGNITO } from "../local/cognito/seed";
import { sdkClient } from "../local/cognito/test-support";
import {
  browse,
  CLIENT,
  codeFrom,
  exchange,
  figures,
  formError,
  formFields,
  http,
  Jar,
  postToken,
  refresh,
  SAME_ORIGIN,
  signIn,
  startAuthorization,
  submitForm,
  useStack,
  type Answer,
  type Stack,
} from "./support";

const PASSWORD = "Suite-Pass1!";
/** Values that must never appear in the server's log (checked at the end of the suite). */
export const secretsSeen: string[] = [PASSWORD];

async function createUser(cognito: CognitoIdentityProviderClient, email: string): Promise<string> {
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: DEMO_COGNITO.userPoolId,
      Username: email,
      TemporaryPassword: "Temp-Pass9!",
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "email_verified", Value: "true" },
      ],
    }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: DEMO_COGNITO.userPoolId, Username: email, Password: PASSWORD, Permanent: true }));
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: DEMO_COGNITO.userPoolId, Username: email }));
  return user.UserAttributes?.find((a) => a.Name === "sub")?.Value as string;
}

function expiredView(a: Answer): boolean {
  return a.status === 200 && a.body.includes('data-testid="expired"') && !a.body.includes('name="password"');
}

/** Signs a user in through the page and exchanges the code: the token response. */
async function tokensFor(stack: Stack, login: string, scope = "openid email"): Promise<Record<string, unknown>> {
  const jar = new Jar();
  const page = await startAuthorization(stack.base, jar, { scope });
  const code = codeFrom(await signIn(jar, page, login, PASSWORD));
  assert.ok(code, `${login} signed in`);
  const tokens = await exchange(stack.base, code);
  secretsSeen.push(code, String(tokens.access_token), String(tokens.refresh_token));
  return tokens;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export function signInSuite(): void {
  describe("sign-in page and sessions", () => {
    let stack: Stack;
    let cognito: CognitoIdentityProviderClient;
    before(async () => {
      stack = await useStack();
      cognito = sdkClient(stack.cognitoUrl);
    });

    it("cross-site POSTs to the server action are refused before Cognito is asked, a same-origin one works", async () => {
      const jar = new Jar();
      const page = await startAuthorization(stack.base, jar);
      const fields = await formFields(jar, page);
      const logins = () => stack.output().split("\n").filter((l) => l.startsWith("level=info event=login")).length;
      const before = logins();
      const attempts: [string, Record<string, string>][] = [
        ["cross-site, foreign Origin", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
        ["cross-site, no Origin", { "sec-fetch-site": "cross-site" }],
        ["no Origin, no Fetch Metadata (an old browser or a forged form)", {}],
        ["opaque Origin without Fetch Metadata", { origin: "null" }],
        ["same-site sibling", { origin: "https://other.127.0.0.1", "sec-fetch-site": "same-site" }],
        ["foreign Origin claiming same-origin", { origin: "https://evil.example", "sec-fetch-site": "same-origin" }],
      ];
      for (const [what, headers] of attempts) {
        const a = await submitForm(jar, page, { ...fields, loginId: "demo@example.com", password: "Demo-Pass1!", decision: "authorize" }, headers);
        assert.equal(a.status, 403, what);
        assert.equal(a.headers.get("x-frame-options"), "DENY", what);
        assert.match(a.body, /This request was refused/, what);
      }
      assert.equal(logins(), before, "Cognito was never asked");
      figures.crossSitePostsRefused = `${attempts.length}/${attempts.length}`;
      assert.ok(codeFrom(await submitForm(jar, page, { ...fields, loginId: "demo@example.com", password: "Demo-Pass1!", decision: "authorize" }, SAME_ORIGIN)));
    });

    it("pages, error pages and the form_post hand-off cannot be framed", async () => {
      const jar = new Jar();
      const page = await startAuthorization(stack.base, jar, { response_mode: "form_post" });
      const signedIn = await signIn(jar, page, "demo@example.com", "Demo-Pass1!");
      const handOff = new URL(signedIn.headers.get("location") ?? "", stack.base).href;
      assert.match(handOff, /\/api\/authorization\/form\/[A-Za-z0-9_-]{22}$/);
      const urls = [
        `${stack.base}/`,
        page,
        handOff,
        `${stack.base}/authorize/%zz`,
        `${stack.base}/nope`,
        `${stack.base}/demo/callback?error=x`,
        `${stack.base}/api/authorization?client_id=nobody`,
      ];
      let framed = 0;
      for (const url of urls) {
        const a = await browse(jar, url);
        assert.match(a.headers.get("content-type") ?? "", /text\/html/, url);
        if (a.headers.get("x-frame-options") !== "DENY" || !/frame-ancestors 'none'/.test(a.headers.get("content-security-policy") ?? "")) framed++;
        assert.equal(a.headers.get("referrer-policy"), "no-referrer", url);
      }
      assert.equal(framed, 0);
      figures.unframeablePages = urls.length;
    });

    it("a request ID works once, and only in the browser it was created in", async () => {
      const mine = new Jar();
      const page = await startAuthorization(stack.base, mine);
      const fields = await formFields(mine, page);
      const other = new Jar();
      assert.ok(expiredView(await browse(other, page)), "another browser sees the expired page");
      const stolen = await submitForm(other, page, { ...fields, loginId: "demo@example.com", password: "Demo-Pass1!", decision: "authorize" });
      assert.equal(codeFrom(stolen), undefined, "no code for another browser");
      assert.ok(expiredView(stolen));

      const before = mine.clone();
      const first = await signIn(mine, page, "demo@example.com", "Demo-Pass1!");
      assert.ok(codeFrom(first));
      const again = await submitForm(mine, page, { ...fields, loginId: "demo@example.com", password: "Demo-Pass1!", decision: "authorize" });
      assert.equal(codeFrom(again), undefined, "used: the cookie is gone");
      // Replaying the old cookie too: Authlete's ticket is spent.
      const replay = await submitForm(before, page, { ...fields, loginId: "demo@example.com", password: "Demo-Pass1!", decision: "authorize" });
      assert.equal(codeFrom(replay), undefined, "used: the ticket is spent");
      assert.equal(replay.status, 200);
    });

    it("signing in renews the login session: another user's session cookie carries nothing over (no fixation)", async () => {
      const a = await createUser(cognito, "fixation-a@example.com");
      const b = await createUser(cognito, "fixation-b@example.com");
      const jar = new Jar();
      jar.set("as_session", "planted-by-an-attacker");
      // User A signs in and grants demo-client openid email profile.
      const pageA = await startAuthorization(stack.base, jar, { scope: "openid email profile" });
      assert.ok(codeFrom(await signIn(jar, pageA, "fixation-a@example.com", PASSWORD)));
      const sessionA = jar.get("as_session");
      assert.ok(sessionA && sessionA !== "planted-by-an-attacker");
      // In the same browser, user B signs in (prompt=login: A's sign-in would otherwise be offered) for openid email.
      const pageB = await startAuthorization(stack.base, jar, { scope: "openid email", prompt: "login" });
      assert.ok(codeFrom(await signIn(jar, pageB, "fixation-b@example.com", PASSWORD)));
      const sessionB = jar.get("as_session");
      assert.ok(sessionB && sessionB !== sessionA, "a new session cookie at sign-in");
      // prompt=none for what only A granted: B never consented, so no code.
      const silent = await browse(jar, `${stack.base}/api/authorization?${new URLSearchParams({ response_type: "code", client_id: CLIENT.id, redirect_uri: CLIENT.redirectUri, scope: "openid email profile", state: "s", prompt: "none" })}`);
      const loc = new URL(silent.headers.get("location") ?? "about:blank");
      assert.equal(loc.searchParams.get("code"), null, "A's grants did not carry over to B");
      assert.equal(loc.searchParams.get("error"), "consent_required");
      // What B granted works silently, and it is B's session.
      const ok = await browse(jar, `${stack.base}/api/authorization?${new URLSearchParams({ response_type: "code", client_id: CLIENT.id, redirect_uri: CLIENT.redirectUri, scope: "openid email", state: "s", nonce: "n", prompt: "none" })}`);
      const code = codeFrom(ok);
      assert.ok(code);
      const idToken = String((await exchange(stack.base, code)).id_token);
      const sub = (JSON.parse(Buffer.from(idToken.split(".")[1] as string, "base64url").toString()) as { sub: string }).sub;
      assert.equal(sub, b);
      assert.notEqual(sub, a);
    });

    it("behind a proxy that forwards another host, the no-JavaScript sign-in still works (Origin restored)", async () => {
      const jar = new Jar();
      const page = await startAuthorization(stack.base, jar);
      const a = await signIn(jar, page, "demo@example.com", "Demo-Pass1!", { ...SAME_ORIGIN, "x-forwarded-host": "login.example.test", "x-forwarded-proto": "https" });
      assert.ok(codeFrom(a), `${a.status} ${a.body.slice(0, 200)}`);
    });

    it("wrong password, unknown, disabled, locked-out and reset-required accounts read alike and answer within 50 ms of each other", async () => {
      // Wrong passwords rotate over three accounts, so none of them gets locked out (Cognito: after 5 failures).
      const wrong = ["timing-1@example.com", "timing-2@example.com", "timing-3@example.com"];
      for (const email of [...wrong, "locked@example.com"]) await createUser(cognito, email);
      const rounds = 7;
      const classes: [string, (round: number) => [string, string]][] = [
        ["wrong password", (r) => [wrong[r % wrong.length] as string, "Wrong-Pass1!"]],
        ["unknown user", () => ["nobody-at-all@example.com", "Wrong-Pass1!"]],
        ["disabled user", () => ["disabled@example.com", "Demo-Pass1!"]],
        // Locked out below: Cognito then answers "Password attempts exceeded" without checking the password. A wrong
        // password here, so an attempt that lands after the lock expired is a plain wrong password, never a sign-in.
        ["locked-out user", () => ["locked@example.com", "Wrong-Pass1!"]],
        ["reset-required user", () => ["reset@example.com", "Demo-Pass1!"]],
      ];
      const lockJar = new Jar();
      const lockPage = await startAuthorization(stack.base, lockJar);
      for (let i = 0; i < 5; i++) await signIn(lockJar, lockPage, "locked@example.com", `Wrong-Pass${i}!`);

      const pages = new Map<string, { jar: Jar; page: string; fields: Record<string, string> }>();
      for (const [name] of classes) {
        const jar = new Jar();
        const page = await startAuthorization(stack.base, jar);
        pages.set(name, { jar, page, fields: await formFields(jar, page) });
      }
      const lockouts = () => stack.output().split("\n").filter((l) => l.startsWith('level=info event=login result="too_many_attempts"')).length;
      const lockoutsBefore = lockouts();
      const took = new Map<string, number[]>(classes.map(([n]) => [n, []]));
      const messages = new Set<string>();
      for (let r = 0; r < rounds; r++) {
        for (const [name, attempt] of classes) {
          const [login, password] = attempt(r);
          const p = pages.get(name) as { jar: Jar; page: string; fields: Record<string, string> };
          const a = await submitForm(p.jar, p.page, { ...p.fields, loginId: login, password, decision: "authorize" });
          assert.equal(codeFrom(a), undefined, name);
          messages.add(formError(a.body) ?? `(no message: ${a.status})`);
          if (r > 0) took.get(name)?.push(a.ms); // the first round warms the page up
        }
      }
      assert.deepEqual([...messages], [[...messages][0]], "one message for all");
      assert.match([...messages][0] ?? "", /Incorrect login ID or password/);
      const lockedAnswers = lockouts() - lockoutsBefore;
      assert.ok(lockedAnswers >= 3, `only ${lockedAnswers} attempts met the lockout`);
      const medians = Object.fromEntries([...took].map(([n, xs]) => [n, Math.round(median(xs))]));
      const spread = Math.max(...Object.values(medians)) - Math.min(...Object.values(medians));
      figures.signInTiming = { mediansMs: medians, spreadMs: spread, samplesPerClass: rounds - 1, lockedOutAnswers: lockedAnswers };
      assert.ok(spread < 50, `spread ${spread} ms: ${JSON.stringify(medians)}`);
    });

    it("a user disabled or deleted in Cognito can no longer refresh, and their tokens are revoked", async () => {
      await createUser(cognito, "refresh-disabled@example.com");
      await createUser(cognito, "refresh-deleted@example.com");
      const results: Record<string, number> = {};
      for (const [email, end] of [
        ["refresh-disabled@example.com", () => cognito.send(new AdminDisableUserCommand({ UserPoolId: DEMO_COGNITO.userPoolId, Username: "refresh-disabled@example.com" }))],
        ["refresh-deleted@example.com", () => cognito.send(new AdminDeleteUserCommand({ UserPoolId: DEMO_COGNITO.userPoolId, Username: "refresh-deleted@example.com" }))],
      ] as const) {
        const tokens = await tokensFor(stack, email);
        const renewed = await refresh(stack.base, String(tokens.refresh_token));
        assert.equal(renewed.status, 200, "an active user refreshes");
        const fresh = JSON.parse(renewed.body) as { refresh_token: string; access_token: string };
        secretsSeen.push(fresh.refresh_token, fresh.access_token);
        await end();
        const refused = await refresh(stack.base, fresh.refresh_token);
        assert.equal(refused.status, 400, email);
        assert.equal((JSON.parse(refused.body) as { error: string }).error, "invalid_grant");
        results[email] = refused.status;
        const info = await http(`${stack.base}/api/userinfo`, { headers: { authorization: `Bearer ${fresh.access_token}` } });
        assert.equal(info.status, 401, "the access token was revoked too");
      }
      figures.refreshRefused = results;
    });

    it("browser-based clients may call token, userinfo, revocation, the JWK Set and discovery cross-origin; nothing else", async () => {
      const spa = { origin: "https://spa.example" };
      const token = await postToken(stack.base, "grant_type=client_credentials", spa);
      assert.equal(token.status, 200);
      const userinfo = await http(`${stack.base}/api/userinfo`, { headers: { ...spa, authorization: "Bearer nope" } });
      for (const a of [token, userinfo]) {
        assert.equal(a.headers.get("access-control-allow-origin"), "*");
        assert.equal(a.headers.get("access-control-allow-credentials"), null);
        assert.match(a.headers.get("access-control-expose-headers") ?? "", /WWW-Authenticate.*DPoP-Nonce/);
      }
      for (const path of ["/api/token", "/api/userinfo", "/api/revocation", "/api/jwks", "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"]) {
        const pre = await http(`${stack.base}${path}`, { method: "OPTIONS", headers: { ...spa, "access-control-request-method": path.includes("well-known") || path.endsWith("jwks") ? "GET" : "POST", "access-control-request-headers": "authorization, dpop, content-type" } });
        assert.equal(pre.status, 204, path);
        assert.equal(pre.headers.get("access-control-allow-origin"), "*", path);
        assert.match(pre.headers.get("access-control-allow-headers") ?? "", /DPoP/, path);
      }
      for (const path of ["/api/authorization", "/api/par", `/authorize/AAAAAAAAAAAAAAAAAAAAAA`, "/"]) {
        const pre = await http(`${stack.base}${path}`, { method: "OPTIONS", headers: { ...spa, "access-control-request-method": "POST" } });
        assert.equal(pre.headers.get("access-control-allow-origin"), null, path);
      }
    });
  });
}
