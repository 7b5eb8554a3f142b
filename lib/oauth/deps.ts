// What the flows depend on, passed in explicitly: the configuration, the Authlete and Cognito clients, the
// cookie store and the clock. Route handlers and server actions use `defaultDeps()` (the process-wide config
// and its clients, Next's cookies of the current request, the real clock); unit tests inject fakes.
import { authleteFromConfig, type AuthleteClient } from "../authlete/client";
import { cognitoClient, type CognitoSender } from "../cognito/client";
import { getConfig, type Config } from "../config";
import { requestCookies, type CookieStore } from "../session";

export interface Deps {
  config: Config;
  authlete: AuthleteClient;
  cognito: CognitoSender;
  /** The request's cookies (Next's `cookies()` in the app). */
  cookies: () => Promise<CookieStore>;
  /** Milliseconds since the epoch. */
  now: () => number;
}

export function defaultDeps(config: Config = getConfig()): Deps {
  return {
    config,
    authlete: authleteFromConfig(config),
    cognito: cognitoClient(config.cognito),
    cookies: requestCookies,
    now: Date.now,
  };
}
