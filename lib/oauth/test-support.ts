// Test doubles for the flows in lib/oauth: a configuration, an in-memory cookie store, and Authlete / Cognito
// clients answering from the test's script. Importing this module points getConfig() at a test environment.
import type { AuthleteClient } from "../authlete/client";
import type { CognitoSender } from "../cognito/client";
import { getConfig } from "../config";
import { setLogSink } from "../log";
import type { CookieStore } from "../session";
import type { Deps } from "./deps";

export const TEST_ENV: Record<string, string> = {
  ISSUER: "https://as.example.com",
  AUTHLETE_BASE_URL: "https://authlete.invalid",
  AUTHLETE_SERVICE_APIKEY: "1000",
  AUTHLETE_SERVICE_ACCESSTOKEN: "service-token",
  AWS_REGION: "us-east-1",
  COGNITO_USER_POOL_ID: "us-east-1_Test",
  COGNITO_CLIENT_ID: "testclient",
  SESSION_SECRET: "unit-test-session-secret-0123456789-abcdef",
};
for (const [k, v] of Object.entries(TEST_ENV)) process.env[k] ??= v;

export interface SetCookie {
  name: string;
  value: string;
  options: Record<string, unknown>;
}

/** An in-memory cookie store with Next's `cookies()` shape; `written` records every Set-Cookie in order. */
export function fakeCookies(initial: Record<string, string> = {}, opts: { failOn?: string } = {}) {
  const jar = new Map(Object.entries(initial));
  const written: SetCookie[] = [];
  const store: CookieStore = {
    get: (name) => (jar.has(name) ? { name, value: jar.get(name) as string } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    set: (name, value, options) => {
      if (opts.failOn === name) throw new Error(`cannot set ${name}`);
      written.push({ name, value, options: { ...options } });
      if (value === "" || options?.maxAge === 0) jar.delete(name);
      else jar.set(name, value);
    },
  };
  return { store, jar, written };
}

/** An Authlete client whose every method must be scripted by the test; unscripted calls fail loudly. */
export function fakeAuthlete(methods: Partial<AuthleteClient>): AuthleteClient & { calls: string[] } {
  const calls: string[] = [];
  return new Proxy({ calls } as AuthleteClient & { calls: string[] }, {
    get(target, prop: string) {
      if (prop === "calls") return calls;
      const fn = methods[prop as keyof AuthleteClient];
      return async (...args: unknown[]) => {
        calls.push(prop);
        if (!fn) throw new Error(`unexpected Authlete call ${prop}`);
        return (fn as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
}

/** A Cognito client answering each command with the next scripted answer (a value, or an Error to throw). */
export function fakeCognito(answers: ((command: { constructor: { name: string }; input: unknown }) => unknown)[] = []): CognitoSender & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    send: (async (command: { constructor: { name: string }; input: unknown }) => {
      sent.push(command.constructor.name);
      const next = answers.shift();
      if (!next) throw new Error(`unexpected Cognito call ${command.constructor.name}`);
      const value = await next(command);
      if (value instanceof Error) throw value;
      return value;
    }) as unknown as CognitoSender["send"],
  };
}

export function testDeps(overrides: Partial<Deps> & { store?: CookieStore } = {}): Deps {
  const { store, ...rest } = overrides;
  const cookies = store ?? fakeCookies().store;
  return {
    config: getConfig(),
    authlete: fakeAuthlete({}),
    cognito: fakeCognito(),
    cookies: async () => cookies,
    now: () => 1_800_000_000_000,
    ...rest,
  };
}

/** Captures the structured log lines of `fn` (lib/log writes them to the descriptors, not through console). */
export async function captureLogs<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error };
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  console.warn = (...a: unknown[]) => lines.push(a.join(" "));
  console.error = (...a: unknown[]) => lines.push(a.join(" "));
  setLogSink((line) => lines.push(line));
  try {
    return { result: await fn(), lines };
  } finally {
    Object.assign(console, saved);
    setLogSink(undefined);
  }
}
