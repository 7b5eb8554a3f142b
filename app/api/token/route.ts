// Token endpoint (RFC 6749 §3.2). Logic in lib/oauth/endpoints.
import { handleTokenRequest } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

export const POST = (request: Request) => handleTokenRequest(request);
