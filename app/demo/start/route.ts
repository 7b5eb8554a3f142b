// "Try it": starts an authorization request for the built-in demo client (development and local mode, or
// when DEMO_CLIENT_ENABLED=true). POST so that link prefetching can never start a flow.
import { getConfig } from "@/lib/config";
import { startDemo } from "@/lib/oauth/demo";
import { negotiateLocale } from "@/lib/i18n";
import { errorPage } from "@/lib/pages/html";
import { getSession } from "@/lib/session";
import { saveSession } from "@/lib/oauth/sso";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const config = getConfig();
  if (!config.demo.enabled) return errorPage("notFound", negotiateLocale({ acceptLanguage: request.headers.get("accept-language") }));
  const session = await getSession();
  const location = startDemo(session, config);
  await saveSession(session);
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}
