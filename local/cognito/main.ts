// CLI for the local Cognito stand-in:
//
//   node --import tsx local/cognito/main.ts [--port N] [--data-dir DIR] [--reset]
//
// Environment fallbacks: LOCAL_COGNITO_PORT (default 9229), LOCAL_DATA_DIR (the stand-in uses
// <LOCAL_DATA_DIR>/cognito; default .local/cognito relative to the current directory).
// Prints its URL, logs one line per call, stops cleanly on SIGINT/SIGTERM. A bad flag prints one line
// and exits with code 2.

import { type CliArgs, parseArgs, USAGE, UsageError } from "./cli-args";

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2), process.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`cognito stand-in: ${e.message} (${USAGE})\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
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

main().catch((e: unknown) => {
  process.stderr.write(`cognito stand-in: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(1);
});
