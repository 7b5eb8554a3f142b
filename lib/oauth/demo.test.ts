// The demo client verifies the ID token it gets like a relying party must (OIDC Core §3.1.3.7), audience included.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { fakeAuthlete, testDeps } from "./test-support";
import { completeDemo } from "./demo";
import type { Session } from "../session";

async function runWith(aud: string) {
  const deps = testDeps();
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256", use: "sig" };
  const idToken = await new SignJWT({ nonce: "n-1" })
    .setProtectedHeader({ alg: "ES256", kid: "k1" })
    .setIssuer(deps.config.issuer)
    .setSubject("sub-1")
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(privateKey);
  deps.authlete = fakeAuthlete({
    token: async () => ({ action: "OK", responseContent: JSON.stringify({ token_type: "Bearer", id_token: idToken }) }),
    serviceJwks: async () => ({ status: 200, body: JSON.stringify({ keys: [jwk] }) }),
  });
  const session = { demo: { state: "s-1", nonce: "n-1", verifier: "v".repeat(43), createdAt: Date.now() } } as unknown as Session;
  return completeDemo(session, { code: "c-1", state: "s-1", iss: deps.config.issuer }, deps.config, deps);
}

describe("demo client", () => {
  it("accepts an ID token for its own client ID", async () => {
    const result = await runWith(testDeps().config.demo.clientId);
    assert.equal(result.idToken?.verified, true, JSON.stringify(result.idToken?.verification));
  });
  it("refuses an ID token minted for another audience", async () => {
    const result = await runWith("someone-else");
    assert.equal(result.idToken?.verified, false);
    // iss, signature and times are right: the audience is what failed (jose: "unexpected \"aud\" claim value").
    assert.deepEqual(result.idToken?.verification, { key: "verificationFailed", values: { reason: "ERR_JWT_CLAIM_VALIDATION_FAILED" } });
  });
});
