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
// CPU in a profile, README "Performance"). So our lines are queued and handed, one batch per burst and stream
// (info → stdout, warn/error → stderr, as console did), at most FLUSH_DELAY_MS after they are logged, to a
// writer thread that writes them in order and waits out a full pipe. The queue is bounded: if the consumer
// cannot keep up, lines beyond MAX_QUEUED_BYTES (queued or handed over but not yet written) are dropped and
// counted (one `log.dropped` line says how many) instead of growing the heap. When the process exits, what is
// still queued is handed over too and the exit waits (at most EXIT_FLUSH_PATIENCE_MS) until the writer has
// written everything: exactly once and in order, which asynchronous writes from the main thread cannot promise
// (a write under way when the process exits has an outcome nobody will hear of).
import { writeSync } from "node:fs";
import { Worker } from "node:worker_threads";

type Level = "info" | "warn" | "error";
type Fields = Record<string, string | number | boolean | undefined | null>;

/** Bytes a stream may have waiting (queued, or with the writer and not yet written) before lines are dropped. */
const MAX_QUEUED_BYTES = 1024 * 1024;
/**
 * Bytes per write: a write of at most PIPE_BUF (4096 on Linux) to a pipe is atomic, so our lines never
 * interleave mid-line with Next's own console output on the same descriptor.
 */
const MAX_WRITE_BYTES = 4096;
/** How long a line may wait for others to share its batch. */
const FLUSH_DELAY_MS = 10;
/** How long the exit waits, in all, for what is still to be written before it gives up on the rest. */
const EXIT_FLUSH_PATIENCE_MS = 5000;

/**
 * The writer thread. `written[i]` counts the bytes it is done with for stream i (written, or lost to a closed
 * descriptor), so the main thread can see its progress without a message. A full non-blocking pipe (EAGAIN) is
 * waited out here, where blocking stalls nobody.
 */
