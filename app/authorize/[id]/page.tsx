// The login and consent page (React server component). It reads the pending authorization request from this
// browser's cookie for it; the form's server action signs in against Cognito and reports to Authlete.
import type { Metadata } from "next";
import { messages, type Messages } from "@/lib/i18n";
import { isStepNotice, stepForPage } from "@/lib/oauth/challenge";
import { resetPath } from "@/lib/oauth/password-reset";
import { readPending, requestLocale } from "@/lib/session";
import { decideAction } from "./actions";
import { ChallengeStep } from "./challenge-step";
import { Expired } from "./expired";
import { SignInForm, type Notice } from "./sign-in-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: messages(await requestLocale()).signIn.pageTitle, robots: { index: false } };
}

/** A notice for the password step (`?notice=`): how a step after the password, or a password reset, ended. */
function noticeFor(value: unknown, expiredStep: boolean, t: Messages): Notice | undefined {
  if (value === "passwordChanged") return { tone: "success", text: t.passwordReset.passwordChanged };
  if (isStepNotice(value)) return { tone: "error", text: t.challenge[value] };
  if (expiredStep) return { tone: "error", text: t.challenge.stepExpired };
  return undefined;
}

export default async function AuthorizePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const pending = await readPending(id);
  const t = messages(await requestLocale());
  // A step after the password (MFA, new password) replaces the password form until it ends.
  const step = pending ? await stepForPage(id) : { expired: false };
  const notice = noticeFor((await searchParams).notice, step.expired, t);

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

          {pending.scopes.length > 0 && !step.state ? (
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

          {step.state ? (
            <ChallengeStep id={id} state={step.state} t={t} />
          ) : (
            <SignInForm
              key={notice?.text ?? ""}
              action={decideAction.bind(null, id)}
              loginHint={pending.loginHint}
              text={t.signIn}
              expiredText={{ title: t.errors.expiredTitle, message: t.errors.expiredMessage }}
              notice={notice}
              forgot={{ href: resetPath(id), text: t.passwordReset.forgotLink }}
            />
          )}

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
