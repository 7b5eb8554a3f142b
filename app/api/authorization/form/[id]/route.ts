// Serves, once, the form_post page Authlete built after the user's decision (a server action can't return HTML).
import { serveFormPost } from "@/lib/oauth/authorization";

export const dynamic = "force-dynamic";

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }) {
  return serveFormPost(request, (await ctx.params).id);
}
