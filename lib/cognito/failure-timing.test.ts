// Failed sign-ins answer after the same delay whatever Cognito refused (item 3 of issue 6).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NotAuthorizedException, PasswordResetRequiredException, UserNotFoundException } from "@aws-sdk/client-cognito-identity-provider";
import { fakeCognito } from "../oauth/test-support";
import { signIn, type SignInResult } from "./authenticate";
import { failureTiming, MAX_FLOOR_MS, MIN_FLOOR_MS } from "./failure-timing";

const settings = { userPoolId: "us-east-1_Test", clientId: "testclient", timeoutMs: 5000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const failure = (reason: "invalid_credentials" | "too_many_attempts" | "unavailable"): SignInResult => ({ kind: "failure", reason });

/** A virtual clock: sleeping advances it, nothing really waits. */
function virtualClock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => void (t += ms) };
}

describe("failureTiming", () => {
  it("holds indistinguishable failures until the floor, never a success or an outage", async () => {
    const clock = virtualClock();
    const timing = failureTiming(clock);
    const endsAt = async (took: number, result: SignInResult) => {
      const start = clock.now();
      await timing(async () => (clock.advance(took), result));
      return clock.now() - start;
    };
    assert.equal(await endsAt(5, failure("too_many_attempts")), MIN_FLOOR_MS);
    assert.equal(await endsAt(120, failure("invalid_credentials")), MIN_FLOOR_MS);
    assert.equal(await endsAt(5, { kind: "success", subject: "s", claims: {}, authTime: 0 } as SignInResult), 5);
    assert.equal(await endsAt(5, failure("unavailable")), 5);
    assert.equal(await endsAt(5, { kind: "challenge", challenge: { name: "SOFTWARE_TOKEN_MFA", session: "s", parameters: {} } }), 5);
  });

  it("rises to the slowest recent natural failure, capped", async () => {
    const clock = virtualClock();
    const timing = failureTiming(clock);
    const run = (took: number) => timing(async () => (clock.advance(took), failure("invalid_credentials")));
    await run(700); // a Cognito that needs 700 ms to check a password
    const start = clock.now();
    await run(3); // a refusal without a password check
    assert.equal(clock.now() - start, 700);
    await run(60_000);
    assert.equal(timing.floor(), MAX_FLOOR_MS);
  });
});

describe("sign-in timing through the real signIn (fake Cognito, real clock)", () => {
  it("a fast refusal (disabled, locked, reset-required) and a slow wrong password end within 50 ms of each other", async () => {
    const timing = failureTiming();
    const answers: Record<string, () => Promise<Error>> = {
      wrongPassword: async () => (await sleep(150), new NotAuthorizedException({ message: "Incorrect username or password.", $metadata: {} })),
      unknownUser: async () => (await sleep(150), new UserNotFoundException({ message: "User does not exist.", $metadata: {} })),
      disabled: async () => new NotAuthorizedException({ message: "User is disabled.", $metadata: {} }),
      lockedOut: async () => new NotAuthorizedException({ message: "Password attempts exceeded", $metadata: {} }),
      resetRequired: async () => new PasswordResetRequiredException({ message: "Password reset required for the user", $metadata: {} }),
    };
    // Five rounds, the classes side by side in each, compared by their medians (a loaded CI machine can stall
    // any single timer).
    const took: Record<string, number[]> = Object.fromEntries(Object.keys(answers).map((k) => [k, []]));
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        Object.entries(answers).map(async ([name, answer]) => {
          const start = performance.now();
          const result = await timing(() => signIn(fakeCognito([answer]), settings, "user@example.com", "Pass-word1!"));
          took[name]?.push(performance.now() - start);
          assert.equal(result.kind, "failure");
        }),
      );
    }
    const medians = Object.fromEntries(Object.entries(took).map(([k, xs]) => [k, [...xs].sort((a, b) => a - b)[2] as number]));
    const spread = Math.max(...Object.values(medians)) - Math.min(...Object.values(medians));
    assert.ok(spread < 50, `spread ${spread.toFixed(1)} ms: ${JSON.stringify(medians)}`);
  });
});
