// Contract tests of the wire protocol and the instrument itself: AWS JSON 1.1 errors and headers,
// SigV4 presence, unknown operations, malformed bodies, Coral-style validation, persistence across
// restarts (users, signing key, tokens), the local-only endpoints, log hygiene, the CLI, and RFC 6238.

import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  InitiateAuthCommand,
  UnsupportedOperationException,
} from "@aws-sdk/client-cognito-identity-provider";
import { createRemoteJWKSet, jwtVerify } from "jose";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { signIn as appSignIn } from "../../lib/cognito/authenticate";
import { parseArgs, UsageError } from "./cli-args";
import { DEMO_COGNITO, demoUser, secretHash, totpCode } from "./seed";
import { startCognitoStandIn } from "./server";
import { APP, type Harness, hashFor, rawCall, rejectsNamed, rejectsWith, respond, sdkClient, signIn, startHarness } from "./test-support";
import { BAD_SIGNATURE, signHeaders } from "./sigv4";
import { hotp } from "./totp";
import { spawnTracked } from "../test-children";

const POOL = DEMO_COGNITO.userPoolId;
const PASSWORD = DEMO_COGNITO.password;
const TARGET = "AWSCognitoIdentityProviderService.";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const call = (op: string, body: unknown, headers?: Record<string, string>) =>
  rawCall(h.standIn.url, `${TARGET}${op}`, typeof body === "string" ? body : JSON.stringify(body), headers);

describe("AWS JSON 1.1 protocol", () => {
  it("answers errors the way AWS does: HTTP 400, __type + message, x-amzn-ErrorType and x-amzn-RequestId", async () => {
    const r = await call("AdminGetUser", { UserPoolId: POOL, Username: "nobody@example.com" });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { __type: "UserNotFoundException", message: "User does not exist." });
    assert.equal(r.headers.get("x-amzn-errortype"), "UserNotFoundException:");
    assert.equal(r.headers.get("x-amzn-errormessage"), "User does not exist.");
    assert.match(r.headers.get("x-amzn-requestid")!, /^[0-9a-f-]{36}$/);
    assert.equal(r.headers.get("content-type"), "application/x-amz-json-1.1");

    const ok = await call("AdminGetUser", { UserPoolId: POOL, Username: "demo@example.com" });
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get("x-amzn-requestid")!, /^[0-9a-f-]{36}$/);
    assert.equal(typeof ok.json.UserCreateDate, "number"); // epoch seconds on the wire
  });

  it("gives the SDK the request id and status of an error", async () => {
    const e = await rejectsNamed(h.client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: "nobody@example.com" })), "UserNotFoundException");
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.match(e.$metadata.requestId!, /^[0-9a-f-]{36}$/);
    assert.equal(e.$fault, "client");
  });

  it("rejects a request without SigV4 authorization, and malformed or mis-scoped signatures", async () => {
    const body = { UserPoolId: POOL, Username: "demo@example.com" };
    const unsigned = await call("AdminGetUser", body, {});
    assert.equal(unsigned.status, 400);
    assert.equal(unsigned.json.__type, "com.amazon.coral.service#MissingAuthenticationTokenException");
    assert.equal(unsigned.json.message, "Missing Authentication Token");
    assert.match(unsigned.headers.get("x-amzn-errortype")!, /^MissingAuthenticationTokenException:/);

    const noCredential = await call("AdminGetUser", body, { authorization: "AWS4-HMAC-SHA256 Signature=abc", "x-amz-date": "20260101T000000Z" });
    assert.equal(noCredential.json.__type, "IncompleteSignatureException");
    const bearer = await call("AdminGetUser", body, { authorization: "Bearer abc" });
    assert.equal(bearer.json.__type, "IncompleteSignatureException");

    // The real SDK, signing for another region: refused the way AWS refuses it.
    const elsewhere = sdkClient(h.standIn.url, "eu-west-1");
    try {
      await rejectsNamed(elsewhere.send(new AdminGetUserCommand(body)), "InvalidSignatureException", /Credential should be scoped to a valid region/);
    } finally {
      elsewhere.destroy();
    }
  });

});

