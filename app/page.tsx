// Landing page: what this server is, its endpoints, and (in development/local mode) the demo client and users.
import { getConfig } from "@/lib/config";
import { ENDPOINT_PATHS } from "@/lib/oauth/endpoints";

export const dynamic = "force-dynamic";

const ENDPOINTS: [string, string][] = [
  ["Discovery", "/.well-known/openid-configuration"],
  ["Authorization", ENDPOINT_PATHS.authorization_endpoint],
  ["Token", ENDPOINT_PATHS.token_endpoint],
  ["UserInfo", ENDPOINT_PATHS.userinfo_endpoint],
  ["JWK Set", ENDPOINT_PATHS.jwks_uri],
  ["Revocation", ENDPOINT_PATHS.revocation_endpoint],
  ["Pushed authorization requests", ENDPOINT_PATHS.pushed_authorization_request_endpoint],
];

const DEMO_USERS: [string, string, string][] = [
  ["demo@example.com", "Demo-Pass1!", "Confirmed user with a full profile"],
  ["mfa@example.com", "Demo-Pass1!", "TOTP MFA (secret JBSWY3DPEHPK3PXP)"],
  ["newpass@example.com", "Temp-Pass1!", "Must choose a new password"],
  ["disabled@example.com", "Demo-Pass1!", "Disabled"],
];

export default function Home() {
  const config = getConfig();
  return (
    <main className="mx-auto max-w-3xl px-4 py-12">
      <h1 className="text-3xl font-semibold">nextjs-oauth-server</h1>
      <p className="mt-3 text-slate-700">
        An OAuth 2.0 authorization server and OpenID Provider. Your Amazon Cognito user pool stays the user
        database; Authlete makes every OAuth/OIDC decision, so clients get PS256/ES256 ID tokens, PAR, PKCE and a
        real consent page without moving a single user.
      </p>

      {config.demo.enabled ? (
        <section className="mt-8 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h2 className="text-lg font-medium">Try it</h2>
          <p className="mt-1 text-sm text-slate-600">
            Starts an authorization-code request (PKCE, state, nonce) for <code>{config.demo.clientId}</code>. Sign in
            with a demo user below.
          </p>
          <form action="/demo/start" method="post" className="mt-4">
            <button type="submit" className="rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700">
              Try it
            </button>
          </form>
          <h3 className="mt-6 text-sm font-medium text-slate-700">Demo users</h3>
          <table className="mt-2 w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1 font-normal">Login ID</th>
                <th className="py-1 font-normal">Password</th>
                <th className="py-1 font-normal">Notes</th>
              </tr>
            </thead>
            <tbody>
              {DEMO_USERS.map(([id, pw, note]) => (
                <tr key={id} className="border-t border-slate-100">
                  <td className="py-1 font-mono">{id}</td>
                  <td className="py-1 font-mono">{pw}</td>
                  <td className="py-1 text-slate-600">{note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section className="mt-8">
        <h2 className="text-lg font-medium">Endpoints</h2>
        <p className="mt-1 text-sm text-slate-600">
          Issuer: <code data-testid="issuer">{config.issuer}</code>
        </p>
        <table className="mt-3 w-full text-left text-sm">
          <tbody>
            {ENDPOINTS.map(([name, path]) => (
              <tr key={path} className="border-t border-slate-200">
                <td className="py-2 pr-4 text-slate-600">{name}</td>
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
