// UserInfo endpoint (OIDC Core §5.3: GET and POST). Logic in lib/oauth/endpoints.
import { handleUserInfoRequest } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleUserInfoRequest(request);
export const POST = (request: Request) => handleUserInfoRequest(request);