const WRITER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { writeSync } = require("node:fs");
const written = new BigInt64Array(workerData.written);
const pause = new Int32Array(new SharedArrayBuffer(4));
parentPort.on("message", ({ i, fd, chunk }) => {
  const buf = Buffer.from(chunk, "utf8");
  let offset = 0;
  while (offset < buf.length) {
    try {
      offset += writeSync(fd, buf, offset, buf.length - offset);
    } catch (e) {
      if (e && e.code === "EAGAIN") Atomics.wait(pause, 0, 0, 2);
      else break;
    }
  }
  Atomics.add(written, i, BigInt(buf.length));
  Atomics.notify(written, i);
});
`;

interface Stream {
  i: 0 | 1;
  fd: number;
  /** Lines not yet handed to the writer, and their bytes. */
  lines: string[];
  bytes: number;
  /** Bytes handed to the writer so far (compare with Writer.written[i]). */
  handed: number;
  scheduled: boolean;
  dropped: number;
}

interface Writer {
  streams: [Stream, Stream];
  written: BigInt64Array;
  /** undefined until the first batch; null when no thread could be started (or it died): writes are synchronous. */
  thread: Worker | undefined | null;
}

const newStream = (i: 0 | 1): Stream => ({ i, fd: i + 1, lines: [], bytes: 0, handed: 0, scheduled: false, dropped: 0 });

// One writer per process: Next bundles this module into several chunks, and each copy must share it.
const WRITER = Symbol.for("nextjs-oauth-server.log.writer");
const writer: Writer = ((globalThis as Record<symbol, unknown>)[WRITER] as Writer | undefined) ?? createWriter();

function createWriter(): Writer {
  const w: Writer = { streams: [newStream(0), newStream(1)], written: new BigInt64Array(new SharedArrayBuffer(16)), thread: undefined };
  (globalThis as Record<symbol, unknown>)[WRITER] = w;
  process.on("exit", flushLogs);
  return w;
}

function thread(): Worker | null {
  if (writer.thread !== undefined) return writer.thread;
  try {
    const t = new Worker(WRITER_SOURCE, { eval: true, workerData: { written: writer.written.buffer },
      // Not the process's flags: a loader (tsx in tests) would have to boot in the thread, and the heap cap is not
      // for it. Its own cap is small: it holds at most the queue bound.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    t.unref();
    // If the thread dies, what it had not written is lost (counted as done so nothing waits for it) and the
    // process writes synchronously from then on.
    t.on("error", () => undefined);
    t.on("exit", () => {
      writer.thread = null;
      for (const s of writer.streams) Atomics.store(writer.written, s.i, BigInt(s.handed));
    });
    writer.thread = t;
  } catch {
    writer.thread = null;
  }
  return writer.thread;
}

const pending = (s: Stream) => s.handed - Number(Atomics.load(writer.written, s.i));

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
  s.bytes -= bytes;
  return s.lines.splice(0, n).join("");
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes `chunk` whole and synchronously (no writer thread), waiting out a full pipe until `deadline`. */
function writeAllSync(fd: number, chunk: string, deadline: number): void {
  const buf = Buffer.from(chunk, "utf8");
  let offset = 0;
  while (offset < buf.length) {
    try {
      offset += writeSync(fd, buf, offset, buf.length - offset);
    } catch (e) {
      // A closed descriptor, or a consumer that stopped reading: the rest is lost, logging goes on.
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN" || Date.now() > deadline) return;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
}

/** Hands everything queued on `s` to the writer, in write-sized chunks, then the count of dropped lines. */
function handOver(s: Stream, deadline: number, exiting = false): void {
  s.scheduled = false;
  if (s.dropped > 0) {
    s.lines.push(droppedLine(s.dropped));
    s.bytes += Buffer.byteLength(droppedLine(s.dropped));
    s.dropped = 0;
  }
  while (s.lines.length > 0) {
    const chunk = take(s);
    // No thread is started on the way out: it could not boot before the process is gone.
    const t = exiting ? writer.thread : thread();
    if (t) {
      s.handed += Buffer.byteLength(chunk);
      t.postMessage({ i: s.i, fd: s.fd, chunk });
    } else {
      writeAllSync(s.fd, chunk, deadline);
    }
  }
}

function schedule(s: Stream): void {
  if (s.scheduled) return;
  s.scheduled = true;
  // A little later, so that one batch carries every line logged meanwhile (under load: one hand-over per
  // FLUSH_DELAY_MS instead of one per request); at once when a write's worth is already waiting.
  if (s.bytes >= MAX_WRITE_BYTES) setImmediate(() => handOver(s, Date.now() + EXIT_FLUSH_PATIENCE_MS));
  else setTimeout(() => handOver(s, Date.now() + EXIT_FLUSH_PATIENCE_MS), FLUSH_DELAY_MS).unref();
}

function enqueue(s: Stream, line: string): void {
  const bytes = Buffer.byteLength(line);
  if (s.bytes + pending(s) + bytes > MAX_QUEUED_BYTES) {
    s.dropped++;
    return;
  }
  s.lines.push(line);
  s.bytes += bytes;
  schedule(s);
}

const droppedLine = (n: number) => `level=warn event=log.dropped count=${n}\n`;

/**
 * Writes whatever is still queued and waits for the writer to finish (process exit; exported for tests). Gives up
 * after EXIT_FLUSH_PATIENCE_MS if the consumer has stopped reading, so a stuck collector can't hold the exit.
 */
export function flushLogs(): void {
  const deadline = Date.now() + EXIT_FLUSH_PATIENCE_MS;
  for (const s of writer.streams) handOver(s, deadline, true);
  for (const s of writer.streams) {
    for (let left = pending(s); left > 0 && writer.thread; left = pending(s)) {
      const ms = deadline - Date.now();
      if (ms <= 0) return;
      Atomics.wait(writer.written, s.i, Atomics.load(writer.written, s.i), Math.min(ms, 50));
    }
  }
}

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
  else enqueue(writer.streams[level === "info" ? 0 : 1], `${line}\n`);
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
