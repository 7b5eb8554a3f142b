// OpenID Provider metadata (OIDC Discovery 1.0 §4), built by Authlete from the service settings; readable
// cross-origin (lib/cors.ts). force-dynamic: the issuer and Authlete credentials come from the runtime
// environment, not the build.
import { cors, preflight } from "@/lib/cors";
import { handleDiscoveryRequest } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

export const GET = cors((request: Request) => handleDiscoveryRequest(request));
export const OPTIONS = preflight("GET");