describe("SigV4 signatures (IAM User Guide, create-signed-request; sigv4-date-handling)", () => {
  const body = { UserPoolId: POOL, Username: "demo@example.com" };
  /** The real SDK with other credentials or a skewed clock; destroyed after the call. */
  async function withClient<T>(make: () => ReturnType<typeof sdkClient>, fn: (c: ReturnType<typeof sdkClient>) => Promise<T>): Promise<T> {
    const c = make();
    try {
      return await fn(c);
    } finally {
      c.destroy();
    }
  }

  it("accepts the stand-in's own credentials and refuses a wrong secret with InvalidSignatureException (HTTP 400)", async () => {
    assert.ok((await h.client.send(new AdminGetUserCommand(body))).Username);
    const e = await withClient(
      () => sdkClient(h.standIn.url, DEMO_COGNITO.region, { accessKeyId: "local", secretAccessKey: "not-the-secret" }),
      (c) => rejectsNamed(c.send(new AdminGetUserCommand(body)), "InvalidSignatureException", BAD_SIGNATURE),
    );
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.equal(e.$fault, "client");
  });

  it("refuses an unknown access key, and a session token the key does not have, with UnrecognizedClientException", async () => {
    const unknown = await withClient(
      () => sdkClient(h.standIn.url, DEMO_COGNITO.region, { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }),
      (c) => rejectsNamed(c.send(new AdminGetUserCommand(body)), "UnrecognizedClientException", "The security token included in the request is invalid."),
    );
    assert.equal(unknown.$metadata.httpStatusCode, 400);
    await withClient(
      () => sdkClient(h.standIn.url, DEMO_COGNITO.region, { ...DEMO_COGNITO.credentials, sessionToken: "FwoGZXIvYXdzEXAMPLE" }),
      (c) => rejectsNamed(c.send(new AdminGetUserCommand(body)), "UnrecognizedClientException", "The security token included in the request is invalid."),
    );
    const raw = await call("AdminGetUser", body, {
      ...signHeaders({ url: h.standIn.url, body: JSON.stringify(body), headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `${TARGET}AdminGetUser` }, credential: { accessKeyId: "nobody", secretAccessKey: "x" }, region: "us-east-1" }),
    });
    assert.equal(raw.status, 400);
    assert.deepEqual(raw.json, { __type: "UnrecognizedClientException", message: "The security token included in the request is invalid." });
    assert.equal(raw.headers.get("x-amzn-errortype"), "UnrecognizedClientException:");
  });

  it("refuses a time stamp more than five minutes off, either way, and accepts one within", async () => {
    await withClient(
      () => sdkClient(h.standIn.url, DEMO_COGNITO.region, DEMO_COGNITO.credentials, -6 * 60_000),
      (c) => rejectsNamed(c.send(new AdminGetUserCommand(body)), "InvalidSignatureException", /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/),
    );
    await withClient(
      () => sdkClient(h.standIn.url, DEMO_COGNITO.region, DEMO_COGNITO.credentials, 6 * 60_000),
      (c) => rejectsNamed(c.send(new AdminGetUserCommand(body)), "InvalidSignatureException", /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/),
    );
    const ok = await withClient(
      () => sdkClient(h.standIn.url, DEMO_COGNITO.region, DEMO_COGNITO.credentials, 4 * 60_000),
      (c) => c.send(new AdminGetUserCommand(body)),
    );
    assert.ok(ok.Username);
  });

  it("covers the body, the target and the host: any change after signing is refused", async () => {
    const text = JSON.stringify(body);
    const headers = { "content-type": "application/x-amz-json-1.1", "x-amz-target": `${TARGET}AdminGetUser` };
    const signed = signHeaders({ url: h.standIn.url, body: text, headers, credential: DEMO_COGNITO.credentials, region: "us-east-1" });
    assert.equal((await call("AdminGetUser", text, signed)).status, 200);
    const tampered = await call("AdminGetUser", JSON.stringify({ ...body, Username: "mfa@example.com" }), signed);
    assert.deepEqual(tampered.json, { __type: "InvalidSignatureException", message: BAD_SIGNATURE });
    const retargeted = await call("AdminDeleteUser", text, { ...signed, "x-amz-target": `${TARGET}AdminDeleteUser` });
    assert.equal(retargeted.json.__type, "InvalidSignatureException");
    const otherHost = signHeaders({ url: h.standIn.url.replace("127.0.0.1", "localhost"), body: text, headers, credential: DEMO_COGNITO.credentials, region: "us-east-1" });
    assert.equal((await call("AdminGetUser", text, otherHost)).json.__type, "InvalidSignatureException");
  });

  it("checks the scope's date, the time stamp's format and that Host is signed", async () => {
    const auth = (scopeDate: string, signed = "host;x-amz-date") =>
      `AWS4-HMAC-SHA256 Credential=local/${scopeDate}/us-east-1/cognito-idp/aws4_request, SignedHeaders=${signed}, Signature=00`;
    const wrongDay = await call("AdminGetUser", body, { authorization: auth("20260102"), "x-amz-date": "20260101T235959Z" });
    assert.equal(wrongDay.json.__type, "InvalidSignatureException");
    assert.equal(
      wrongDay.json.message,
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260102' != '20260101', from '20260101T235959Z'.",
    );
    const badDate = await call("AdminGetUser", body, { authorization: auth("20260101"), "x-amz-date": "2026-01-01T00:00:00Z" });
    assert.equal(badDate.json.__type, "IncompleteSignatureException");
    const noHost = await call("AdminGetUser", body, { authorization: auth("20260101", "x-amz-date"), "x-amz-date": "20260101T000000Z" });
    assert.equal(noHost.json.__type, "IncompleteSignatureException");
    assert.equal(noHost.json.message, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  });

  it("is what the app's sign-in sees as misconfigured (not unavailable), and the ID token's iss passes its check", async () => {
    const settings = { region: DEMO_COGNITO.region, userPoolId: POOL, clientId: APP.clientId, clientSecret: APP.clientSecret, timeoutMs: 5000 };
    const wrongSecret = await withClient(
      () => sdkClient(h.standIn.url, DEMO_COGNITO.region, { accessKeyId: "local", secretAccessKey: "wrong" }),
      (c) => appSignIn(c, settings, "demo@example.com", PASSWORD),
    );
    assert.equal(wrongSecret.kind === "failure" && wrongSecret.reason, "misconfigured");
    const unknownKey = await withClient(
      () => sdkClient(h.standIn.url, DEMO_COGNITO.region, { accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x" }),
      (c) => appSignIn(c, settings, "demo@example.com", PASSWORD),
    );
    assert.equal(unknownKey.kind === "failure" && unknownKey.reason, "misconfigured");
    // The right credentials: claims come from the ID token (no AdminGetUser), which needs Cognito's iss.
    const before = h.logs.length;
    const ok = await appSignIn(h.client, settings, "demo@example.com", PASSWORD);
    assert.equal(ok.kind === "success" && ok.subject, demoUser("demo@example.com").sub);
    assert.deepEqual(h.logs.slice(before).map((l) => l.split(" ")[1]), ["AdminInitiateAuth"]);
  });

  it("takes its accepted credentials from the options (the documented configuration)", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "cognito-keys-"));
    const own = { accessKeyId: "AKIDLOCALTEST", secretAccessKey: "another-secret" };
    const s = await startCognitoStandIn({ port: 0, dataDir, log: () => {}, credentials: [own] });
    try {
      await withClient(() => sdkClient(s.url, DEMO_COGNITO.region, own), (c) => c.send(new AdminGetUserCommand(body)));
      await withClient(
        () => sdkClient(s.url),
        (c) => rejectsNamed(c.send(new AdminGetUserCommand(body)), "UnrecognizedClientException"),
      );
    } finally {
      await s.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("AWS JSON 1.1 protocol: operations", () => {
  it("answers an unknown target with UnknownOperationException, and other Cognito operations plainly", async () => {
    const r = await call("StealAllUsers", {});
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, "com.amazon.coral.service#UnknownOperationException");
    assert.match(r.headers.get("x-amzn-errortype")!, /^UnknownOperationException:/);
    const other = await rawCall(h.standIn.url, "DynamoDB_20120810.ListTables", "{}");
    assert.match(String(other.json.__type), /UnknownOperationException$/);
    const none = await rawCall(h.standIn.url, undefined, "{}");
    assert.match(String(none.json.__type), /UnknownOperationException$/);
    // A real Cognito operation this stand-in does not implement: modelled, client-side, not retried.
    await rejectsWith(
      h.client.send(new InitiateAuthCommand({ ClientId: APP.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: {} })),
      UnsupportedOperationException,
      "InitiateAuth is not implemented by the local Cognito stand-in.",
    );
  });

  it("answers malformed JSON and wrongly typed members with SerializationException", async () => {
    const bad = await call("AdminGetUser", "{not json");
    assert.equal(bad.status, 400);
    assert.equal(bad.json.__type, "com.amazon.coral.service#SerializationException");
    const list = await call("AdminGetUser", "[]");
    assert.equal(list.json.__type, "com.amazon.coral.service#SerializationException");
    const typed = await call("AdminGetUser", { UserPoolId: POOL, Username: { nested: true } });
    assert.equal(typed.json.__type, "com.amazon.coral.service#SerializationException");
    assert.equal(typed.json.message, "Start of structure or map found where not expected.");
    const number = await call("AdminInitiateAuth", { UserPoolId: POOL, ClientId: APP.clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: 1 } });
    assert.equal(number.json.__type, "com.amazon.coral.service#SerializationException");
  });

  it("reports constraint violations as InvalidParameterException in Coral's words, never echoing passwords", async () => {
    const missing = await call("AdminGetUser", {});
    assert.equal(missing.json.__type, "InvalidParameterException");
    assert.equal(
      missing.json.message,
      "2 validation errors detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'username' failed to satisfy constraint: Member must not be null",
    );
    const pattern = await call("AdminGetUser", { UserPoolId: "no pool", Username: "demo@example.com" });
    assert.equal(
      pattern.json.message,
      "1 validation error detected: Value 'no pool' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
    );
    const flow = await call("AdminInitiateAuth", { UserPoolId: POOL, ClientId: APP.clientId, AuthFlow: "MAGIC" });
    assert.match(String(flow.json.message), /Value 'MAGIC' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set/);
    const secretValue = " Leaky-Pass1! ";
    const pw = await call("AdminSetUserPassword", { UserPoolId: POOL, Username: "demo@example.com", Password: secretValue, Permanent: true });
    assert.equal(pw.json.__type, "InvalidParameterException");
    assert.match(String(pw.json.message), /Value at 'password' failed to satisfy constraint/);
    assert.ok(!String(pw.json.message).includes("Leaky"));
  });
});

describe("local-only endpoints", () => {
  it("serves health, codes (404 for unknown users) and 404 elsewhere", async () => {
    assert.deepEqual(await (await fetch(`${h.standIn.url}/_local/health`)).json(), { ok: true });
    assert.equal((await fetch(`${h.standIn.url}/_local/codes?username=nobody@example.com`)).status, 404);
    const all = (await (await fetch(`${h.standIn.url}/_local/codes`)).json()) as { messages: unknown[] };
    assert.ok(Array.isArray(all.messages));
    assert.equal((await fetch(`${h.standIn.url}/nothing-here`)).status, 404);
    assert.equal((await fetch(`${h.standIn.url}/us-east-1_Nope/.well-known/jwks.json`)).status, 404);
  });

  it("listens on loopback only", async () => {
    await assert.rejects(startCognitoStandIn({ host: "0.0.0.0", port: 0, dataDir: join(tmpdir(), "never-created") }), /loopback/);
  });
});

describe("log lines", () => {
  it("log one line per call with operation, outcome and duration, and never a password, token, SECRET_HASH or Session", async () => {
    const before = h.logs.length;
    const first = await signIn(h, "mfa@example.com", PASSWORD);
    const done = await respond(h, "SOFTWARE_TOKEN_MFA", first.Session, "mfa@example.com", { SOFTWARE_TOKEN_MFA_CODE: totpCode(DEMO_COGNITO.totpSecret, h.clock.now) });
    const tokens = done.AuthenticationResult!;
    await rejectsNamed(signIn(h, "demo@example.com", "Wrong-Pass1!"), "NotAuthorizedException");
    await h.client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL,
        ClientId: APP.clientId,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken!, ...hashFor(APP, demoUser("mfa@example.com").sub) },
      }),
    );
    const lines = h.logs.slice(before);
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /^POST AdminInitiateAuth mfa@example\.com ChallengeName=SOFTWARE_TOKEN_MFA \d+ms$/);
    assert.match(lines[1]!, /^POST AdminRespondToAuthChallenge mfa@example\.com OK .*\d+ms$/);
    assert.match(lines[2]!, /^POST AdminInitiateAuth demo@example\.com NotAuthorizedException \d+ms$/);
    const secrets = [PASSWORD, "Wrong-Pass1!", first.Session!, tokens.AccessToken!, tokens.IdToken!, tokens.RefreshToken!, secretHash("mfa@example.com")];
    for (const line of lines) for (const s of secrets) assert.ok(!line.includes(s), `log line leaks a secret: ${line}`);
  });
});

