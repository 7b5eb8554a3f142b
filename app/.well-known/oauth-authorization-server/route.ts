// OAuth 2.0 Authorization Server Metadata (RFC 8414 §3): the same document as OpenID discovery, readable
// cross-origin (lib/cors.ts).
import { cors, preflight } from "@/lib/cors";
import { handleDiscoveryRequest } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

export const GET = cors((request: Request) => handleDiscoveryRequest(request));
export const OPTIONS = preflight("GET");
