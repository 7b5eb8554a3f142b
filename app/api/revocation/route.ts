// Token revocation (RFC 7009), callable cross-origin (lib/cors.ts). Logic in lib/oauth/endpoints.
import { cors, preflight } from "@/lib/cors";
import { handleRevocationRequest } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

export const POST = cors((request: Request) => handleRevocationRequest(request));
export const OPTIONS = preflight("POST");
