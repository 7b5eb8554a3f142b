// CLI for the local Cognito stand-in:
//
//   node --import tsx local/cognito/main.ts [--port N] [--data-dir DIR] [--reset]
//
// Environment fallbacks: LOCAL_COGNITO_PORT (default 9229), LOCAL_DATA_DIR (the stand-in uses
// <LOCAL_DATA_DIR>/cognito; default .local/cognito relative to the current directory).
// Prints its URL, logs one line per call, stops cleanly on SIGINT/SIGTERM. A bad flag prints one line
// and exits with code 2.

import { join, resolve } from "node:path";

const USAGE = "usage: main.ts [--port N] [--data-dir DIR] [--reset]";

function usageError(message: string): never {
  process.stderr.write(`cognito stand-in: ${message} (${USAGE})\n`);
  process.exit(2);
}

function parsePort(value: string, from: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) usageError(`${from} must be a port number 0-65535, not "${value}"`);
  return Number(value);
}

interface Args {
  port: number;
  dataDir: string;
  reset: boolean;
}

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Args {
  let port: number | undefined;
  let dataDir: string | undefined;
  let reset = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) usageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--port":
        port = parsePort(value(), "--port");
        break;
      case "--data-dir":
        dataDir = value();
        if (dataDir === "") usageError("--data-dir needs a value");
        break;
      case "--reset":
        if (inline !== undefined) usageError("--reset takes no value");
        reset = true;
        break;
      case "--help":
      case "-h":
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        usageError(`unknown option ${JSON.stringify(arg)}`);
    }
  }
  if (port === undefined && env.LOCAL_COGNITO_PORT) port = parsePort(env.LOCAL_COGNITO_PORT, "LOCAL_COGNITO_PORT");
  dataDir ??= env.LOCAL_DATA_DIR ? join(env.LOCAL_DATA_DIR, "cognito") : join(".local", "cognito");
  return { port: port ?? 9229, dataDir: resolve(dataDir), reset };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), process.env);
  // Loaded after the arguments are checked, so a bad flag is answered at once.
  const [{ startCognitoStandIn }, { DEMO_COGNITO }] = await Promise.all([import("./server"), import("./seed")]);
  let standIn;
  try {
    standIn = await startCognitoStandIn({ port: args.port, dataDir: args.dataDir, reset: args.reset });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "EADDRINUSE" ? `port ${args.port} is already in use (set --port or LOCAL_COGNITO_PORT)` : err.message;
    process.stderr.write(`cognito stand-in: cannot start: ${why}\n`);
    process.exit(1);
  }
  console.log(
    `[cognito] Cognito stand-in listening on ${standIn.url} — pool ${DEMO_COGNITO.userPoolId}, client ${DEMO_COGNITO.clientId} (data: ${args.dataDir})`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    standIn.close().then(
      () => {
        console.log(`[cognito] stopped (${signal})`);
        process.exit(0);
      },
      (e: unknown) => {
        process.stderr.write(`cognito stand-in: error while stopping: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
