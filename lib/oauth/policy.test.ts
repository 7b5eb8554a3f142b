// The interaction policy as a table: each row is a situation, the decision the specification asks for, and
// where it says so. Every behaviour of issue 7 has a row here; the prompt=none rows and the interactive rows go
// through the same function.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_ACR } from "../config";
import type { Consent, LoginState } from "../session";
import { interactionPolicy, type PolicyDecision, type PolicyInput, type PolicyProgress, type PolicyRequest, type PolicySession } from "./policy";
import { acrOfAmr, reportedAcr, supportedAcrs } from "./acr";

const NOW = 2_000_000;
const TTL = 3600;
const PWD = DEFAULT_ACR.password;
const MFA = DEFAULT_ACR.mfa;

const alice: LoginState = { sub: "sub-alice", authTime: NOW - 100, claims: { sub: "sub-alice", email: "alice@example.com" }, sid: "s1", loginId: "alice@example.com" };
const bob: LoginState = { sub: "sub-bob", authTime: NOW - 100, claims: { sub: "sub-bob" }, sid: "s2", loginId: "bob@example.com" };
const aliceMfa: LoginState = { ...alice, amr: ["pwd", "otp", "mfa"] };

const aliceConsented: Consent[] = [["sub-alice", "42", "email openid"]];
const accounts = [{ sub: "sub-alice", loginId: "alice@example.com" }];

interface Row {
  /** What the row is about, and the specification text it follows. */
  name: string;
  request?: Partial<PolicyRequest>;
  session?: PolicySession;
  progress?: PolicyProgress;
  expect: PolicyDecision | Pick<PolicyDecision, "kind"> & Record<string, unknown>;
}

function run(row: Row): PolicyDecision {
  const input: PolicyInput = {
    request: { prompts: [], scopes: ["openid", "email"], client: "42", ...row.request },
    session: row.session ?? {},
    progress: row.progress,
    now: NOW,
    sessionTtl: TTL,
    acr: DEFAULT_ACR,
  };
  return interactionPolicy(input);
}

const signedIn: PolicySession = { user: alice, consents: aliceConsented, accounts };
const none: Partial<PolicyRequest> = { prompts: ["NONE"] };

