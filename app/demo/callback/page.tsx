// The demo client's redirect URI: exchanges the code on the server and shows what came back.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getConfig } from "@/lib/config";
import { completeDemo } from "@/lib/oauth/demo";
import { getSession } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Demo client", robots: { index: false } };

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
  const result = await completeDemo(await getSession(), await searchParams, config);

  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-2xl font-semibold">Demo client: the result</h1>
      <p className="mt-1 text-slate-600">
        <code>{config.demo.clientId}</code> exchanged the authorization code at <code>/api/token</code> on the server.
      </p>
      {result.problem ? (
        <p role="alert" data-testid="demo-problem" className="mt-6 rounded-md bg-red-50 px-4 py-3 text-red-700 ring-1 ring-red-200">
          {result.problem}
        </p>
      ) : null}
      {result.token ? (
        <section className="mt-8">
          <h2 className="text-lg font-medium">Token response (HTTP {result.token.status})</h2>
          <Json value={result.token.body} testId="token-response" />
        </section>
      ) : null}
      {result.idToken ? (
        <section className="mt-8">
          <h2 className="text-lg font-medium">ID token</h2>
          <p data-testid="id-token-verification" className={`mt-2 text-sm ${result.idToken.verified ? "text-green-700" : "text-red-700"}`}>
            {result.idToken.verified ? "✔ " : "✘ "}
            {result.idToken.verification}
          </p>
          <h3 className="mt-4 text-sm font-medium text-slate-700">Header</h3>
          <Json value={result.idToken.header} testId="id-token-header" />
          <h3 className="mt-4 text-sm font-medium text-slate-700">Payload</h3>
          <Json value={result.idToken.payload} testId="id-token-payload" />
        </section>
      ) : null}
      {result.userinfo ? (
        <section className="mt-8">
          <h2 className="text-lg font-medium">UserInfo response (HTTP {result.userinfo.status})</h2>
          <Json value={result.userinfo.body} testId="userinfo-response" />
        </section>
      ) : null}
      <p className="mt-10">
        <a href="/" className="text-blue-700 underline">
          Back to the start page
        </a>
      </p>
    </main>
  );
}