describe("persistence", () => {
  it("keeps created users, the signing key and issued tokens across a restart; stores no plain passwords", async () => {
    await h.client.send(
      new AdminCreateUserCommand({ UserPoolId: POOL, Username: "survivor@example.com", TemporaryPassword: "Survive-Pass1!", MessageAction: "SUPPRESS" }),
    );
    const tokens = (await signIn(h, "demo@example.com", PASSWORD)).AuthenticationResult!;
    const jwksBefore = await (await fetch(`${h.standIn.url}/${POOL}/.well-known/jwks.json`)).text();

    await h.restart();

    assert.equal((await h.client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: "survivor@example.com" }))).UserStatus, "FORCE_CHANGE_PASSWORD");
    assert.equal(await (await fetch(`${h.standIn.url}/${POOL}/.well-known/jwks.json`)).text(), jwksBefore);
    // A token from before the restart still verifies (same key, same issuer: the port is not part of it).
    const jwks = createRemoteJWKSet(new URL(`${h.standIn.url}/${POOL}/.well-known/jwks.json`));
    await jwtVerify(tokens.IdToken!, jwks, { algorithms: ["RS256"], issuer: `https://cognito-idp.us-east-1.amazonaws.com/${POOL}` });
    const refreshed = await h.client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL,
        ClientId: APP.clientId,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken!, ...hashFor(APP, demoUser("demo@example.com").sub) },
      }),
    );
    assert.ok(refreshed.AuthenticationResult?.IdToken);
    assert.equal((await signIn(h, "survivor@example.com", "Survive-Pass1!")).ChallengeName, "NEW_PASSWORD_REQUIRED");

    const files = await readdir(h.dataDir);
    assert.deepEqual(files.sort(), ["signing-key.json", "state.json"]);
    const state = await readFile(join(h.dataDir, "state.json"), "utf8");
    for (const plain of [PASSWORD, DEMO_COGNITO.temporaryPassword, "Survive-Pass1!"]) assert.ok(!state.includes(plain));
    assert.match(state, /"passwordHash":"scrypt\$/);
    assert.ok(!state.includes(tokens.RefreshToken!));
  });

  it("starts again from the seed with reset, removing only its own files", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "cognito-reset-"));
    try {
      let s = await startCognitoStandIn({ port: 0, dataDir, log: () => {} });
      let c = sdkClient(s.url);
      await c.send(new AdminCreateUserCommand({ UserPoolId: POOL, Username: "temp@example.com", MessageAction: "SUPPRESS" }));
      c.destroy();
      await s.close();
      const keyBefore = await readFile(join(dataDir, "signing-key.json"), "utf8");
      await writeFile(join(dataDir, "not-ours.txt"), "keep me");
      s = await startCognitoStandIn({ port: 0, dataDir, reset: true, log: () => {} });
      assert.equal(await readFile(join(dataDir, "not-ours.txt"), "utf8"), "keep me");
      assert.notEqual(await readFile(join(dataDir, "signing-key.json"), "utf8"), keyBefore);
      c = sdkClient(s.url);
      await assert.rejects(c.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: "temp@example.com" })), { name: "UserNotFoundException" });
      assert.ok(await c.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: "demo@example.com" })));
      c.destroy();
      await s.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("TOTP (RFC 6238 / RFC 4226)", () => {
  it("matches the RFC test vectors", () => {
    // RFC 4226 appendix D: secret "12345678901234567890", counters 0..9.
    const key = Buffer.from("12345678901234567890");
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    expected.forEach((code, counter) => assert.equal(hotp(key, counter), code));
    // RFC 6238 appendix B (SHA-1), truncated to the 6 digits Cognito uses.
    const base32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    const vectors: [number, string][] = [
      [59, "94287082"],
      [1111111109, "07081804"],
      [1111111111, "14050471"],
      [1234567890, "89005924"],
      [2000000000, "69279037"],
      [20000000000, "65353130"],
    ];
    for (const [t, code] of vectors) assert.equal(totpCode(base32, t * 1000), code.slice(-6));
  });
});

