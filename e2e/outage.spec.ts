// Authlete or Cognito down, slow or answering garbage: browsers get a friendly page, token-style endpoints a
// server_error JSON (500/503), within the configured timeout — never a stack trace, never a hang.
// A second app instance runs here behind switchable proxies in front of the stand-ins.
import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { AUTHLETE_URL, basicAuth, CLIENT, codeFlowParams, COGNITO_URL, DEMO_USER, formError, signInOnPage, toClient } from "./helpers";
import { nextStartArgs } from "../local/env";
import { startChaosProxy, type ChaosProxy } from "./chaos";
import { freePort, startSecondApp, standInEnv, type SecondApp } from "./second-app";

const TIMEOUT_MS = 1500;
let app: SecondApp;
let appUrl = "";
let authlete: ChaosProxy;
let cognito: ChaosProxy;

test.beforeAll(async () => {
  authlete = await startChaosProxy(AUTHLETE_URL);
  cognito = await startChaosProxy(COGNITO_URL);
  app = await startSecondApp((url) => ({
    ...standInEnv(url, authlete.url, cognito.url),
    AUTHLETE_TIMEOUT_MS: String(TIMEOUT_MS),
    COGNITO_TIMEOUT_MS: String(TIMEOUT_MS),
  }));
  appUrl = app.url;
});

test.afterAll(async () => {
  app?.stop();
  await Promise.all([authlete?.close(), cognito?.close()]);
});

test.beforeEach(() => {
  authlete.mode = "pass";
  cognito.mode = "pass";
});

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - start };
}

const tokenForm = () => ({ grant_type: "client_credentials" });

for (const mode of ["hang", "garbage", "error", "drop"] as const) {
  test(`Authlete ${mode}: token endpoint answers a JSON error in time, browser gets a friendly page`, async ({ page, request }) => {
    authlete.mode = mode;
    const { value: res, ms } = await timed(() =>
      request.post(`${appUrl}/api/token`, { form: tokenForm(), headers: { Authorization: basicAuth(CLIENT.id, CLIENT.secret) }, failOnStatusCode: false }),
    );
    expect([500, 503]).toContain(res.status());
    expect(ms).toBeLessThan(TIMEOUT_MS + 3000);
    const body = (await res.json()) as { error: string; error_description: string };
    expect(body.error).toBe("server_error");
    if (res.status() === 503) expect(res.headers()["retry-after"]).toBe("5");
    expect(body.error_description).not.toMatch(/exploded|not JSON|at .*\.ts/);
    expect(res.headers()["cache-control"]).toBe("no-store");

    const ui = await request.get(`${appUrl}/api/userinfo`, { headers: { Authorization: "Bearer abc" }, failOnStatusCode: false });
    expect([500, 503]).toContain(ui.status());

    const nav = await page.goto(`${appUrl}/api/authorization?${new URLSearchParams(codeFlowParams())}`);
    expect([500, 503]).toContain(nav?.status());
    await expect(page.getByRole("heading")).toHaveText(/temporarily unavailable|Something went wrong/);
    expect(await page.content()).not.toMatch(/Error:|at .*\(|exploded/);
  });
}

for (const mode of ["hang", "garbage", "drop"] as const) {
  test(`Cognito ${mode}: the login page says so in time and keeps the request usable`, async ({ page }) => {
    await page.route("https://client.example.org/**", (r) => r.fulfill({ body: "client" }));
    await page.goto(`${appUrl}/api/authorization?${new URLSearchParams(codeFlowParams())}`);
    await expect(page.getByLabel("Password")).toBeVisible();
    cognito.mode = mode;
    const start = Date.now();
    await signInOnPage(page, DEMO_USER.login, DEMO_USER.password);
    await expect(formError(page)).toContainText("temporarily unavailable", { timeout: TIMEOUT_MS * 3 + 5000 });
    expect(Date.now() - start).toBeLessThan(TIMEOUT_MS * 3 + 5000);
    cognito.mode = "pass";
    expect((await toClient(page, () => signInOnPage(page, DEMO_USER.login, DEMO_USER.password))).get("code")).toBeTruthy();
  });
}

test("no secrets in the logs", async () => {
  const logs = app.logs();
  expect(logs).toContain("event=login"); // the instance did log the sign-ins above
  expect(logs).not.toContain(DEMO_USER.password);
  expect(logs).not.toContain(CLIENT.secret);
  expect(logs).not.toContain("local-service-access-token");
  expect(logs).not.toContain("demo-cognito-client-secret");
});

test("the server refuses to start without its configuration and names what is missing", async () => {
  const child = spawn(process.execPath, nextStartArgs(await freePort()), {
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ISSUER: "https://login.example.com" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(null);
    }, 20_000);
    child.on("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(code).toBe(1);
  for (const name of ["AUTHLETE_BASE_URL", "AUTHLETE_SERVICE_APIKEY", "COGNITO_USER_POOL_ID", "SESSION_SECRET"]) expect(out).toContain(name);
  expect(out).not.toMatch(/\n\s+at /); // no stack trace
});
