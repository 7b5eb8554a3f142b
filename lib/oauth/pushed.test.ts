// The request_uri of a pushed request carries max_age and id_token_hint past Authlete (pushed.ts).
import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { handlePushedAuthorizationRequest } from "./endpoints";
import { openRequestUri, PAR_URN_PREFIX, pushedRawParameters, sealPushedResponse, sealRequestUri } from "./pushed";
import { captureLogs, fakeAuthlete, testDeps } from "./test-support";

const PASSWORD = "x".repeat(32);
const OTHER_PASSWORD = "y".repeat(32);
const AUTHLETE_URI = `${PAR_URN_PREFIX}abc123`;
const jwt = (payload: object) => `${Buffer.from('{"alg":"ES256"}').toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.c2ln`;

describe("pushedRawParameters", () => {
  it("reads max_age and id_token_hint from the pushed form", () => {
    assert.deepEqual(pushedRawParameters("client_id=c&max_age=0&id_token_hint=h.i.nt"), { maxAge: 0, idTokenHint: "h.i.nt" });
    assert.deepEqual(pushedRawParameters("client_id=c"), { maxAge: undefined, idTokenHint: undefined });
  });

  it("a signed request object's members win (OIDC Core §6.3.3); an unreadable one adds nothing", () => {
    assert.deepEqual(pushedRawParameters(`max_age=600&request=${jwt({ max_age: 0, id_token_hint: "a.b.c" })}`), { maxAge: 0, idTokenHint: "a.b.c" });
    assert.deepEqual(pushedRawParameters("max_age=600&request=not-a-jwt"), { maxAge: 600, idTokenHint: undefined });
    assert.deepEqual(pushedRawParameters("max_age=600&request=a.b.c.d.e"), { maxAge: 600, idTokenHint: undefined }, "encrypted: unreadable here");
  });
});

describe("sealRequestUri / openRequestUri", () => {
  it("round trip: Authlete's own request_uri goes back to Authlete, the raw values to the policy, other parameters stay", async () => {
    const ours = await sealRequestUri(AUTHLETE_URI, { maxAge: 0, idTokenHint: "a.b.c" }, 60, PASSWORD);
    assert.ok(ours.startsWith(`${PAR_URN_PREFIX}as.`));
    const opened = await openRequestUri(`client_id=c&request_uri=${encodeURIComponent(ours)}&ui_locales=ja`, PASSWORD);
    assert.deepEqual(opened, {
      kind: "pushed",
      parameters: `client_id=c&request_uri=${encodeURIComponent(AUTHLETE_URI)}&ui_locales=ja`,
      raw: { maxAge: 0, idTokenHint: "a.b.c" },
    });
    const bare = await openRequestUri(`client_id=c&request_uri=${encodeURIComponent(await sealRequestUri(AUTHLETE_URI, {}, 60, PASSWORD))}`, PASSWORD);
    assert.deepEqual(bare.kind === "pushed" && bare.raw, {});
  });

  it("no PAR request_uri: plain; Authlete's own or someone else's URN: foreign; altered, re-keyed or expired: expired", async () => {
    assert.deepEqual(await openRequestUri("client_id=c&scope=openid", PASSWORD), { kind: "plain" });
    assert.deepEqual(await openRequestUri("client_id=c&request_uri=https%3A%2F%2Fclient.example%2Fr.jwt", PASSWORD), { kind: "plain" });
    assert.deepEqual(await openRequestUri(`request_uri=${encodeURIComponent(AUTHLETE_URI)}`, PASSWORD), { kind: "foreign" });
    const ours = await sealRequestUri(AUTHLETE_URI, { maxAge: 0 }, 60, PASSWORD);
    const q = (uri: string) => `request_uri=${encodeURIComponent(uri)}`;
    assert.deepEqual(await openRequestUri(`${q(ours)}&${q(ours)}`, PASSWORD), { kind: "plain" }, "repeated: left for Authlete to refuse");
    assert.deepEqual(await openRequestUri(q(`${ours.slice(0, -6)}AAAAAA`), PASSWORD), { kind: "expired" });
    assert.deepEqual(await openRequestUri(q(`${PAR_URN_PREFIX}as.garbage`), PASSWORD), { kind: "expired" });
    assert.deepEqual(await openRequestUri(q(ours), OTHER_PASSWORD), { kind: "expired" });

    mock.timers.enable({ apis: ["Date"], now: Date.now() });
    try {
      const short = await sealRequestUri(AUTHLETE_URI, { maxAge: 0 }, 60, PASSWORD);
      mock.timers.tick(110_000); // Authlete's 60 s, and iron's 60 s of clock-skew allowance not yet over
      assert.equal((await openRequestUri(q(short), PASSWORD)).kind, "pushed");
      mock.timers.tick(20_000);
      assert.deepEqual(await openRequestUri(q(short), PASSWORD), { kind: "expired" });
    } finally {
      mock.timers.reset();
    }
  });

  it("sealPushedResponse keeps expires_in and replaces request_uri; a CREATED without them is an error", async () => {
    const content = await sealPushedResponse(JSON.stringify({ expires_in: 90, request_uri: AUTHLETE_URI }), "max_age=0", PASSWORD);
    const parsed = JSON.parse(content) as { expires_in: number; request_uri: string };
    assert.equal(parsed.expires_in, 90);
    assert.deepEqual(await openRequestUri(`request_uri=${encodeURIComponent(parsed.request_uri)}`, PASSWORD), {
      kind: "pushed",
      parameters: `request_uri=${encodeURIComponent(AUTHLETE_URI)}`,
      raw: { maxAge: 0 },
    });
    await assert.rejects(sealPushedResponse(JSON.stringify({ expires_in: 90 }), "", PASSWORD));
    await assert.rejects(sealPushedResponse(undefined, "", PASSWORD));
  });

  it("the PAR endpoint answers 500 server_error (and logs why) if Authlete's CREATED has no request_uri", async () => {
    const authlete = fakeAuthlete({ pushedAuthReq: async () => ({ action: "CREATED", responseContent: "{}" }) });
    const request = new Request("https://as.example.com/api/par", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from("demo-client:s").toString("base64")}` },
      body: "response_type=code&client_id=demo-client",
    });
    const { result, lines } = await captureLogs(() => handlePushedAuthorizationRequest(request, testDeps({ authlete })));
    assert.equal(result.status, 500);
    assert.equal(((await result.json()) as { error: string }).error, "server_error");
    assert.ok(lines.some((l) => l.includes("without a request_uri")), lines.join("\n"));
  });
});
