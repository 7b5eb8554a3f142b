// The login and consent page (React server component). It reads the pending authorization request from this
// browser's cookie for it; the form's server action signs in against Cognito and reports to Authlete.
import type { Metadata } from "next";
import { messages } from "@/lib/i18n";
import { readPending, requestLocale } from "@/lib/session";
import { decideAction } from "./actions";
import { Expired } from "./expired";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: messages(await requestLocale()).signIn.pageTitle, robots: { index: false } };
}

export default async function AuthorizePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const pending = await readPending(id);
  const t = messages(await requestLocale());

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
                {pending.client.name || t.signIn.anApplication}
              </h1>
              <p className="text-sm text-slate-600">{t.signIn.wantsAccess}</p>
            </div>
          </header>

          {pending.scopes.length > 0 ? (
            <div className="mt-6">
              <h2 className="text-sm font-medium text-slate-700">{t.signIn.asksPermission}</h2>
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

          <SignInForm
            action={decideAction.bind(null, id)}
            loginHint={pending.loginHint}
            text={t.signIn}
            expiredText={{ title: t.errors.expiredTitle, message: t.errors.expiredMessage }}
          />

          {pending.client.policyUri || pending.client.tosUri ? (
            <p className="mt-6 text-xs text-slate-500">
              {pending.client.policyUri ? (
                <a className="underline" href={pending.client.policyUri} rel="noreferrer noopener" target="_blank">
                  {t.signIn.privacyPolicy}
                </a>
              ) : null}
              {pending.client.policyUri && pending.client.tosUri ? " · " : null}
              {pending.client.tosUri ? (
                <a className="underline" href={pending.client.tosUri} rel="noreferrer noopener" target="_blank">
                  {t.signIn.termsOfService}
                </a>
              ) : null}
            </p>
          ) : null}
        </section>
      ) : (
        <Expired title={t.errors.expiredTitle} message={t.errors.expiredMessage} />
      )}
    </main>
  );
}
