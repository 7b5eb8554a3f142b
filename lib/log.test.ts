// The logger writes asynchronously, in order, to the streams console used; it never holds more than a bounded
// queue (the excess is counted, not kept), and what is queued at exit is written. Each case runs in a child
// process so that its stdout and stderr can be read whole.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { collect, spawnTracked } from "../local/test-children";
import { formatLine } from "./log";

async function run(body: string): Promise<{ out: string; err: string; code: number | null }> {
  const child = spawnTracked("--input-type=module", ["-e", `import { log } from "./lib/log.ts";\n${body}`]);
  const c = collect(child);
  const { code } = await c.exited;
  return { out: c.stdout(), err: c.stderr(), code };
}

describe("log", () => {
  it("formats one line: level, event, JSON-encoded strings, no empty fields", () => {
    assert.equal(formatLine("info", "token", { action: "OK", n: 3, ok: true, skip: undefined, none: null }), 'level=info event=token action="OK" n=3 ok=true');
    // A value cannot start a second line.
    assert.equal(formatLine("warn", "x", { v: "a\nlevel=error" }), 'level=warn event=x v="a\\nlevel=error"');
  });

  it("writes every line in order, info to stdout and warn/error to stderr, also when the process exits at once", async () => {
    const r = await run(`
      for (let i = 0; i < 5000; i++) log.info("e", { i });
      log.warn("w", { a: 1 });
      log.error("x", { b: "2" });
      await new Promise((r) => setTimeout(r, 20));
      for (let i = 5000; i < 10000; i++) log.info("e", { i });
      process.exit(0); // still queued: written synchronously on the way out
    `);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split("\n");
    assert.equal(lines.length, 10_000);
    lines.forEach((l, i) => assert.equal(l, `level=info event=e i=${i}`));
    assert.equal(r.err, 'level=warn event=w a=1\nlevel=error event=x b="2"\n');
  });

  it("drops lines beyond the queue bound and says how many", async () => {
    // 40k lines of ~100 bytes in one synchronous burst: about 4 MB against a 1 MiB queue.
    const r = await run(`for (let i = 0; i < 40000; i++) log.info("burst", { i, pad: "x".repeat(64) });`);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split("\n");
    const dropped = /^level=warn event=log\.dropped count=(\d+)$/.exec(lines[lines.length - 1] ?? "");
    assert.ok(dropped, `last line: ${lines[lines.length - 1]}`);
    const kept = lines.length - 1;
    assert.ok(kept > 5000 && kept < 40_000, `kept ${kept}`);
    assert.equal(kept + Number(dropped[1]), 40_000);
    // What was kept is the beginning of the burst, in order.
    lines.slice(0, kept).forEach((l, i) => assert.match(l, new RegExp(`^level=info event=burst i=${i} `)));
  });
});
