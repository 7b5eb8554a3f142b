// CLI of the local Authlete stand-in.
//
//   node --import tsx local/authlete/main.ts [--port N] [--data-dir DIR] [--reset] [--latency-ms N]
//        [--issuer URL] [--<endpoint> URL …] [--seed FILE]
//
// Environment fallbacks: LOCAL_AUTHLETE_PORT, LOCAL_DATA_DIR (the stand-in uses <LOCAL_DATA_DIR>/authlete;
// default .local/authlete relative to the current directory), LOCAL_AUTHLETE_LATENCY_MS, and for the service's
// URL settings and seed file the names of settings.ts (LOCAL_AUTHLETE_ISSUER, LOCAL_AUTHLETE_TOKEN_ENDPOINT, …,
// LOCAL_AUTHLETE_SEED) — the same flags and variables `npm run services`, `npm run dev` and `npm run local` take.
// A bad flag prints one line and exits with code 2; Ctrl-C / SIGTERM stop the server cleanly.
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { UsageError } from "../args";
import { startAuthleteStandIn, type AuthleteStandInOptions } from "./server";
import { DEFAULT_ISSUER, DEMO_AUTHLETE } from "./seed";
import { flagName, resolveLatency, resolveSettings, URL_FLAGS_USAGE, URL_SETTINGS, type UrlSetting } from "./settings";

export { UsageError };

const USAGE = `usage: node --import tsx local/authlete/main.ts [--port N] [--data-dir DIR] [--reset] [--latency-ms N] ${URL_FLAGS_USAGE} [--seed FILE]`;

/** `token-endpoint` → `tokenEndpoint` when it names a URL setting. */
function urlSettingOfFlag(name: string): UrlSetting | undefined {
  return URL_SETTINGS.find((k) => flagName(k) === name);
}

function parsePort(v: string, what: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`${what} must be a port number (0-65535), got '${v}'`);
  return Number(v);
}

/** Options from argv (wins) and the environment. Throws UsageError with a one-line message. */
export function parseCliArgs(argv: string[], env: Record<string, string | undefined>, cwd = process.cwd()): Omit<AuthleteStandInOptions, "log"> & { help?: boolean } {
  const opts: Omit<AuthleteStandInOptions, "log"> & { help?: boolean } = {
    port: env.LOCAL_AUTHLETE_PORT ? parsePort(env.LOCAL_AUTHLETE_PORT, "LOCAL_AUTHLETE_PORT") : 9001,
    dataDir: env.LOCAL_DATA_DIR ? join(resolve(cwd, env.LOCAL_DATA_DIR), "authlete") : resolve(cwd, ".local/authlete"),
    reset: false,
  };
  const urlFlags: Partial<Record<UrlSetting, string>> = {};
  let seed: string | undefined;
  let latency: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case "--port":
        opts.port = parsePort(value(), "--port");
        break;
      case "--data-dir":
        opts.dataDir = resolve(cwd, value());
        break;
      case "--seed":
        seed = value();
        break;
      case "--latency-ms":
        latency = value();
        break;
      case "--reset":
        if (inline !== undefined) throw new UsageError("--reset takes no value");
        opts.reset = true;
        break;
      case "--help":
      case "-h":
        opts.help = true;
        break;
      default: {
        const setting = name.startsWith("--") ? urlSettingOfFlag(name.slice(2)) : undefined;
        if (!setting) throw new UsageError(`unknown option '${arg}'`);
        urlFlags[setting] = value();
      }
    }
  }
  opts.latencyMs = resolveLatency(latency, env, "--latency-ms");
  const settings = resolveSettings(urlFlags, seed, env, cwd);
  opts.issuer = settings.issuer ?? DEFAULT_ISSUER;
  opts.endpoints = settings.endpoints;
  opts.clients = settings.clients;
  return opts;
}

async function main(): Promise<void> {
  let opts: ReturnType<typeof parseCliArgs>;
  try {
    opts = parseCliArgs(process.argv.slice(2), process.env);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`local-authlete: ${e.message} (${USAGE})`);
      process.exit(2);
    }
    throw e;
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  let running: Awaited<ReturnType<typeof startAuthleteStandIn>>;
  try {
    running = await startAuthleteStandIn(opts);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "EADDRINUSE" ? `port ${opts.port} is already in use` : (err.message ?? String(e));
    console.error(`local-authlete: cannot start: ${why}`);
    process.exit(1);
  }
  console.log(
    `Authlete stand-in listening on ${running.url} (V3 ${running.url}/api/${DEMO_AUTHLETE.serviceId}/…, V2 ${running.url}/api/…); ` +
      `issuer ${opts.issuer}; data ${opts.dataDir}`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => {
        console.log(`Authlete stand-in stopped (${signal})`);
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main().catch((e: unknown) => {
    console.error(`local-authlete: ${(e as Error)?.message ?? String(e)}`);
    process.exit(1);
  });
}
