// OAuth 2.0 Authorization Server Metadata (RFC 8414 §3): the same document as OpenID discovery.
import { handleDiscoveryRequest } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleDiscoveryRequest(request);