const ROWS: Row[] = [
  // --- no session ------------------------------------------------------------------------------------------
  { name: "§3.1.2.3: nobody signed in → the sign-in form", expect: { kind: "sign_in", reason: "no_session" } },
  { name: "§3.1.2.1 prompt=none, nobody signed in → login_required (NOT_LOGGED_IN)", request: none, expect: { kind: "fail", reason: "NOT_LOGGED_IN" } },

  // --- SSO and consent (issue item 2) --------------------------------------------------------------------------
  {
    name: "§3.1.2.4: signed in, consent remembered for the same scopes → issue, no page, with the ORIGINAL auth_time",
    session: signedIn,
    expect: { kind: "issue", user: alice, acr: PWD },
  },
  {
    name: "§3.1.2.4: signed in, a narrower scope set than consented → issue",
    request: { scopes: ["openid"] },
    session: signedIn,
    expect: { kind: "issue", user: alice, acr: PWD },
  },
  {
    name: "§3.1.2.4: signed in, a scope never consented → the SSO consent page (no password)",
    request: { scopes: ["openid", "email", "phone"] },
    session: signedIn,
    expect: { kind: "consent", user: alice },
  },
  {
    name: "§3.1.2.4: signed in, never consented to this client → the SSO consent page",
    request: { client: "43" },
    session: signedIn,
    expect: { kind: "consent", user: alice },
  },
  {
    name: "§3.1.2.1 prompt=consent: consent remembered, still the consent page",
    request: { prompts: ["CONSENT"] },
    session: signedIn,
    expect: { kind: "consent", user: alice },
  },
  {
    name: "Authorize pressed on the consent page → issue",
    request: { prompts: ["CONSENT"] },
    session: signedIn,
    progress: { consented: true },
    expect: { kind: "issue", user: alice, acr: PWD },
  },
  {
    name: "§3.1.2.1 prompt=none, consent remembered → issue silently",
    request: none,
    session: signedIn,
    expect: { kind: "issue", user: alice, acr: PWD },
  },
  {
    name: "§3.1.2.1 prompt=none, a scope never consented → consent_required",
    request: { ...none, scopes: ["openid", "phone"] },
    session: signedIn,
    expect: { kind: "fail", reason: "CONSENT_REQUIRED" },
  },

  // --- consent belongs to a user (issue item 3) -----------------------------------------------------------------
  {
    name: "Consent is keyed by (sub, client): Alice's consent is not Bob's → the consent page for Bob",
    session: { user: bob, consents: aliceConsented },
    expect: { kind: "consent", user: bob },
  },
  {
    name: "… and prompt=none for Bob with only Alice's consent → consent_required",
    request: none,
    session: { user: bob, consents: aliceConsented },
    expect: { kind: "fail", reason: "CONSENT_REQUIRED" },
  },

  // --- prompt=login, max_age, SESSION_TTL_SECONDS -------------------------------------------------------------
  { name: "§3.1.2.1 prompt=login: signed in → the sign-in form", request: { prompts: ["LOGIN"] }, session: signedIn, expect: { kind: "sign_in", reason: "prompt_login" } },
  {
    name: "§3.1.2.1 prompt=login, signed in just now for this request → issue (no loop)",
    request: { prompts: ["LOGIN"] },
    session: signedIn,
    progress: { signedInNow: true, consented: true },
    expect: { kind: "issue", user: alice, acr: PWD },
  },
  {
    name: "§3.1.2.1 max_age=0 (≡ prompt=login, errata set 2) → the sign-in form although the sign-in is recent",
    request: { maxAge: 0 },
    session: { ...signedIn, user: { ...alice, authTime: NOW } },
    expect: { kind: "sign_in", reason: "max_age" },
  },
  {
    name: "§3.1.2.1 prompt=none&max_age=0 → login_required (EXCEEDS_MAX_AGE)",
    request: { ...none, maxAge: 0 },
    session: { ...signedIn, user: { ...alice, authTime: NOW } },
    expect: { kind: "fail", reason: "EXCEEDS_MAX_AGE" },
  },
  {
    name: "§3.1.2.1 max_age=0, signed in just now for this request → issue (no loop)",
    request: { maxAge: 0 },
    session: signedIn,
    progress: { signedInNow: true, consented: true },
    expect: { kind: "issue", user: alice, acr: PWD },
  },
  { name: "§3.1.2.1 max_age=150, signed in 100 s ago → issue", request: { maxAge: 150 }, session: signedIn, expect: { kind: "issue", user: alice, acr: PWD } },
  { name: "§3.1.2.1 max_age=60, signed in 100 s ago → the sign-in form", request: { maxAge: 60 }, session: signedIn, expect: { kind: "sign_in", reason: "max_age" } },
  { name: "§3.1.2.1 prompt=none&max_age=60, signed in 100 s ago → login_required", request: { ...none, maxAge: 60 }, session: signedIn, expect: { kind: "fail", reason: "EXCEEDS_MAX_AGE" } },
  {
    name: "SESSION_TTL_SECONDS: a sign-in older than the session lifetime → the sign-in form",
    session: { ...signedIn, user: { ...alice, authTime: NOW - TTL } },
    expect: { kind: "sign_in", reason: "session_expired" },
  },
  {
    name: "SESSION_TTL_SECONDS under prompt=none → login_required",
    request: none,
    session: { ...signedIn, user: { ...alice, authTime: NOW - TTL - 1 } },
    expect: { kind: "fail", reason: "NOT_LOGGED_IN" },
  },

  // --- account chooser (prompt=select_account) -------------------------------------------------------------------
  { name: "§3.1.2.1 prompt=select_account with known accounts → the account chooser", request: { prompts: ["SELECT_ACCOUNT"] }, session: signedIn, expect: { kind: "select_account" } },
  {
    name: "§3.1.2.1 prompt=select_account, the signed-in account picked → carries on (consent remembered: issue)",
    request: { prompts: ["SELECT_ACCOUNT"] },
    session: signedIn,
    progress: { accountChosen: true },
    expect: { kind: "issue", user: alice, acr: PWD },
  },
  {
    name: "§3.1.2.1 prompt=select_account on a browser that knows no account → the sign-in form",
    request: { prompts: ["SELECT_ACCOUNT"] },
    expect: { kind: "sign_in", reason: "no_session" },
  },
  {
    name: "Use another account → the sign-in form even though signed in",
    session: signedIn,
    progress: { forceSignIn: true },
    expect: { kind: "sign_in", reason: "another_account" },
  },

  // --- hints and demands (issue item 4) -----------------------------------------------------------------------------
  {
    name: "§5.5.1 claims sub demands Bob, Alice signed in → the sign-in form (locked to Bob)",
    request: { subject: "sub-bob" },
    session: signedIn,
    expect: { kind: "sign_in", reason: "different_subject" },
  },
  {
    name: "§5.5.1 claims sub demands Bob, Alice just signed in → still the sign-in form (anyone else is refused)",
    request: { subject: "sub-bob" },
    session: signedIn,
    progress: { signedInNow: true, consented: true },
    expect: { kind: "sign_in", reason: "different_subject" },
  },
  { name: "§5.5.1 prompt=none, claims sub demands Bob, Alice signed in → login_required (DIFFERENT_SUBJECT)", request: { ...none, subject: "sub-bob" }, session: signedIn, expect: { kind: "fail", reason: "DIFFERENT_SUBJECT" } },
  { name: "§5.5.1 claims sub demands the signed-in user → issue", request: { subject: "sub-alice" }, session: signedIn, expect: { kind: "issue", user: alice, acr: PWD } },
  {
    name: "§3.1.2.1 id_token_hint of Bob, Alice signed in → the sign-in form asks for Bob",
    request: { hint: { sub: "sub-bob" } },
    session: signedIn,
    expect: { kind: "sign_in", reason: "id_token_hint" },
  },
  { name: "§3.1.2.1 prompt=none, id_token_hint of Bob, Alice signed in → login_required", request: { ...none, hint: { sub: "sub-bob" } }, session: signedIn, expect: { kind: "fail", reason: "DIFFERENT_SUBJECT" } },
  { name: "§3.1.2.1 prompt=none, id_token_hint of the signed-in user → issue", request: { ...none, hint: { sub: "sub-alice" } }, session: signedIn, expect: { kind: "issue", user: alice, acr: PWD } },
  {
    name: "§3.1.2.1 an id_token_hint that does not verify (issuer, audience, signature) → the sign-in form",
    request: { hint: { invalid: true } },
    session: signedIn,
    expect: { kind: "sign_in", reason: "id_token_hint" },
  },
  { name: "§3.1.2.1 prompt=none with an id_token_hint that does not verify → login_required", request: { ...none, hint: { invalid: true } }, session: signedIn, expect: { kind: "fail", reason: "NOT_AUTHENTICATED" } },

  // --- acr (issue item 5) --------------------------------------------------------------------------------------------
  { name: "§3.1.2.1 acr_values are voluntary: mfa asked, not essential, password session → issue with the acr met (pwd)", request: { acrs: [MFA] }, session: signedIn, expect: { kind: "issue", user: alice, acr: PWD } },
  { name: "§5.5.1.1 essential acr = pwd, password session → issue with acr pwd", request: { acrs: [PWD], acrEssential: true }, session: signedIn, expect: { kind: "issue", user: alice, acr: PWD } },
  {
    name: "§5.5.1.1 essential acr = pwd, MFA session → issue with acr pwd (the second factor meets the password level)",
    request: { acrs: [PWD], acrEssential: true },
    session: { ...signedIn, user: aliceMfa },
    expect: { kind: "issue", user: aliceMfa, acr: PWD },
  },
  { name: "§5.5.1.1 essential acr = mfa, MFA session → issue with acr mfa", request: { acrs: [MFA], acrEssential: true }, session: { ...signedIn, user: aliceMfa }, expect: { kind: "issue", user: aliceMfa, acr: MFA } },
  { name: "§5.5.1.1 essential acr = mfa, password session → the sign-in form (step-up)", request: { acrs: [MFA], acrEssential: true }, session: signedIn, expect: { kind: "sign_in", reason: "acr" } },
  {
    name: "§5.5.1.1 essential acr = mfa, the sign-in just made met only pwd → ACR_NOT_SATISFIED (the client gets the error, no retry loop)",
    request: { acrs: [MFA], acrEssential: true },
    session: signedIn,
    progress: { signedInNow: true, consented: true },
    expect: { kind: "fail", reason: "ACR_NOT_SATISFIED" },
  },
  { name: "§5.5.1.1 prompt=none, essential acr = mfa, password session → ACR_NOT_SATISFIED", request: { ...none, acrs: [MFA], acrEssential: true }, session: signedIn, expect: { kind: "fail", reason: "ACR_NOT_SATISFIED" } },
  { name: "§5.5.1.1 an essential acr this server never asserts → ACR_NOT_SATISFIED at once, no sign-in asked", request: { acrs: ["urn:other:loa:4"], acrEssential: true }, expect: { kind: "fail", reason: "ACR_NOT_SATISFIED" } },
  { name: "§3.1.2.1 an unknown acr that is not essential never blocks", request: { acrs: ["urn:other:loa:4"] }, session: signedIn, expect: { kind: "issue", user: alice, acr: PWD } },
];

