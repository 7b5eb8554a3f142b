// Fault injection: a second instance of the built app talks to the stand-ins through switchable proxies
// (e2e/chaos.ts). With Authlete or Cognito stopped (connection refused), hanging, answering after the timeout,
// dropping the connection, answering garbage or a 500, every answer comes within the configured timeout (plus a
// margin for the app's own work) and is the documented one — a `server_error` JSON (503 + Retry-After when the
// upstream is unreachable, 500 when it answered nonsense) for clients, a friendly page for browsers — and the app
// recovers by itself the moment the upstream is back.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startChaosProxy, type ChaosProxy } from "../e2e/chaos";
import { standInEnv } from "../e2e/second-app";
import { checkInvariants } from "./corpus";
import {
  atEnd,
  browse,
  CLIENT,
  codeFrom,
  DEMO_USER,
  exchange,
  figures,
  formError,
  http,
  Jar,
  postToken,
  refresh,
  signIn,
  startApp,
  startAuthorization,
  useStack,
  type Answer,
  type App,
} from "./support";

const TIMEOUT_MS = 1500;
/** The app's own work on top of the upstream timeout (rendering, a retry the SDK makes within the same budget). */
const MARGIN_MS = 2500;

type Fault = "down" | "hang" | "slow" | "drop" | "garbage" | "error";
const FAULTS: Fault[] = ["down", "hang", "slow", "drop", "garbage", "error"];
/** Unreachable, silent or too late → 503; reachable but nonsense → 500 (README, "Security properties"). */
const AUTHLETE_STATUS: Record<Fault, number> = { down: 503, hang: 503, slow: 503, drop: 503, garbage: 500, error: 500 };

async function inject(proxy: ChaosProxy, fault: Fault): Promise<void> {
  if (fault === "down") await proxy.down();
  else proxy.mode = fault;
}

async function heal(proxy: ChaosProxy): Promise<void> {
  await proxy.up();
  proxy.mode = "pass";
}

