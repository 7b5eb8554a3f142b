// Landing page: what this server is, its endpoints, and (in development/local mode) the demo client and users.
import type { Metadata } from "next";
import { getConfig } from "@/lib/config";
import { messages, type Messages } from "@/lib/i18n";
import { ENDPOINT_PATHS } from "@/lib/oauth/endpoints";
import { requestLocale } from "@/lib/session";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { description: messages(await requestLocale()).home.metaDescription };
}

type Home = Messages["home"];

const ENDPOINTS: [keyof Home, string][] = [
  ["endpointDiscovery", "/.well-known/openid-configuration"],
  ["endpointAuthorization", ENDPOINT_PATHS.authorization_endpoint],
  ["endpointToken", ENDPOINT_PATHS.token_endpoint],
  ["endpointUserInfo", ENDPOINT_PATHS.userinfo_endpoint],
  ["endpointJwks", ENDPOINT_PATHS.jwks_uri],
  ["endpointRevocation", ENDPOINT_PATHS.revocation_endpoint],
  ["endpointPar", ENDPOINT_PATHS.pushed_authorization_request_endpoint],
  ["endpointEndSession", ENDPOINT_PATHS.end_session_endpoint],
];

const DEMO_USERS: [string, string, keyof Home][] = [
  ["demo@example.com", "Demo-Pass1!", "userDemo"],
  ["second@example.com", "Demo-Pass1!", "userSecond"],
  ["mfa@example.com", "Demo-Pass1!", "userMfa"],
  ["newpass@example.com", "Temp-Pass1!", "userNewPass"],
  ["disabled@example.com", "Demo-Pass1!", "userDisabled"],
];

export default async function Home() {
  const config = getConfig();
  const t = messages(await requestLocale()).home;
  const [tryBefore, tryAfter] = t.tryItIntro.split("{client}") as [string, string | undefined];
  return (
    <main className="mx-auto max-w-3xl px-4 py-12">
      <h1 className="text-3xl font-semibold">nextjs-oauth-server</h1>
      <p className="mt-3 text-slate-700">{t.intro}</p>

      {config.demo.enabled ? (
        <section className="mt-8 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h2 className="text-lg font-medium">{t.tryIt}</h2>
          <p className="mt-1 text-sm text-slate-600">
            {tryBefore}
            <code>{config.demo.clientId}</code>
            {tryAfter ?? ""}
          </p>
          <form action="/demo/start" method="post" className="mt-4">
            <button type="submit" className="rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700">
              {t.tryIt}
            </button>
          </form>
          <h3 className="mt-6 text-sm font-medium text-slate-700">{t.demoUsers}</h3>
          <table className="mt-2 w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1 font-normal">{t.loginId}</th>
                <th className="py-1 font-normal">{t.password}</th>
                <th className="py-1 font-normal">{t.notes}</th>
              </tr>
            </thead>
            <tbody>
              {DEMO_USERS.map(([id, pw, note]) => (
                <tr key={id} className="border-t border-slate-100">
                  <td className="py-1 font-mono">{id}</td>
                  <td className="py-1 font-mono">{pw}</td>
                  <td className="py-1 text-slate-600">{t[note]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section className="mt-8">
        <h2 className="text-lg font-medium">{t.endpoints}</h2>
        <p className="mt-1 text-sm text-slate-600">
          {t.issuer} <code data-testid="issuer">{config.issuer}</code>
        </p>
        <table className="mt-3 w-full text-left text-sm">
          <tbody>
            {ENDPOINTS.map(([name, path]) => (
              <tr key={path} className="border-t border-slate-200">
                <td className="py-2 pr-4 text-slate-600">{t[name]}</td>
                <td className="py-2 font-mono">
                  <a className="text-blue-700 hover:underline" href={path}>
                    {config.issuer}
                    {path}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
