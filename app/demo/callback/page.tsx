// The demo client's redirect URI: exchanges the code on the server and shows what came back, with a Log out
// button that ends the sign-in at the authorization server (RP-Initiated Logout 1.0, POST to /api/logout).
import { randomBytes } from "node:crypto";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getConfig } from "@/lib/config";
import { format, messages } from "@/lib/i18n";
import { completeDemo, demoPostLogoutRedirectUri, type DemoMessage } from "@/lib/oauth/demo";
import { END_SESSION_PATH } from "@/lib/oauth/logout";
import { getSession, requestLocale } from "@/lib/session";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: messages(await requestLocale()).demo.title, robots: { index: false } };
}

function Json({ value, testId }: { value: unknown; testId: string }) {
  return (
    <pre data-testid={testId} className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-4 text-xs leading-relaxed text-slate-100">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export default async function DemoCallback({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const config = getConfig();
  if (!config.demo.enabled) notFound();
  const t = messages(await requestLocale()).demo;
  const say = (m: DemoMessage) => format(t[m.key], m.values ?? {});
  const result = await completeDemo(await getSession(), await searchParams, config);
  const [before, after] = t.exchanged.split("{path}") as [string, string | undefined];

  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-2xl font-semibold">{t.heading}</h1>
      <p className="mt-1 text-slate-600">
        {format(before, { client: config.demo.clientId })}
        <code>/api/token</code>
        {after ?? ""}
      </p>
      {result.problem ? (
        <p role="alert" data-testid="demo-problem" className="mt-6 rounded-md bg-red-50 px-4 py-3 text-red-700 ring-1 ring-red-200">
          {say(result.problem)}
        </p>
      ) : null}
      {result.token ? (
        <section className="mt-8">
          <h2 className="text-lg font-medium">{format(t.tokenResponse, { status: result.token.status })}</h2>
          <Json value={result.token.body} testId="token-response" />
        </section>
      ) : null}
      {result.idToken ? (
        <section className="mt-8">
          <h2 className="text-lg font-medium">{t.idToken}</h2>
          <p data-testid="id-token-verification" className={`mt-2 text-sm ${result.idToken.verified ? "text-green-700" : "text-red-700"}`}>
            {result.idToken.verified ? "✔ " : "✘ "}
            {say(result.idToken.verification)}
          </p>
          <h3 className="mt-4 text-sm font-medium text-slate-700">{t.header}</h3>
          <Json value={result.idToken.header ?? t.notJws} testId="id-token-header" />
          <h3 className="mt-4 text-sm font-medium text-slate-700">{t.payload}</h3>
          <Json value={result.idToken.payload} testId="id-token-payload" />
        </section>
      ) : null}
      {result.userinfo ? (
        <section className="mt-8">
          <h2 className="text-lg font-medium">{format(t.userinfoResponse, { status: result.userinfo.status })}</h2>
          <Json value={result.userinfo.body} testId="userinfo-response" />
        </section>
      ) : null}
      <div className="mt-10 flex flex-wrap items-center gap-6">
        {result.idToken ? (
          // POST keeps the ID token out of URLs and logs (RP-Initiated Logout 1.0 §2 allows GET and POST).
          <form method="post" action={END_SESSION_PATH} className="flex items-center gap-3">
            <input type="hidden" name="id_token_hint" value={result.idToken.raw} />
            <input type="hidden" name="client_id" value={config.demo.clientId} />
            <input type="hidden" name="post_logout_redirect_uri" value={demoPostLogoutRedirectUri(config)} />
            <input type="hidden" name="state" value={randomBytes(16).toString("base64url")} />
            <button type="submit" className="rounded-md bg-slate-800 px-4 py-2 font-medium text-white hover:bg-slate-900" title={t.logOutHint}>
              {t.logOut}
            </button>
          </form>
        ) : null}
        <a href="/" className="text-blue-700 underline">
          {t.backToStart}
        </a>
      </div>
    </main>
  );
}