describe("CLI (main.ts)", () => {
  const main = join(import.meta.dirname, "main.ts");
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnTracked(main, args, { env: { ...process.env, ...env } });

  function finish(child: ReturnType<typeof run>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
  }

  const withoutSdkWarning = (s: string) =>
    s
      .split("\n")
      .filter((l) => l.startsWith("cognito stand-in:"))
      .join("\n");

  it("parses flags with environment fallbacks and refuses bad ones", () => {
    const cwd = "/work";
    assert.deepEqual(parseArgs([], {}, cwd), { port: 9229, dataDir: "/work/.local/cognito", reset: false, help: false });
    assert.deepEqual(parseArgs([], { LOCAL_COGNITO_PORT: "9300", LOCAL_DATA_DIR: "/tmp/x" }, cwd), {
      port: 9300,
      dataDir: "/tmp/x/cognito",
      reset: false,
      help: false,
    });
    assert.deepEqual(parseArgs(["--port", "0", "--data-dir=d", "--reset"], { LOCAL_COGNITO_PORT: "9300" }, cwd), {
      port: 0,
      dataDir: "/work/d",
      reset: true,
      help: false,
    });
    for (const [argv, env, message] of [
      [["--bogus"], {}, /unknown option "--bogus"/],
      [["--port", "http"], {}, /--port must be a port number/],
      [["--port", "70000"], {}, /--port must be a port number/],
      [["--port"], {}, /--port needs a value/],
      [["--data-dir", "--reset"], {}, /--data-dir needs a value/],
      [["--reset=yes"], {}, /--reset takes no value/],
      [[], { LOCAL_COGNITO_PORT: "nope" }, /LOCAL_COGNITO_PORT must be a port number/],
    ] as [string[], Record<string, string>, RegExp][])
      assert.throws(() => parseArgs(argv, env, cwd), (e: unknown) => e instanceof UsageError && message.test(e.message));
  });

  it("answers a bad flag with one line and exit code 2, without a stack trace", async () => {
    const r = await finish(run(["--bogus"]));
    assert.equal(r.code, 2);
    assert.equal(withoutSdkWarning(r.stderr).split("\n").length, 1);
    assert.match(r.stderr, /unknown option "--bogus"/);
    assert.ok(!r.stderr.includes("    at "), "no stack trace");
  });

  it("starts, prints its URL, serves, and stops cleanly on SIGTERM", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "cognito-cli-"));
    try {
      const child = run(["--port", "0"], { LOCAL_DATA_DIR: dataDir });
      const done = finish(child);
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (d) => {
          out += d;
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on("exit", () => reject(new Error(`exited early: ${out}`)));
      });
      assert.deepEqual(await (await fetch(`${url}/_local/health`)).json(), { ok: true });
      // LOCAL_DATA_DIR → <dir>/cognito
      assert.deepEqual((await readdir(join(dataDir, "cognito"))).sort(), ["signing-key.json", "state.json"]);
      child.kill("SIGTERM");
      const r = await done;
      assert.equal(r.code, 0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
