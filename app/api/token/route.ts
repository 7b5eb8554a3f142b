// Token endpoint (RFC 6749 §3.2), callable cross-origin (lib/cors.ts). Logic in lib/oauth/endpoints.
import { cors, preflight } from "@/lib/cors";
import { handleTokenRequest } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

export const POST = cors((request: Request) => handleTokenRequest(request));
export const OPTIONS = preflight("POST");
