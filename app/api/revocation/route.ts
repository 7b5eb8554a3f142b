// Token revocation (RFC 7009). Logic in lib/oauth/endpoints.
import { handleRevocationRequest } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

export const POST = (request: Request) => handleRevocationRequest(request);
