// Log lines can't be forged, and logging never blocks: our fields are quoted, our lines are written
// asynchronously, in order, to the streams console used, straight to the descriptors (so nothing else can pass for
// them), within a bounded queue (the excess is counted, not kept), and what is queued at exit is written; anything
// else the process prints (Next's error output quoting request data) is neutralised before it reaches stdout/stderr.
// The writing cases run in a child process so that its stdout and stderr can be read whole.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { collect, spawnTracked } from "../local/test-children";
import { FOREIGN_PREFIX, formatLine, guardStream, neutralize } from "./log";

/** A stream stand-in that records what reaches it, with the guard installed. */
function guarded(isTTY = false) {
  const written: string[] = [];
  const stream = {
    isTTY,
    write(chunk: unknown, ..._rest: unknown[]): boolean {
      written.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      return true;
    },
  };
  guardStream(stream as unknown as NodeJS.WriteStream);
  return { stream, output: () => written.join("") };
}

async function run(body: string): Promise<{ out: string; err: string; code: number | null }> {
  const child = spawnTracked("--input-type=module", ["-e", `import { log } from "./lib/log.ts";\n${body}`]);
  const c = collect(child);
  const { code } = await c.drained;
  return { out: c.stdout(), err: c.stderr(), code };
}

describe("log", () => {
  it("formats one line: level, event, JSON-encoded strings, no empty fields", () => {
    assert.equal(formatLine("info", "token", { action: "OK", n: 3, ok: true, skip: undefined, none: null }), 'level=info event=token action="OK" n=3 ok=true');
  });

  it("quotes every separator a line could be split on", () => {
    assert.equal(
      formatLine("info", "login", { result: 'x"\n\rlevel=info event=login result="success"\u2028\u0085\u007f' }),
      'level=info event=login result="x\\"\\n\\rlevel=info event=login result=\\"success\\"\\u2028\\u0085\\u007f"',
    );
  });

  it("our lines bypass the guard on process output; foreign ones still meet it", async () => {
    const r = await run(`
      import { guardProcessOutput } from "./lib/log.ts";
      guardProcessOutput();
      process.stdout.write("level=info event=forged\\n");
      log.info("token", { action: "OK" });
      log.error("token", { resultCode: "A001" });
    `);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '(unstructured) level=info event=forged\nlevel=info event=token action="OK"\n');
    assert.equal(r.err, 'level=error event=token resultCode="A001"\n');
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

  it("waits out a consumer that stops reading: nothing lost, nothing twice, also across an immediate exit", async () => {
    // The reader is paused for 600 ms while the child writes ~900 KB (several times what a pipe holds, under the
    // queue bound) and exits at once: the exit must wait for the writer, then every line arrives once, in order.
    const child = spawnTracked("--input-type=module", [
      "-e",
      `import { log } from "./lib/log.ts";
      for (let i = 0; i < 20000; i++) {
        log.info("slow", { i, pad: "y".repeat(8) });
        if (i % 1000 === 999) await new Promise((r) => setTimeout(r, 15));
      }
      process.exit(0);`,
    ]);
    child.stdout.pause();
    await new Promise((r) => setTimeout(r, 600));
    const c = collect(child);
    child.stdout.resume(); // a stream paused by hand stays paused when a reader is attached
    const { code } = await c.drained;
    assert.equal(code, 0, c.stderr());
    const lines = c.stdout().trimEnd().split("\n");
    assert.equal(lines.length, 20_000);
    lines.forEach((l, i) => assert.equal(l, `level=info event=slow i=${i} pad="yyyyyyyy"`));
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

describe("foreign output (Next's own error lines)", () => {
  it("can't start a line with level= or carry control characters", () => {
    // What Next printed for a server action body `\nlevel=info…`: V8's JSON.parse message quotes the input.
    const { stream, output } = guarded();
    stream.write(`⨯ SyntaxError: Unexpected token 'l', "\nlevel=info event=login result="success"... is not valid JSON\n`);
    stream.write("level=info event=login result=\"success\"\n");
    stream.write("  \tlevel=warn event=x\r\u001b[2Kdone\u0000\n");
    const lines = output().split("\n");
    for (const line of lines) assert.doesNotMatch(line, /^\s*level=/, line);
    assert.ok(lines.includes(`${FOREIGN_PREFIX}level=info event=login result="success"`));
    assert.doesNotMatch(output(), /[\r\u0000\u001b]/);
    assert.match(output(), /\\r\\u001b\[2Kdone\\u0000/);
  });

  it("tracks line starts across writes and keeps ESC (colours) on a terminal", () => {
    assert.equal(neutralize("level=x", false), "level=x"); // continues a line someone else started
    assert.equal(neutralize("level=x", true), `${FOREIGN_PREFIX}level=x`);
    assert.equal(neutralize("a\nlevel=x", false), `a\n${FOREIGN_PREFIX}level=x`);
    assert.equal(neutralize("\u001b[31mred\u001b[39m", true, true), "\u001b[31mred\u001b[39m");
    const { stream, output } = guarded();
    stream.write("partial ");
    stream.write("level=x\n");
    stream.write(Buffer.from("level=y\n"));
    assert.equal(output(), `partial level=x\n${FOREIGN_PREFIX}level=y\n`);
  });
});
