// Command-line arguments of main.ts, kept apart so they can be tested without starting a process.

import { join, resolve } from "node:path";

export const USAGE = "usage: main.ts [--port N] [--data-dir DIR] [--reset]";

/** A bad flag or value: main.ts prints the message on one line and exits with code 2. */
export class UsageError extends Error {}

export interface CliArgs {
  port: number;
  dataDir: string;
  reset: boolean;
  help: boolean;
}

function parsePort(value: string, from: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`${from} must be a port number 0-65535, not "${value}"`);
  return Number(value);
}

/**
 * `--port N`, `--data-dir DIR` (also `--flag=value`), `--reset`, `--help`. Fallbacks: LOCAL_COGNITO_PORT
 * (default 9229) and LOCAL_DATA_DIR (the stand-in uses `<LOCAL_DATA_DIR>/cognito`; default
 * `.local/cognito` relative to `cwd`).
 */
export function parseArgs(argv: readonly string[], env: Record<string, string | undefined>, cwd: string = process.cwd()): CliArgs {
  let port: number | undefined;
  let dataDir: string | undefined;
  let reset = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--port":
        port = parsePort(value(), "--port");
        break;
      case "--data-dir":
        dataDir = value();
        if (dataDir === "") throw new UsageError("--data-dir needs a value");
        break;
      case "--reset":
        if (inline !== undefined) throw new UsageError("--reset takes no value");
        reset = true;
        break;
      case "--help":
      case "-h":
        help = true;
        break;
      default:
        throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    }
  }
  if (port === undefined && env.LOCAL_COGNITO_PORT) port = parsePort(env.LOCAL_COGNITO_PORT, "LOCAL_COGNITO_PORT");
  dataDir ??= env.LOCAL_DATA_DIR ? join(env.LOCAL_DATA_DIR, "cognito") : join(".local", "cognito");
  return { port: port ?? 9229, dataDir: resolve(cwd, dataDir), reset, help };
}
