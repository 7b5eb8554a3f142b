// Minimal flag parsing for the local launchers: `--name value`, `--name=value` and boolean `--flag`.
// Unknown flags or bad values end the process with a one-line message and exit code 2 (no stack trace).

export interface FlagSpec {
  [name: string]: "string" | "port" | "boolean";
}

export type Flags<S extends FlagSpec> = { [K in keyof S]?: S[K] extends "boolean" ? boolean : S[K] extends "port" ? number : string };

export class UsageError extends Error {}

export function parseFlags<S extends FlagSpec>(argv: readonly string[], spec: S): { flags: Flags<S>; positional: string[] } {
  const flags: Record<string, string | number | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === "boolean") {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "") throw new UsageError(`--${name} needs a value`);
    flags[name] = kind === "port" ? parsePort(value, `--${name}`) : value;
  }
  return { flags: flags as Flags<S>, positional };
}

export function parsePort(value: string, what: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new UsageError(`${what} must be a port number (0-65535), got ${JSON.stringify(value)}`);
  return n;
}

/** An environment port with a default, validated the same way as flags. */
export function envPort(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const v = env[name];
  return v === undefined || v.trim() === "" ? fallback : parsePort(v.trim(), name);
}
