// A bounded load run against the real app: 16 connections for SECURITY_LOAD_SECONDS (30 s by default) over a mix of
// what an authorization server serves all day — discovery, the JWK Set, client-credentials tokens, failing token and
// userinfo requests, authorization requests and login pages — with zero unexpected answers, and the server's
// resident memory measured before, during and after. `npm start` and local/stack.ts run next-server with
// --max-old-space-size=256 (README, "Deploying"); without it V8 let RSS climb past 900 MB in the same run.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { CLIENT, figures, rssMb, tokenRequest, useStack, type Stack } from "./support";

const SECONDS = Number(process.env.SECURITY_LOAD_SECONDS ?? 30);
const CONNECTIONS = 16;
/** Bound on next-server's resident memory during the run (its heap is capped at 256 MB). */
const RSS_LIMIT_MB = 512;

interface Kind {
  name: string;
  expect: number[];
  send: (base: string) => Promise<Response>;
}

const KINDS: Kind[] = [
  { name: "discovery", expect: [200], send: (b) => fetch(`${b}/.well-known/openid-configuration`) },
  { name: "jwks", expect: [200], send: (b) => fetch(`${b}/api/jwks`) },
  {
    name: "token client_credentials",
    expect: [200],
    send: (b) => fetch(`${b}/api/token`, tokenRequest("grant_type=client_credentials")),
  },
  {
    name: "token bad code",
    expect: [400],
    send: (b) => fetch(`${b}/api/token`, tokenRequest({ grant_type: "authorization_code", code: "nope", redirect_uri: CLIENT.redirectUri })),
  },
  { name: "userinfo bad token", expect: [401], send: (b) => fetch(`${b}/api/userinfo`, { headers: { authorization: "Bearer not-a-token" } }) },
  {
    name: "authorization request",
    expect: [303],
    send: (b) =>
      fetch(`${b}/api/authorization?${new URLSearchParams({ response_type: "code", client_id: CLIENT.id, redirect_uri: CLIENT.redirectUri, scope: "openid email", state: "s", nonce: "n" })}`, { redirect: "manual" }),
  },
  { name: "login page (expired)", expect: [200], send: (b) => fetch(`${b}/authorize/AAAAAAAAAAAAAAAAAAAAAA`) },
  { name: "malformed id", expect: [400], send: (b) => fetch(`${b}/authorize/%zz`) },
];

export function loadSuite(): void {
  describe("bounded load", () => {
    let stack: Stack;
    before(async () => {
      stack = await useStack();
    });

    it(`${CONNECTIONS} connections for ${SECONDS} s: no unexpected answer, memory bounded`, { timeout: (SECONDS + 60) * 1000 }, async () => {
      const pid = stack.serverPid();
      const rssBefore = rssMb(pid);
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 500);
      const counts: Record<string, number> = {};
      const unexpected: string[] = [];
      let requests = 0;
      const end = Date.now() + SECONDS * 1000;
      try {
        await Promise.all(
          Array.from({ length: CONNECTIONS }, async (_, worker) => {
            for (let i = worker; Date.now() < end; i++) {
              const kind = KINDS[i % KINDS.length] as Kind;
              try {
                const res = await kind.send(stack.base);
                await res.arrayBuffer();
                counts[res.status] = (counts[res.status] ?? 0) + 1;
                if (!kind.expect.includes(res.status) && unexpected.length < 20) unexpected.push(`${kind.name}: ${res.status}`);
                else if (!kind.expect.includes(res.status)) unexpected.push("…");
              } catch (e) {
                unexpected.push(`${kind.name}: ${e instanceof Error ? e.message : String(e)}`);
              }
              requests++;
            }
          }),
        );
      } finally {
        clearInterval(sampler);
      }
      const rssAfter = rssMb(pid);
      await new Promise((r) => setTimeout(r, 3000));
      const rssSettled = rssMb(pid);
      figures.load = {
        seconds: SECONDS,
        connections: CONNECTIONS,
        requests,
        perSecond: Math.round(requests / SECONDS),
        byStatus: counts,
        unexpected: unexpected.length,
        rssMb: { before: rssBefore, peak, after: rssAfter, settled: rssSettled },
      };
      assert.deepEqual(unexpected, [], "unexpected answers");
      assert.ok(peak < RSS_LIMIT_MB, `next-server peaked at ${peak} MB`);
    });
  });
}
