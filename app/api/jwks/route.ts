// The JWK Set that verifies our ID tokens (OIDC Discovery §3 jwks_uri), readable cross-origin (lib/cors.ts).
// Logic in lib/oauth/endpoints.
import { cors, preflight } from "@/lib/cors";
import { handleJwksRequest } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

export const GET = cors((request: Request) => handleJwksRequest(undefined, request));
export const OPTIONS = preflight("GET");
