// end_session_endpoint (OpenID Connect RP-Initiated Logout 1.0 §2: GET and POST). Logic in lib/oauth/logout.
import { handleEndSessionRequest } from "@/lib/oauth/logout";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleEndSessionRequest(request);
export const POST = (request: Request) => handleEndSessionRequest(request);
