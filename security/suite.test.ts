// The security suite (issue 6): the real app on its production build and both stand-ins, over HTTP. One stack for the
// whole file, the parts in a fixed order (the load run last, so it measures a server that has seen everything
// else), and the figures printed at the end and written to reports/security-figures.json (not test-results/, which
// Playwright empties when it starts) — the README's "Security properties" quote them.
//   npm run test:security            (after npm run build; part of npm test)
//   SECURITY_LOAD_SECONDS=10 npm run test:security   (a shorter load run while iterating)
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { after, describe, it } from "node:test";
import { corpusSuite } from "./corpus";
import { faultSuite } from "./faults";
import { loadSuite } from "./load";
import { secretsSeen, signInSuite } from "./sign-in";
import { figures, useStack } from "./support";

corpusSuite();
signInSuite();
faultSuite();
loadSuite();

/** Our log line: `level=… event=…` then `key=value` pairs, strings JSON-quoted (lib/log.ts). */
const OUR_LINE = /^level=(info|warn|error) event=[a-z.]+(?: [A-Za-z]+=(?:"(?:[^"\\]|\\.)*"|[^\s"]+))*$/;

describe("the server's log", () => {
  it("every line that starts with level= is one of ours, well-formed: request data never forged one", async () => {
    const stack = await useStack();
    const lines = stack.output().split("\n");
    const ours = lines.filter((l) => l.startsWith("level="));
    const malformed = ours.filter((l) => !OUR_LINE.test(l));
    assert.deepEqual(malformed, []);
    assert.ok(!lines.some((l) => /^\s*level=.*forged/.test(l)), "a forged line reached the log");
    assert.ok(ours.length > 100, "the app did log");
    figures.log = { ourLines: ours.length, neutralisedForeignLines: lines.filter((l) => l.startsWith("(unstructured) ")).length };
  });

  it("no password, code, token or client secret in it", async () => {
    // From Next's start on: the launcher's banner before it lists the demo credentials on purpose.
    const all = (await useStack()).output();
    const out = all.slice(Math.max(0, all.indexOf("▲ Next.js")));
    const leaked = [...new Set(secretsSeen)].filter((s) => s.length >= 8 && out.includes(s));
    assert.deepEqual(leaked.map((s) => `${s.slice(0, 4)}…`), []);
    for (const s of ["Demo-Pass1!", "demo-client-secret", "demo-cognito-client-secret"]) assert.ok(!out.includes(s), s);
  });
});

after(() => {
  const text = JSON.stringify(figures, null, 2);
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/security-figures.json", `${text}\n`);
  // The figures, for the run's output and the README.
  console.log(`\nsecurity suite figures:\n${text}\n`);
});
