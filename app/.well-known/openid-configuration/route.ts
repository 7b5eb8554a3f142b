// OpenID Provider metadata (OIDC Discovery 1.0 §4), built by Authlete from the service settings.
// force-dynamic: the issuer and Authlete credentials come from the runtime environment, not the build.
import { handleDiscoveryRequest } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleDiscoveryRequest(request);
