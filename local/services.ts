// `npm run services`: both stand-ins in the foreground, seeded with the demo data, until Ctrl-C / SIGTERM.
//   node --import tsx local/services.ts [--authlete-port N] [--cognito-port N] [--data-dir DIR] [--reset]
//        [--issuer URL] [--<endpoint> URL …] [--authlete-seed FILE]
// Environment fallbacks: LOCAL_AUTHLETE_PORT (9001), LOCAL_COGNITO_PORT (9229), LOCAL_DATA_DIR (.local),
// PORT (the app's port, for the default issuer http://localhost:$PORT), LOCAL_COGNITO_POOL (demo | mfa-required),
// and the Authlete stand-in's URL settings exactly as local/authlete/main.ts takes them
// (local/authlete/settings.ts: LOCAL_AUTHLETE_ISSUER, LOCAL_AUTHLETE_TOKEN_ENDPOINT, …, LOCAL_AUTHLETE_SEED).
import { join } from "node:path";
import { envPort, parseFlags, UsageError } from "./args";
import { startAuthleteStandIn } from "./authlete/server";
import { startCognitoStandIn } from "./cognito/server";
import { cognitoPoolFrom, dataDirFrom, demoBanner, localAppEnv, localSessionSecret } from "./env";
import { resolveLatency, resolveSettings, URL_FLAGS_USAGE, urlSettingFlags, urlSettingFlagSpec } from "./authlete/settings";

async function main(): Promise<void> {
  const { flags, positional } = parseFlags(process.argv.slice(2), {
    "authlete-port": "port",
    "cognito-port": "port",
    "data-dir": "string",
    "authlete-seed": "string",
    "authlete-latency-ms": "string",
    ...urlSettingFlagSpec(),
    reset: "boolean",
    help: "boolean",
  });
  if (flags.help) {
    console.log(`usage: npm run services -- [--authlete-port N] [--cognito-port N] [--data-dir DIR] [--reset] [--authlete-latency-ms N] ${URL_FLAGS_USAGE} [--authlete-seed FILE]`);
    return;
  }
  if (positional.length) throw new UsageError(`unexpected argument ${JSON.stringify(positional[0])}`);
  const env = process.env;
  const cognitoPool = cognitoPoolFrom(env.LOCAL_COGNITO_POOL);
  const dataDir = dataDirFrom(flags["data-dir"] ?? env.LOCAL_DATA_DIR);
  const settings = resolveSettings(urlSettingFlags(flags), flags["authlete-seed"], env);
  const issuer = settings.issuer ?? `http://localhost:${envPort(env, "PORT", 3000)}`;

  const authlete = await startAuthleteStandIn({
    port: flags["authlete-port"] ?? envPort(env, "LOCAL_AUTHLETE_PORT", 9001),
    dataDir: join(dataDir, "authlete"),
    reset: flags.reset,
    issuer,
    endpoints: settings.endpoints,
    clients: settings.clients,
    latencyMs: resolveLatency(flags["authlete-latency-ms"], env, "--authlete-latency-ms"),
  });
  const cognito = await startCognitoStandIn({
    port: flags["cognito-port"] ?? envPort(env, "LOCAL_COGNITO_PORT", 9229),
    dataDir: join(dataDir, "cognito"),
    reset: flags.reset,
  }).catch(async (e: unknown) => {
    await authlete.close();
    throw e;
  });

  const urls = { issuer, authleteUrl: authlete.url, cognitoUrl: cognito.url };
  console.log(demoBanner(urls, cognitoPool));
  console.log("  Point the app at them with:");
  for (const [k, v] of Object.entries(localAppEnv(urls, localSessionSecret(dataDir), "V3", cognitoPool))) {
    if (k !== "SESSION_SECRET") console.log(`    ${k}=${v}`);
  }
  console.log("\n  Ctrl-C stops both.\n");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the stand-ins`);
    await Promise.allSettled([authlete.close(), cognito.close()]);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((e: unknown) => {
  console.error(`services: ${e instanceof UsageError ? e.message : describe(e)}`);
  process.exit(e instanceof UsageError ? 2 : 1);
});

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "EADDRINUSE") return `a port is already in use (${err.message}); is another copy running? Use --authlete-port/--cognito-port.`;
  return e instanceof Error ? e.message : String(e);
}
