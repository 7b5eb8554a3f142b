// Starts another instance of the built app (`next start`) with its own environment, for tests that need a
// different configuration than the main web server: outages, the Authlete 2.x API.
import { freePort, localAppEnv, outputOf, startNext } from "../local/env";

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
  const app = startNext({ port, env: env(`http://127.0.0.1:${port}`), what: "second app instance" });
  const logs = outputOf(app.child);
  await app.ready;
  return { url: app.url, logs, stop: () => void app.child.kill("SIGTERM") };
}
