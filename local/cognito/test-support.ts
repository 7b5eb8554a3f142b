// Shared set-up for the contract tests: a stand-in on a free port with a fresh temporary data folder,
// an injectable clock, captured log lines, and the real AWS SDK client pointed at it.

import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_COGNITO } from "./seed";
import { type RunningCognitoStandIn, startCognitoStandIn } from "./server";

export interface Harness {
  standIn: RunningCognitoStandIn;
  client: CognitoIdentityProviderClient;
  dataDir: string;
  logs: string[];
  /** The stand-in's clock; tests move it forward instead of sleeping. */
  clock: { now: number; advance(ms: number): void };
  /** Stops the stand-in and starts it again on the same data folder (and clock). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export function sdkClient(endpoint: string, region: string = DEMO_COGNITO.region): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region,
    endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
}

export async function startHarness(): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), "cognito-stand-in-"));
  const logs: string[] = [];
  const clock = {
    now: Date.now(),
    advance(ms: number) {
      this.now += ms;
    },
  };
  const start = () => startCognitoStandIn({ port: 0, dataDir, log: (l) => logs.push(l), now: () => clock.now });
  const h: Harness = {
    standIn: await start(),
    client: undefined as unknown as CognitoIdentityProviderClient,
    dataDir,
    logs,
    clock,
    async restart() {
      h.client.destroy();
      await h.standIn.close();
      h.standIn = await start();
      h.client = sdkClient(h.standIn.url);
    },
    async close() {
      h.client.destroy();
      await h.standIn.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  h.client = sdkClient(h.standIn.url);
  return h;
}

/** Raw AWS JSON 1.1 call (for what the SDK cannot send: no signature, bad JSON, unknown targets). */
export async function rawCall(
  url: string,
  target: string | undefined,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      ...(target ? { "x-amz-target": target } : {}),
      ...headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A syntactically valid SigV4 Authorization header (the stand-in does not verify signatures). */
export const FAKE_SIGV4 = {
  authorization:
    "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000",
  "x-amz-date": "20260101T000000Z",
};