describe("interaction policy (OIDC Core 1.0; Authlete NO_INTERACTION order, reference authlete-api.md §3.1)", () => {
  for (const row of ROWS) {
    it(row.name, () => {
      assert.deepEqual(run(row), row.expect);
    });
  }

  it("silent and interactive requests agree: every silent failure is a page interactively, never an issue", () => {
    for (const row of ROWS.filter((r) => r.request?.prompts?.includes("NONE") && r.expect.kind === "fail")) {
      const interactive = run({ ...row, request: { ...row.request, prompts: [] } });
      assert.notEqual(interactive.kind, "issue", row.name);
    }
  });
});

describe("acr from amr (RFC 8176)", () => {
  it("no amr or a password only → the password acr; an amr with mfa → the second-factor acr", () => {
    assert.equal(acrOfAmr(undefined, DEFAULT_ACR), PWD);
    assert.equal(acrOfAmr(["pwd"], DEFAULT_ACR), PWD);
    assert.equal(acrOfAmr(["pwd", "otp", "mfa"], DEFAULT_ACR), MFA);
    assert.equal(acrOfAmr(["pwd", "sms", "mfa"], DEFAULT_ACR), MFA);
  });
  it("reports a requested value the sign-in meets, in the client's order, else what it met", () => {
    assert.equal(reportedAcr(["pwd", "otp", "mfa"], [MFA, PWD], DEFAULT_ACR), MFA);
    assert.equal(reportedAcr(["pwd", "otp", "mfa"], ["urn:x", PWD], DEFAULT_ACR), PWD);
    assert.equal(reportedAcr(undefined, [MFA], DEFAULT_ACR), PWD);
    assert.equal(reportedAcr(undefined, undefined, DEFAULT_ACR), PWD);
  });
  it("lists the values the server asserts, weakest first", () => {
    assert.deepEqual(supportedAcrs(DEFAULT_ACR), [PWD, MFA]);
  });
});
