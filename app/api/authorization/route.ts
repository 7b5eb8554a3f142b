// Authorization endpoint (RFC 6749 §3.1, OIDC Core §3.1.2.1: GET and POST). Logic in lib/oauth/authorization.
import { handleAuthorizationRequest } from "@/lib/oauth/authorization";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleAuthorizationRequest(request);
export const POST = (request: Request) => handleAuthorizationRequest(request);
