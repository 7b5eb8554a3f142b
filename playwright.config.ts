// End-to-end tests: the real app (`next start` on a production build) against both stand-ins over HTTP,
// driven in Chromium. Ports are picked free once, in the runner process, and handed to the workers through
// the environment, so a running `npm run dev` never collides with a test run.
import { defineConfig, devices } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function freePort(): string {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim();
}

const env = process.env;
env.E2E_APP_PORT ??= freePort();
env.E2E_AUTHLETE_PORT ??= freePort();
env.E2E_COGNITO_PORT ??= freePort();
env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "oauth-e2e-"));
env.E2E_BASE_URL = `http://127.0.0.1:${env.E2E_APP_PORT}`;
env.E2E_AUTHLETE_URL = `http://127.0.0.1:${env.E2E_AUTHLETE_PORT}`;
env.E2E_COGNITO_URL = `http://127.0.0.1:${env.E2E_COGNITO_PORT}`;

// Debian's chromium when present (Playwright cannot download its own browser here); Playwright's otherwise.
const systemChromium = env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const useSystemChromium = env.PW_BUNDLED_BROWSER !== "1" && existsSync(systemChromium);

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!env.CI,
  retries: 0,
  timeout: 30_000,
  // A page's first render after a fresh `next start` on a 2-core machine can take a few seconds: web-first
  // assertions wait up to 10 s (Playwright's default is 5 s) rather than fail on a cold server.
  expect: { timeout: 10_000 },
  reporter: env.CI ? "line" : "list",
  use: {
    // Exactly the host the server listens on: server actions compare Origin with Host.
    baseURL: env.E2E_BASE_URL,
    trace: "retain-on-failure",
    ...(useSystemChromium
      ? {
          launchOptions: {
            executablePath: systemChromium,
            args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
          },
        }
      : {}),
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: [
      "node --import tsx local/stack.ts serve --host 127.0.0.1",
      `--port ${env.E2E_APP_PORT} --authlete-port ${env.E2E_AUTHLETE_PORT} --cognito-port ${env.E2E_COGNITO_PORT}`,
      `--data-dir ${env.E2E_DATA_DIR} --reset`,
    ].join(" "),
    url: `${env.E2E_BASE_URL}/.well-known/openid-configuration`,
    reuseExistingServer: false,
    timeout: 90_000,
    stdout: env.E2E_VERBOSE ? "pipe" : "ignore",
    stderr: "pipe",
  },
});
