// One-line structured logs. Callers pass only non-secret fields: never passwords, codes, tokens, tickets,
// client secrets or claim values (DESIGN.md, conventions). Values are JSON-encoded (and the line separators JSON
// leaves alone escaped too), so a field can't forge a second log line.
//
// The invariant operators can rely on: **a line that starts with `level=` was written by this module.** Our own
// lines keep it by construction; everything else the process prints — Next.js's error output in particular, which
// can quote request data (a JSON parse error quotes the body it choked on, an invalid cookie path quoted the URL) —
// goes through `guardProcessOutput()`, installed at boot by instrumentation-node.ts: control characters are escaped
// and a foreign line that would start with `level=` is prefixed, so request data can never pass for one of ours.
type Level = "info" | "warn" | "error";
type Fields = Record<string, string | number | boolean | undefined | null>;

/**
 * Set while this module writes (shared through the global object: route handlers, the proxy and instrumentation
 * are separate bundles, each with its own copy of this module, but one process and one stdout).
 */
const OWN_WRITE = Symbol.for("nextjs-oauth-server.log.own-write");
type Flagged = typeof globalThis & { [OWN_WRITE]?: boolean };

/** JSON leaves DEL, the C1 controls (NEL, U+0085, ends a line for some tools) and U+2028/U+2029 as they are. */
function quote(v: string): string {
  return JSON.stringify(v).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function write(level: Level, event: string, fields: Fields = {}): void {
  const parts = [`level=${level}`, `event=${event}`];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null) continue;
    parts.push(`${k}=${typeof v === "string" ? quote(v) : String(v)}`);
  }
  const line = parts.join(" ");
  const g = globalThis as Flagged;
  g[OWN_WRITE] = true;
  try {
    if (level === "error") console.error(line);
    else if (level === "warn") console.warn(line);
    else console.log(line);
  } finally {
    g[OWN_WRITE] = false;
  }
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

/** Wraps one stream's `write` (idempotent). Exported for tests; the server uses guardProcessOutput(). */
export function guardStream(stream: Writable): void {
  const s = stream as Writable & { [GUARDED]?: boolean };
  if (s[GUARDED]) return;
  s[GUARDED] = true;
  const original = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  let atLineStart = true;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const own = (globalThis as Flagged)[OWN_WRITE] === true;
    let out = chunk;
    if (!own && (typeof chunk === "string" || chunk instanceof Uint8Array)) {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      const safe = neutralize(text, atLineStart, stream.isTTY === true);
      if (safe !== text) out = safe;
      if (text.length > 0) atLineStart = text.endsWith("\n");
    } else if (typeof chunk === "string" && chunk.length > 0) {
      atLineStart = chunk.endsWith("\n");
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
