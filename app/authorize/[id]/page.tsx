// The login and consent page (React server component). It reads the pending authorization request from this
// browser's cookie for it; the form's server action signs in against Cognito and reports to Authlete.
import type { Metadata } from "next";
import { readPending } from "@/lib/session";
import { decideAction } from "./actions";
import { Expired } from "./expired";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

export default async function AuthorizePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const pending = await readPending(id);

  return (
    <main className="mx-auto max-w-md px-4 py-12">
      {pending ? (
        <section className="rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
          <header className="flex items-center gap-4">
            {pending.client.logoUri ? (
              <img src={pending.client.logoUri} alt="" width={48} height={48} className="h-12 w-12 rounded-md object-contain" referrerPolicy="no-referrer" />
            ) : null}
            <div>
              <h1 className="text-xl font-semibold" data-testid="client-name">
                {pending.client.name}
              </h1>
              <p className="text-sm text-slate-600">wants to access your account</p>
            </div>
          </header>

          {pending.scopes.length > 0 ? (
            <div className="mt-6">
              <h2 className="text-sm font-medium text-slate-700">It asks for permission to:</h2>
              <ul className="mt-2 space-y-2" data-testid="scopes">
                {pending.scopes.map((s) => (
                  <li key={s.name} className="rounded-md bg-slate-50 px-3 py-2 text-sm ring-1 ring-slate-200">
                    <span className="font-mono text-xs text-slate-500">{s.name}</span>
                    {s.description ? <span className="block text-slate-800">{s.description}</span> : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}

          <SignInForm action={decideAction.bind(null, id)} loginHint={pending.loginHint} />

          {pending.client.policyUri || pending.client.tosUri ? (
            <p className="mt-6 text-xs text-slate-500">
              {pending.client.policyUri ? (
                <a className="underline" href={pending.client.policyUri} rel="noreferrer noopener" target="_blank">
                  Privacy policy
                </a>
              ) : null}
              {pending.client.policyUri && pending.client.tosUri ? " · " : null}
              {pending.client.tosUri ? (
                <a className="underline" href={pending.client.tosUri} rel="noreferrer noopener" target="_blank">
                  Terms of service
                </a>
              ) : null}
            </p>
          ) : null}
        </section>
      ) : (
        <Expired />
      )}
    </main>
  );
}
