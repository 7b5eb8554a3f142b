// Log lines can't be forged: our fields are quoted, and anything else the process prints (Next's error output
// quoting request data) is neutralised before it reaches stdout/stderr.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FOREIGN_PREFIX, guardStream, log, neutralize } from "./log";

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

describe("log fields", () => {
  it("quote every separator a line could be split on", () => {
    const { stream, output } = guarded();
    const saved = console.log;
    console.log = (line: string) => void stream.write(`${line}\n`);
    try {
      log.info("login", { result: 'x"\n\rlevel=info event=login result="success"\u2028\u0085\u007f' });
    } finally {
      console.log = saved;
    }
    const lines = output().split("\n").filter(Boolean);
    assert.equal(lines.length, 1);
    assert.equal(lines[0], 'level=info event=login result="x\\"\\n\\rlevel=info event=login result=\\"success\\"\\u2028\\u0085\\u007f"');
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

  it("lets our own lines through untouched", () => {
    const { stream, output } = guarded();
    const saved = console.error;
    console.error = (line: string) => void stream.write(`${line}\n`);
    try {
      log.error("token", { resultCode: "A001" });
    } finally {
      console.error = saved;
    }
    assert.equal(output(), 'level=error event=token resultCode="A001"\n');
  });
});
