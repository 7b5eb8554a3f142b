// The JWK Set that verifies our ID tokens (OIDC Discovery §3 jwks_uri). Logic in lib/oauth/endpoints.
import { handleJwksRequest } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleJwksRequest(undefined, request);