export function faultSuite(): void {
  describe("fault injection", () => {
    let app: App;
    let authlete: ChaosProxy;
    let cognito: ChaosProxy;
    let slowest = 0;
    let cases = 0;
    const timed = async (name: string, path: string, fn: () => Promise<Answer>): Promise<Answer> => {
      const a = await fn();
      cases++;
      slowest = Math.max(slowest, a.ms);
      assert.ok(a.ms < TIMEOUT_MS + MARGIN_MS, `${name}: answered after ${Math.round(a.ms)} ms`);
      checkInvariants(app.base, { name, path }, a, { outage: true });
      return a;
    };

    before(async () => {
      const stack = await useStack();
      authlete = await startChaosProxy(stack.authleteUrl);
      cognito = await startChaosProxy(stack.cognitoUrl);
      atEnd(() => Promise.all([authlete.close(), cognito.close()]).then(() => undefined));
      authlete.slowMs = cognito.slowMs = TIMEOUT_MS + 1500;
      app = await startApp((issuer) => ({
        ...standInEnv(issuer, authlete.url, cognito.url),
        AUTHLETE_TIMEOUT_MS: String(TIMEOUT_MS),
        COGNITO_TIMEOUT_MS: String(TIMEOUT_MS),
      }));
    });
    after(async () => {
      figures.faults = { cases, slowestAnswerMs: Math.round(slowest), timeoutMs: TIMEOUT_MS };
    });

    for (const fault of FAULTS) {
      it(`Authlete ${fault}: clients get server_error ${AUTHLETE_STATUS[fault]}, browsers a friendly page, in time; then it recovers`, async () => {
        await inject(authlete, fault);
        try {
          const expected = AUTHLETE_STATUS[fault];
          const token = await timed("token", "/api/token", () =>
            postToken(app.base, "grant_type=client_credentials"),
          );
          assert.equal(token.status, expected);
          assert.deepEqual(Object.keys(JSON.parse(token.body) as object).sort(), ["error", "error_description"]);
          assert.equal((JSON.parse(token.body) as { error: string }).error, "server_error");
          assert.equal(token.headers.get("retry-after"), expected === 503 ? "5" : null);
          assert.equal(token.headers.get("cache-control"), "no-store");
          assert.doesNotMatch(token.body, /exploded|not JSON|A\d{6}/);

          const userinfo = await timed("userinfo", "/api/userinfo", () => http(`${app.base}/api/userinfo`, { headers: { authorization: "Bearer abc" } }));
          assert.equal(userinfo.status, expected);

          const jwks = await timed("jwks", "/api/jwks", () => http(`${app.base}/api/jwks`));
          assert.equal(jwks.status, expected);

          const page = await timed("authorization", "/api/authorization", () => browse(new Jar(), `${app.base}/api/authorization?${new URLSearchParams({ response_type: "code", client_id: CLIENT.id, redirect_uri: CLIENT.redirectUri, scope: "openid", state: "s" })}`));
          assert.equal(page.status, expected);
          assert.match(page.headers.get("content-type") ?? "", /text\/html/);
          assert.match(page.body, expected === 503 ? /Sign-in is temporarily unavailable/ : /Something went wrong/);
        } finally {
          await heal(authlete);
        }
        // Recovery without a restart.
        const ok = await postToken(app.base, "grant_type=client_credentials");
        assert.equal(ok.status, 200, `after ${fault}: ${ok.body}`);
        assert.equal((await browse(new Jar(), `${app.base}/api/authorization?${new URLSearchParams({ response_type: "code", client_id: CLIENT.id, redirect_uri: CLIENT.redirectUri, scope: "openid", state: "s" })}`)).status, 303);
      });
    }

    let refreshToken = "";
    for (const fault of FAULTS) {
      it(`Cognito ${fault}: the sign-in page says so in time and keeps the request; password and refresh grants get 503, the refresh token unspent; then it recovers`, async () => {
        if (!refreshToken) {
          const j = new Jar();
          const code = codeFrom(await signIn(j, await startAuthorization(app.base, j), DEMO_USER.login, DEMO_USER.password));
          refreshToken = String((await exchange(app.base, code ?? "")).refresh_token);
        }
        const jar = new Jar();
        const page = await startAuthorization(app.base, jar);
        await inject(cognito, fault);
        try {
          const a = await timed("sign-in", new URL(page).pathname, () => signIn(jar, page, DEMO_USER.login, DEMO_USER.password));
          assert.equal(a.status, 200);
          assert.equal(codeFrom(a), undefined);
          assert.match(formError(a.body) ?? "", /temporarily unavailable/);
          const grant = await timed("password grant", "/api/token", () =>
            postToken(app.base, { grant_type: "password", username: DEMO_USER.login, password: DEMO_USER.password }),
          );
          assert.equal(grant.status, 503);
          assert.equal((JSON.parse(grant.body) as { error: string }).error, "server_error");
          const renewed = await timed("refresh grant", "/api/token", () => refresh(app.base, refreshToken));
          assert.equal(renewed.status, 503);
        } finally {
          await heal(cognito);
        }
        // The same pending request completes once Cognito is back, and the same refresh token still works.
        assert.ok(codeFrom(await signIn(jar, page, DEMO_USER.login, DEMO_USER.password)), `after ${fault}`);
        const renewed = await refresh(app.base, refreshToken);
        assert.equal(renewed.status, 200, `refresh after ${fault}: ${renewed.body}`);
        refreshToken = (JSON.parse(renewed.body) as { refresh_token: string }).refresh_token;
      });
    }

    it("no secret reached this instance's log while it was failing", () => {
      const out = app.output();
      for (const secret of [DEMO_USER.password, CLIENT.secret, "local-service-access-token", "demo-cognito-client-secret"]) assert.ok(!out.includes(secret), secret);
      assert.match(out, /level=error event=token upstream="authlete"/);
    });
  });
}
