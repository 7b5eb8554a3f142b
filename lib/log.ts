// One-line structured logs. Callers pass only non-secret fields: never passwords, codes, tokens, tickets,
// client secrets or claim values (DESIGN.md, conventions). Values are JSON-encoded (and the line separators JSON
// leaves alone escaped too), so a field can't forge a second log line.
//
// The invariant operators can rely on: **a line that starts with `level=` was written by this module.** Our own
// lines keep it by construction (they go straight to the file descriptors, below); everything else the process
// prints — Next.js's error output in particular, which can quote request data (a JSON parse error quotes the body
// it choked on, an invalid cookie path quoted the URL) — goes through `guardProcessOutput()`, installed at boot by
// instrumentation-node.ts: control characters are escaped and a foreign line that would start with `level=` is
// prefixed, so request data can never pass for one of ours.
//
// Logging must never slow the requests it describes. `console.log` does: on Linux a write to a pipe or a
// file is synchronous, so a slow log collector stalls the event loop, and under `next start` every console
// call also runs through Next's console wrappers and an AsyncLocalStorage exit (4 % of the token endpoint's
// CPU in a profile, README "Performance"). So our lines are queued and written by one asynchronous write per
// burst and stream (info → stdout, warn/error → stderr, as console did), in order, from libuv's thread
// pool, at most FLUSH_DELAY_MS after they are logged. The queue is bounded: if the consumer cannot keep up,
// lines beyond MAX_QUEUED_BYTES are dropped and counted (one `log.dropped` line says how many) instead of
// growing the heap. What is still queued when the process exits is written synchronously on the way out.
import { write as fsWrite, writeSync } from "node:fs";

type Level = "info" | "warn" | "error";
type Fields = Record<string, string | number | boolean | undefined | null>;

/** Bytes a stream may have waiting before new lines are dropped. */
const MAX_QUEUED_BYTES = 1024 * 1024;
/**
 * Bytes per write: a write of at most PIPE_BUF (4096 on Linux) to a pipe is atomic, so our lines never
 * interleave mid-line with Next's own console output on the same descriptor.
 */
const MAX_WRITE_BYTES = 4096;
/** How long a line may wait for others to share its write. */
const FLUSH_DELAY_MS = 10;

interface Stream {
  fd: number;
  lines: string[];
  bytes: number;
  writing: boolean;
  scheduled: boolean;
  dropped: number;
}

const streams: Record<"out" | "err", Stream> = {
  out: { fd: 1, lines: [], bytes: 0, writing: false, scheduled: false, dropped: 0 },
  err: { fd: 2, lines: [], bytes: 0, writing: false, scheduled: false, dropped: 0 },
};

/** The next write: whole lines, at most MAX_WRITE_BYTES unless a single line is longer. */
function take(s: Stream): string {
  let n = 0;
  let bytes = 0;
  while (n < s.lines.length) {
    const len = Buffer.byteLength(s.lines[n] as string);
    if (n > 0 && bytes + len > MAX_WRITE_BYTES) break;
    bytes += len;
    n++;
  }
  const chunk = s.lines.splice(0, n).join("");
  s.bytes -= bytes;
  return chunk;
}

function pump(s: Stream): void {
  s.scheduled = false;
  if (s.writing) return;
  if (s.lines.length === 0 && s.dropped > 0) {
    enqueue(s, droppedLine(s.dropped), true);
    s.dropped = 0;
  }
  if (s.lines.length === 0) return;
  const buf = Buffer.from(take(s), "utf8");
  s.writing = true;
  const writeFrom = (offset: number) => {
    fsWrite(s.fd, buf, offset, buf.length - offset, null, (e, written) => {
      if (e && (e as NodeJS.ErrnoException).code === "EAGAIN") {
        // A non-blocking pipe is full: try again shortly rather than spin.
        setTimeout(() => writeFrom(offset), 5).unref();
        return;
      }
      if (!e && offset + written < buf.length) {
        writeFrom(offset + written);
        return;
      }
      // A failed write (closed descriptor) loses that chunk; logging must not take the server down.
      s.writing = false;
      if (s.lines.length > 0 || s.dropped > 0) schedule(s);
    });
  };
  writeFrom(0);
}

function schedule(s: Stream): void {
  if (s.scheduled || s.writing) return;
  s.scheduled = true;
  // A little later, so that one write carries every line logged meanwhile (under load: one write per
  // FLUSH_DELAY_MS instead of one per request); at once when a write's worth is already waiting.
  if (s.bytes >= MAX_WRITE_BYTES) setImmediate(() => pump(s));
  else setTimeout(() => pump(s), FLUSH_DELAY_MS).unref();
}

