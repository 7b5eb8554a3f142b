// "Try it": starts an authorization request for the built-in demo client (development and local mode, or
// when DEMO_CLIENT_ENABLED=true). POST so that link prefetching can never start a flow.
import { getConfig } from "@/lib/config";
import { startDemo } from "@/lib/oauth/demo";
import { getSession } from "@/lib/session";

export const dynamic = "force-dynamic";

export async function POST(): Promise<Response> {
  const config = getConfig();
  if (!config.demo.enabled) return new Response("Not found", { status: 404 });
  const session = await getSession();
  const location = startDemo(session, config);
  await session.save();
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}
