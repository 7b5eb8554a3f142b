// UserInfo endpoint (OIDC Core §5.3: GET and POST), callable cross-origin (lib/cors.ts). Logic in lib/oauth/endpoints.
import { cors, preflight } from "@/lib/cors";
import { handleUserInfoRequest } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

export const GET = cors((request: Request) => handleUserInfoRequest(request));
export const POST = cors((request: Request) => handleUserInfoRequest(request));
export const OPTIONS = preflight("GET", "POST");
