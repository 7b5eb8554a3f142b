// Pushed authorization requests (RFC 9126). Logic in lib/oauth/endpoints.
import { handlePushedAuthorizationRequest } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

export const POST = (request: Request) => handlePushedAuthorizationRequest(request);
