// One-line structured logs. Callers pass only non-secret fields: never passwords, codes, tokens, tickets,
// client secrets or claim values (DESIGN.md, conventions). Values are JSON-encoded so a field can't forge
// a second log line.
type Level = "info" | "warn" | "error";
type Fields = Record<string, string | number | boolean | undefined | null>;

function write(level: Level, event: string, fields: Fields = {}): void {
  const parts = [`level=${level}`, `event=${event}`];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null) continue;
    parts.push(`${k}=${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
  }
  const line = parts.join(" ");
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
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
