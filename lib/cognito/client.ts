// The Cognito Identity Provider client, built once from the configuration. The only module (with its
// siblings in lib/cognito/) that imports @aws-sdk/*. Credentials come from the SDK's default chain
// (environment, shared config, instance/task role); locally the launcher supplies the stand-in's own key pair
// (`local`/`local`), whose SigV4 signatures the stand-in verifies as AWS does.
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { Config } from "../config";

/** What the flows need of the SDK client: `send`. Tests inject their own. */
export type CognitoSender = Pick<CognitoIdentityProviderClient, "send">;

const clients = new WeakMap<Config["cognito"], CognitoIdentityProviderClient>();

/** The SDK client for a configuration, built once per configuration object (see authleteFromConfig). */
export function cognitoClient(config: Config["cognito"]): CognitoIdentityProviderClient {
  const existing = clients.get(config);
  if (existing) return existing;
  const client = new CognitoIdentityProviderClient({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    // Throttling is retried by the SDK (standard mode); the whole call is still bounded by the abort
    // signal that authenticate.ts passes, so a slow Cognito never holds a login past the timeout.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: Math.min(3000, config.timeoutMs), requestTimeout: config.timeoutMs },
  });
  clients.set(config, client);
  return client;
}
