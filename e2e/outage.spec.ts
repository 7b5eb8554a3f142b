// Authlete or Cognito down, slow or answering garbage: browsers get a friendly page, token-style endpoints a
// server_error/temporarily_unavailable JSON, within the configured timeout — never a stack trace, never a hang.
// A second app instance runs here behind switchable proxies in front of the stand-ins.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { expect, test } from "@playwright/test";
import { AUTHLETE_URL, basicAuth, CLIENT, codeFlowParams, COGNITO_URL, DEMO_USER, formError, signInOnPage, toClient } from "./helpers";
import { startChaosProxy, type ChaosProxy } from "./chaos";

const TIMEOUT_MS = 1500;
let app: ChildProcess | undefined;
let appUrl = "";
let authlete: ChaosProxy;
let cognito: ChaosProxy;
let logs = "";

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test.beforeAll(async () => {
  authlete = await startChaosProxy(AUTHLETE_URL);
  cognito = await startChaosProxy(COGNITO_URL);
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  app = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      ISSUER: appUrl,
      AUTHLETE_BASE_URL: authlete.url,
      AUTHLETE_API_VERSION: "V3",
      AUTHLETE_SERVICE_APIKEY: "1000",
      AUTHLETE_SERVICE_ACCESSTOKEN: "local-service-access-token",
      AUTHLETE_TIMEOUT_MS: String(TIMEOUT_MS),
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      COGNITO_USER_POOL_ID: "us-east-1_LocalDemo",
      COGNITO_CLIENT_ID: "demoappclient0000000000000a",
      COGNITO_CLIENT_SECRET: "demo-cognito-client-secret",
      COGNITO_ENDPOINT: cognito.url,
      COGNITO_TIMEOUT_MS: String(TIMEOUT_MS),
      SESSION_SECRET: "outage-test-session-secret-0123456789abcdef",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout?.on("data", (d: Buffer) => (logs += d.toString()));
  app.stderr?.on("data", (d: Buffer) => (logs += d.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const r = await fetch(`${appUrl}/api/jwks`);
      if (r.status === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`second app instance did not start:\n${logs}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

test.afterAll(async () => {
  app?.kill("SIGTERM");
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
    expect(["server_error", "temporarily_unavailable"]).toContain(body.error);
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
  expect(logs).not.toContain(DEMO_USER.password);
  expect(logs).not.toContain(CLIENT.secret);
  expect(logs).not.toContain("local-service-access-token");
});

test("the server refuses to start without its configuration and names what is missing", async () => {
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(await freePort())], {
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
