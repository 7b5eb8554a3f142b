// id_token_hint verification uses the JWK Set copy /api/jwks serves (service-documents.ts): one Authlete call a
// minute for both, a refresh after an unknown kid at most every 10 s, and the last good copy while Authlete is down.
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, it } from "node:test";
import { AuthleteApiError } from "../authlete/client";
import { handleJwksRequest } from "./endpoints";
import { verifyIdTokenHint } from "./id-token-hint";
import { captureLogs, fakeAuthlete, testDeps, TEST_ENV } from "./test-support";

const k1 = generateKeyPair("ES256");
const k2 = generateKeyPair("ES256");

async function hint(kid: "k1" | "k2"): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "ES256", kid })
    .setIssuer(TEST_ENV.ISSUER as string)
    .setSubject("sub-1")
    .setAudience("demo-client")
    .setIssuedAt(1_799_990_000)
    .setExpirationTime(1_799_990_600)
    .sign((await (kid === "k1" ? k1 : k2)).privateKey);
}

async function jwks(...kids: ("k1" | "k2")[]): Promise<string> {
  const keys = await Promise.all(kids.map(async (kid) => ({ ...(await exportJWK((await (kid === "k1" ? k1 : k2)).publicKey)), kid, alg: "ES256" })));
  return JSON.stringify({ keys });
}

describe("id_token_hint keys", () => {
  it("share /api/jwks's copy; a rotated key is found after an unknown kid, refetched at most every 10 s; Authlete down → last good copy", async () => {
    let published = await jwks("k1");
    let down = false;
    let calls = 0;
    const authlete = fakeAuthlete({
      serviceJwks: async () => {
        calls++;
        if (down) throw new AuthleteApiError("network", "/service/jwks/get", "connect ECONNREFUSED", undefined);
        return { status: 200, body: published };
      },
    });
    let now = 1_800_000_000_000;
    const deps = testDeps({ authlete, now: () => now });
    const verify = async (kid: "k1" | "k2") => verifyIdTokenHint(await hint(kid), deps, ["demo-client"]);

    assert.equal((await handleJwksRequest(deps)).status, 200);
    assert.equal(((await verify("k1")) as { sub: string }).sub, "sub-1");
    assert.equal(calls, 1, "the hint used the copy /api/jwks fetched");

    published = await jwks("k1", "k2"); // the operator rotates keys
    now += 5_000;
    assert.ok("invalid" in (await verify("k2")), "within 10 s of the last fetch, an unknown kid costs no call");
    assert.equal(calls, 1);
    now += 6_000;
    assert.equal(((await verify("k2")) as { sub: string }).sub, "sub-1", "11 s later the unknown kid refetches the set");
    assert.equal(calls, 2);
    assert.ok("invalid" in (await verifyIdTokenHint(`${(await hint("k2")).split(".").slice(0, 2).join(".")}.AAAA`, deps, ["demo-client"])));
    assert.equal(calls, 2, "a bad signature with a known kid costs no call");

    down = true;
    now += 120_000;
    const { result } = await captureLogs(() => verify("k2"));
    assert.equal((result as { sub: string }).sub, "sub-1", "Authlete unreachable: the last good copy still verifies");
    assert.equal(calls, 3);
  });
});