function enqueue(s: Stream, line: string, force = false): void {
  const bytes = Buffer.byteLength(line);
  if (!force && s.bytes + bytes > MAX_QUEUED_BYTES) {
    s.dropped++;
    return;
  }
  s.lines.push(line);
  s.bytes += bytes;
  schedule(s);
}

const droppedLine = (n: number) => `level=warn event=log.dropped count=${n}\n`;

/** Writes whatever is still queued, synchronously (process exit). */
export function flushLogs(): void {
  for (const s of Object.values(streams)) {
    if (s.dropped > 0) {
      s.lines.push(droppedLine(s.dropped));
      s.dropped = 0;
    }
    while (s.lines.length > 0) {
      try {
        writeSync(s.fd, take(s));
      } catch {
        s.lines.length = 0;
        s.bytes = 0;
      }
    }
  }
}

process.on("exit", flushLogs);

/** JSON leaves DEL, the C1 controls (NEL, U+0085, ends a line for some tools) and U+2028/U+2029 as they are. */
function quote(v: string): string {
  return JSON.stringify(v).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function formatLine(level: Level, event: string, fields: Fields = {}): string {
  let line = `level=${level} event=${event}`;
  for (const k in fields) {
    const v = fields[k];
    if (v === undefined || v === null) continue;
    line += ` ${k}=${typeof v === "string" ? quote(v) : String(v)}`;
  }
  return line;
}

/** Tests only: while set, every line goes to this function instead of stdout/stderr. */
let testSink: ((line: string) => void) | undefined;

/** Tests: capture our lines (set), or write them again (unset). */
export function setLogSink(sink?: (line: string) => void): void {
  testSink = sink;
}

function write(level: Level, event: string, fields?: Fields): void {
  const line = formatLine(level, event, fields);
  if (testSink) testSink(line);
  else enqueue(level === "info" ? streams.out : streams.err, `${line}\n`);
}

export const log = {
  info: (event: string, fields?: Fields) => write("info", event, fields),
  warn: (event: string, fields?: Fields) => write("warn", event, fields),
  error: (event: string, fields?: Fields) => write("error", event, fields),
};

/** A short description of an unknown thrown value, safe for logs (no stack, no upstream body). */
export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`.slice(0, 300);
  return String(e).slice(0, 300);
}

// --- everything else the process prints ----------------------------------------------------------------------------

/** What a foreign line that looks like one of ours is prefixed with. */
export const FOREIGN_PREFIX = "(unstructured) ";

/**
 * Neutralises text someone else writes to stdout/stderr: C0 controls other than newline and tab (CR above all,
 * which rewinds a terminal line), DEL and the C1 controls are escaped; ESC is kept on a terminal (Next's colours)
 * and escaped otherwise (log files and collectors); a line starting with `level=` (after blanks) gets
 * FOREIGN_PREFIX. `atLineStart` says whether the stream's previous write ended a line.
 */
export function neutralize(text: string, atLineStart: boolean, keepEsc = false): string {
  const escaped = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    keepEsc && c === "\u001b" ? c : c === "\r" ? "\\r" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return escaped.replace(/(^|\n)([ \t]*level=)/g, (whole, start: string, rest: string, offset: number) =>
    offset === 0 && start === "" && !atLineStart ? whole : `${start}${FOREIGN_PREFIX}${rest}`,
  );
}

type Writable = Pick<NodeJS.WriteStream, "write"> & { isTTY?: boolean };
const GUARDED = Symbol.for("nextjs-oauth-server.log.guarded");

/**
 * Wraps one stream's `write` (idempotent). Exported for tests; the server uses guardProcessOutput(). Every write
 * through the stream is foreign: our own lines never pass here (they go to the descriptor directly).
 */
export function guardStream(stream: Writable): void {
  const s = stream as Writable & { [GUARDED]?: boolean };
  if (s[GUARDED]) return;
  s[GUARDED] = true;
  const original = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  let atLineStart = true;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    let out = chunk;
    if (typeof chunk === "string" || chunk instanceof Uint8Array) {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      const safe = neutralize(text, atLineStart, stream.isTTY === true);
      if (safe !== text) out = safe;
      if (text.length > 0) atLineStart = text.endsWith("\n");
    }
    // A Buffer re-encoded as a string keeps the caller's callback; an encoding argument no longer applies.
    if (out !== chunk && typeof rest[0] === "string") rest = rest.slice(1);
    return original(out, ...rest);
  }) as Writable["write"];
}

/** Installs the guard on the process's stdout and stderr (instrumentation-node.ts, at server start). */
export function guardProcessOutput(): void {
  guardStream(process.stdout);
  guardStream(process.stderr);
}
