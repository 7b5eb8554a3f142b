// The launchers as a developer uses them: `npm run services` prints the stand-ins and the demo credentials and
// stops cleanly on SIGTERM/SIGINT; bad flags get one readable line and exit code 2, never a stack trace.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { collect, spawnTracked } from "./test-children";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Children die with this file (test-children.ts), even when an assertion fails before the kill below. */
function run(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawnTracked(script, args, { env: { ...process.env, LOCAL_COGNITO_POOL: "", ...env } });
  const { output, exited } = collect(child);
  return { child, exited, output };
}

async function waitFor(output: () => string, pattern: RegExp, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pattern.test(output())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("npm run services", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`starts both stand-ins, prints the demo data and stops on ${signal}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "services-"));
      dirs.push(dir);
      const p = run("local/services.ts", ["--authlete-port", "0", "--cognito-port", "0", "--data-dir", dir]);
      await waitFor(p.output, /Ctrl-C stops both/);
      const out = p.output();
      const authlete = /Authlete stand-in\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const cognito = /Cognito stand-in\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      assert.ok(authlete && cognito, out);
      assert.match(out, /demo@example\.com\s+\/ Demo-Pass1!/);
      assert.match(out, /AUTHLETE_BASE_URL=http:\/\/127\.0\.0\.1:\d+/);
      assert.ok(!out.includes("SESSION_SECRET="), "the session secret is not printed");

      // Both answer over HTTP.
      const discovery = await fetch(`${authlete}/api/1000/service/configuration`, { headers: { Authorization: "Bearer local-service-access-token" } });
      assert.equal(discovery.status, 200);
      const pool = await fetch(`${cognito}/`, {
        method: "POST",
        headers: { "X-Amz-Target": "AWSCognitoIdentityProviderService.DescribeUserPool", "Content-Type": "application/x-amz-json-1.1" },
        body: "{}",
      });
      assert.equal(pool.status, 400, "unsigned requests are refused the AWS way");

      p.child.kill(signal);
      const { code } = await p.exited;
      assert.equal(code, 0, p.output());
      await assert.rejects(fetch(`${authlete}/`), "the Authlete stand-in is gone");
      await assert.rejects(fetch(`${cognito}/`), "the Cognito stand-in is gone");
    });
  }

  it("points the app at the MFA-required pool with LOCAL_COGNITO_POOL=mfa-required, and at the demo pool by default", async () => {
    for (const [value, pool, client] of [
      ["mfa-required", "us-east-1_LocalMfa", "mfaappclient00000000000000e"],
      ["", "us-east-1_LocalDemo", "demoappclient0000000000000a"],
    ] as const) {
      const dir = mkdtempSync(join(tmpdir(), "services-"));
      dirs.push(dir);
      const p = run("local/services.ts", ["--authlete-port", "0", "--cognito-port", "0", "--data-dir", dir], { LOCAL_COGNITO_POOL: value });
      await waitFor(p.output, /Ctrl-C stops both/);
      const out = p.output();
      assert.match(out, new RegExp(`COGNITO_USER_POOL_ID=${pool}\\n`));
      assert.match(out, new RegExp(`COGNITO_CLIENT_ID=${client}\\n`));
      assert.match(out, /AWS_ACCESS_KEY_ID=local\n/);
      assert.match(out, /second@example\.com\s+\/ Demo-Pass1!/);
      p.child.kill("SIGTERM");
      assert.equal((await p.exited).code, 0, p.output());
    }
  });

  it("refuses an unknown flag or a bad port with one line and exit code 2", async () => {
    for (const [script, args, message] of [
      ["local/services.ts", ["--bogus"], /unknown option --bogus/],
      ["local/services.ts", ["--authlete-port", "99999"], /must be a port number/],
      ["local/stack.ts", ["deploy"], /usage: local\/stack\.ts dev\|local\|serve/],
      ["local/stack.ts", ["dev", "--authlete-api", "V9"], /--authlete-api must be V2 or V3/],
    ] as const) {
      const p = run(script, [...args]);
      const { code } = await p.exited;
      assert.equal(code, 2, p.output());
      assert.match(p.output(), message);
      assert.ok(!/\n\s+at /.test(p.output()), `no stack trace: ${p.output()}`);
    }
    for (const script of ["local/services.ts", "local/stack.ts"]) {
      const p = run(script, script.endsWith("stack.ts") ? ["dev"] : [], { LOCAL_COGNITO_POOL: "mfa" });
      const { code } = await p.exited;
      assert.equal(code, 2, p.output());
      assert.match(p.output(), /LOCAL_COGNITO_POOL must be demo or mfa-required, got "mfa"/);
    }
  });

  // Issue 9 item 2: one way to set each Authlete stand-in option, everywhere (local/authlete/settings.ts).
  it("takes the Authlete stand-in's URL settings from the environment, flags and a seed file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "services-"));
    dirs.push(dir);
    const seed = join(dir, "seed.json");
    writeFileSync(seed, JSON.stringify({ service: { jwksUri: "http://localhost:4567/oauth/jwks" }, clients: { "demo-client": { redirectUris: ["http://localhost:4567/cb"] } } }));
    const p = run(
      "local/services.ts",
      ["--authlete-port", "0", "--cognito-port", "0", "--data-dir", dir, "--token-endpoint", "http://localhost:4567/oauth/token", "--authlete-seed", seed],
      { LOCAL_AUTHLETE_ISSUER: "http://localhost:4567" },
    );
    await waitFor(p.output, /Ctrl-C stops both/);
    const out = p.output();
    const authlete = /Authlete stand-in\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    assert.ok(authlete, out);
    assert.match(out, /Issuer\s+http:\/\/localhost:4567\b/);
    assert.match(out, /ISSUER=http:\/\/localhost:4567\b/, "the app is pointed at the same issuer");
    const headers = { Authorization: "Bearer local-service-access-token" };
    const d = (await (await fetch(`${authlete}/api/1000/service/configuration`, { headers })).json()) as Record<string, unknown>;
    assert.equal(d.issuer, "http://localhost:4567");
    assert.equal(d.token_endpoint, "http://localhost:4567/oauth/token");
    assert.equal(d.jwks_uri, "http://localhost:4567/oauth/jwks");
    assert.equal(d.userinfo_endpoint, "http://localhost:4567/api/userinfo", "unset endpoints follow the issuer");
    const c = (await (await fetch(`${authlete}/api/1000/client/get/demo-client`, { headers })).json()) as Record<string, unknown>;
    assert.deepEqual(c.redirectUris, ["http://localhost:4567/cb"]);
    p.child.kill("SIGTERM");
    assert.equal((await p.exited).code, 0, p.output());
  });

  it("every launcher refuses a bad setting the same way, naming the variable or flag", async () => {
    const bad = { LOCAL_AUTHLETE_TOKEN_ENDPOINT: "not-a-url" };
    for (const [script, args] of [
      ["local/services.ts", ["--authlete-port", "0", "--cognito-port", "0"]],
      ["local/stack.ts", ["serve", "--port", "0"]],
      ["local/authlete/main.ts", ["--port", "0"]],
    ] as const) {
      const p = run(script, [...args], bad);
      const { code } = await p.exited;
      assert.equal(code, 2, `${script}: ${p.output()}`);
      assert.match(p.output(), /LOCAL_AUTHLETE_TOKEN_ENDPOINT: tokenEndpoint must be an absolute http\(s\) URL/, script);
      const latency = run(script, [...args], { LOCAL_AUTHLETE_LATENCY_MS: "soon" });
      assert.equal((await latency.exited).code, 2, script);
      assert.match(latency.output(), /LOCAL_AUTHLETE_LATENCY_MS must be a non-negative integer/, script);
      const flag = run(script, [...args, "--issuer", "https://as.example/?q"]);
      assert.equal((await flag.exited).code, 2, script);
      assert.match(flag.output(), /--issuer: the issuer must not have a query/, script);
    }
  });

  it("explains a port that is already taken", async () => {
    const dir = mkdtempSync(join(tmpdir(), "services-"));
    dirs.push(dir);
    const first = run("local/services.ts", ["--authlete-port", "0", "--cognito-port", "0", "--data-dir", dir]);
    await waitFor(first.output, /Ctrl-C stops both/);
    const port = /Authlete stand-in\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(first.output())?.[1] ?? "";
    const second = run("local/services.ts", ["--authlete-port", port, "--cognito-port", "0", "--data-dir", dir]);
    const { code } = await second.exited;
    first.child.kill("SIGTERM");
    await first.exited;
    assert.equal(code, 1);
    assert.match(second.output(), /already in use/);
    assert.ok(!/\n\s+at /.test(second.output()), second.output());
  });
});
