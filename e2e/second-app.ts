// Starts another instance of the built app (`next start`) with its own environment, for tests that need a
// different configuration than the main web server: outages, the Authlete 2.x API.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort, localAppEnv, nextStartArgs } from "../local/env";

export interface SecondApp {
  url: string;
  logs(): string;
  stop(): void;
}

/** The app's environment for the local stand-ins: the same variables the launchers set. */
export function standInEnv(issuer: string, authleteUrl: string, cognitoUrl: string, apiVersion: "V2" | "V3" = "V3"): Record<string, string> {
  return localAppEnv({ issuer, authleteUrl, cognitoUrl }, "second-app-session-secret-0123456789abcdef", apiVersion);
}

export { freePort };

export async function startSecondApp(env: (url: string) => Record<string, string>): Promise<SecondApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let logs = "";
  const child: ChildProcess = spawn(process.execPath, nextStartArgs(port), {
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env(url) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (logs += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (logs += d.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`second app instance exited:\n${logs}`);
    try {
      const r = await fetch(`${url}/`);
      if (r.status < 500) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`second app instance did not start:\n${logs}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, logs: () => logs, stop: () => void child.kill("SIGTERM") };
}
