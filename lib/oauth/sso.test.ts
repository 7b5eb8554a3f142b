import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fakeCookies } from "./test-support";
import { getSession, SESSION_COOKIE, type LoginState, type SessionData } from "../session";
import { consentCovers, fitSession, forgetUser, MAX_ACCOUNTS, recordConsent, saveSession, SESSION_JSON_BUDGET, signInUser } from "./sso";

const user = (sub: string, extra: Partial<LoginState> = {}): LoginState => ({ sub, authTime: 1, claims: { sub, email: `${sub}@example.com` }, sid: "s", loginId: `${sub}@example.com`, ...extra });

describe("consents", () => {
  it("cover the same or a narrower scope set of the same user and client only", () => {
    const c = recordConsent(undefined, "alice", "1", ["openid", "email"]);
    assert.ok(consentCovers(c, "alice", "1", ["openid", "email"]));
    assert.ok(consentCovers(c, "alice", "1", ["openid"]));
    assert.ok(consentCovers(c, "alice", "1", []));
    assert.ok(!consentCovers(c, "alice", "1", ["openid", "phone"]));
    assert.ok(!consentCovers(c, "bob", "1", ["openid"]), "never another user's");
    assert.ok(!consentCovers(c, "alice", "2", ["openid"]), "never another client's");
  });
  it("merge with earlier grants and move to the most recent place", () => {
    let c = recordConsent(undefined, "alice", "1", ["openid", "email"]);
    c = recordConsent(c, "alice", "2", ["openid"]);
    c = recordConsent(c, "alice", "1", ["profile", "openid"]);
    assert.deepEqual(c, [
      ["alice", "2", "openid"],
      ["alice", "1", "email openid profile"],
    ]);
  });
});

describe("sign-in, user switch and logout", () => {
  it("a user switch replaces the sign-in and keeps a short list of recent accounts", () => {
    const data: SessionData = {};
    for (const sub of ["a", "b", "c", "d", "b"]) signInUser(data, user(sub));
    assert.equal(data.user?.sub, "b");
    assert.deepEqual(
      data.accounts?.map((a) => a.sub),
      ["b", "d", "c"],
    );
    assert.equal(data.accounts?.length, MAX_ACCOUNTS);
  });
  it("logout forgets the user: sign-in, account entry and consents; others' stay", () => {
    const data: SessionData = { consents: [["a", "1", "openid"], ["b", "1", "openid"]] };
    signInUser(data, user("b"));
    signInUser(data, user("a"));
    assert.equal(forgetUser(data)?.sub, "a");
    assert.equal(data.user, undefined);
    assert.deepEqual(data.accounts?.map((a) => a.sub), ["b"]);
    assert.deepEqual(data.consents, [["b", "1", "openid"]]);
    assert.equal(forgetUser(data), undefined, "nobody to forget");
  });
});

describe("the cookie bound", () => {
  it("drops the oldest consents first, then other accounts, then — only for a pathological profile — claims", () => {
    const data: SessionData = {};
    signInUser(data, user("x"));
    signInUser(data, user("y"));
    for (let i = 0; i < 100; i++) data.consents = recordConsent(data.consents, "y", `client-${i}`, ["openid", "email", "profile"]);
    const dropped = fitSession(data);
    assert.ok(Buffer.byteLength(JSON.stringify(data)) <= SESSION_JSON_BUDGET);
    assert.ok(dropped.consents > 0 && dropped.accounts === 0 && dropped.claims === 0, JSON.stringify(dropped));
    assert.equal(data.consents?.at(-1)?.[1], "client-99");

    const huge: SessionData = {};
    signInUser(huge, user("z", { claims: { sub: "z", address: { formatted: "x".repeat(2048) }, name: "y".repeat(2048), email: "z@example.com" } }));
    const d2 = fitSession(huge);
    assert.ok(Buffer.byteLength(JSON.stringify(huge)) <= SESSION_JSON_BUDGET);
    assert.equal(huge.user?.sub, "z");
    assert.equal(huge.user?.claims.sub, "z");
    assert.ok(d2.claims >= 1);
  });

  it("a full session, sealed by iron-session, fits one cookie", async () => {
    const cookies = fakeCookies();
    const session = await getSession(cookies.store);
    signInUser(session, user("0c6e7a1e-5d2b-4f3a-9c41-000000000001", { claims: { sub: "0c6e7a1e-5d2b-4f3a-9c41-000000000001", name: "n".repeat(1500), email: "e".repeat(200) } }));
    for (let i = 0; i < 60; i++) session.consents = recordConsent(session.consents, session.user?.sub ?? "", `${3_000_000_000 + i}`, ["address", "email", "openid", "phone", "profile"]);
    session.demo = { state: "s".repeat(22), nonce: "n".repeat(22), verifier: "v".repeat(43), createdAt: Date.now() };
    await saveSession(session); // iron-session itself throws above 4096 bytes
    const written = cookies.written.find((c) => c.name === SESSION_COOKIE);
    assert.ok(written && written.value.length + SESSION_COOKIE.length + 1 < 4000, `${written?.value.length}`);
  });
});
