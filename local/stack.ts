// The whole local stack: both stand-ins plus Next.js, pointed at each other with zero configuration.
//   npm run dev    → node --import tsx local/stack.ts dev     (next dev)
//   npm run local  → node --import tsx local/stack.ts local   (next build, then next start)
//   e2e tests      → node --import tsx local/stack.ts serve … (next start on an existing build)
// Flags: --port N (PORT, 3000) --host H --authlete-port N (LOCAL_AUTHLETE_PORT, 9001)
//        --cognito-port N (LOCAL_COGNITO_PORT, 9229) --data-dir DIR (LOCAL_DATA_DIR, .local) --reset
//        --authlete-api V2|V3 (which Authlete API generation the app uses against the stand-in)
//        --issuer URL, --<endpoint> URL, --authlete-seed FILE: the Authlete stand-in's URL settings, exactly as
//        local/authlete/main.ts and `npm run services` take them (local/authlete/settings.ts; LOCAL_AUTHLETE_ISSUER,
//        …). The issuer is also the app's ISSUER; by default http://<host or localhost>:<port>.
// Environment: LOCAL_COGNITO_POOL=demo (default) | mfa-required — which stand-in pool the app uses.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { envPort, parseFlags, UsageError } from "./args";
import { startAuthleteStandIn, type RunningAuthleteStandIn } from "./authlete/server";
import { startCognitoStandIn, type RunningCognitoStandIn } from "./cognito/server";
import { cognitoPoolFrom, dataDirFrom, demoBanner, localAppEnv, localSessionSecret, SERVER_NODE_ARGS } from "./env";
import { resolveLatency, resolveSettings, urlSettingFlags, urlSettingFlagSpec } from "./authlete/settings";

const NEXT_BIN = join(process.cwd(), "node_modules", "next", "dist", "bin", "next");


function runNext(args: string[], env: NodeJS.ProcessEnv, nodeArgs: readonly string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, NEXT_BIN, ...args], { stdio: "inherit", env });
}

function exitCodeOf(child: ChildProcess): Promise<number> {
  return new Promise((resolveExit) => child.on("exit", (code, signal) => resolveExit(signal ? 1 : (code ?? 1))));
}

async function main(): Promise<void> {
  const { flags, positional } = parseFlags(process.argv.slice(2), {
    port: "port",
    host: "string",
    "authlete-port": "port",
    "cognito-port": "port",
    "data-dir": "string",
    "authlete-api": "string",
    "authlete-seed": "string",
    "authlete-latency-ms": "string",
    ...urlSettingFlagSpec(),
    reset: "boolean",
  });
  const mode = positional[0];
  if (mode !== "dev" && mode !== "local" && mode !== "serve") {
    throw new UsageError("usage: local/stack.ts dev|local|serve [--port N] [--host H] [--authlete-port N] [--cognito-port N] [--data-dir DIR] [--reset] [--authlete-api V2|V3] [--authlete-latency-ms N] [--issuer URL] [--<endpoint> URL …] [--authlete-seed FILE]");
  }
  const apiVersion = (flags["authlete-api"] ?? "V3").toUpperCase();
  if (apiVersion !== "V2" && apiVersion !== "V3") throw new UsageError("--authlete-api must be V2 or V3");

  const env = process.env;
  const cognitoPool = cognitoPoolFrom(env.LOCAL_COGNITO_POOL);
  const port = flags.port ?? envPort(env, "PORT", 3000);
  const host = flags.host;
  const dataDir = dataDirFrom(flags["data-dir"] ?? env.LOCAL_DATA_DIR);
  const settings = resolveSettings(urlSettingFlags(flags), flags["authlete-seed"], env);
  // The browser must reach the app at exactly the issuer's host: server actions compare Origin with Host.
  const issuer = settings.issuer ?? `http://${host && host !== "0.0.0.0" ? host : "localhost"}:${port}`;

  let authlete: RunningAuthleteStandIn | undefined;
  let cognito: RunningCognitoStandIn | undefined;
  let child: ChildProcess | undefined;
  const stopStandIns = () => Promise.allSettled([authlete?.close(), cognito?.close()]);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    if (child && child.exitCode === null) child.kill(signal);
    else void stopStandIns().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  authlete = await startAuthleteStandIn({
    port: flags["authlete-port"] ?? envPort(env, "LOCAL_AUTHLETE_PORT", 9001),
    dataDir: join(dataDir, "authlete"),
    reset: flags.reset,
    issuer,
    endpoints: settings.endpoints,
    clients: settings.clients,
    latencyMs: resolveLatency(flags["authlete-latency-ms"], env, "--authlete-latency-ms"),
  });
  cognito = await startCognitoStandIn({
    port: flags["cognito-port"] ?? envPort(env, "LOCAL_COGNITO_PORT", 9229),
    dataDir: join(dataDir, "cognito"),
    reset: flags.reset,
  });
  const urls = { issuer, authleteUrl: authlete.url, cognitoUrl: cognito.url };
  const appEnv = { ...env, ...localAppEnv(urls, localSessionSecret(dataDir), apiVersion, cognitoPool), PORT: String(port) };
  console.log(demoBanner(urls, cognitoPool));

  const hostArgs = host ? ["-H", host] : [];
  if (mode === "local" && !stopping) {
    child = runNext(["build"], { ...appEnv, NODE_ENV: "production" });
    const code = await exitCodeOf(child);
    if (code !== 0 || stopping) {
      await stopStandIns();
      process.exit(code || 1);
    }
  }
  if (stopping) {
    await stopStandIns();
    return;
  }
  child =
    mode === "dev"
      ? runNext(["dev", "-p", String(port), ...hostArgs], appEnv)
      : runNext(["start", "-p", String(port), ...hostArgs], { ...appEnv, NODE_ENV: "production" }, SERVER_NODE_ARGS);
  const code = await exitCodeOf(child);
  await stopStandIns();
  process.exit(stopping ? 0 : code);
}

main().catch((e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  const message =
    e instanceof UsageError
      ? e.message
      : err?.code === "EADDRINUSE"
        ? `a port is already in use (${err.message}); is another copy running? Use --port/--authlete-port/--cognito-port.`
        : e instanceof Error
          ? e.message
          : String(e);
  console.error(`stack: ${message}`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
