// The login and consent page (React server component). It reads the pending authorization request from this
// browser's cookie for it and the session, and shows what the interaction policy asks for: the sign-in form,
// the consent page of the signed-in user, or the account chooser. One server action serves all three.
import type { Metadata } from "next";
import { getConfig } from "@/lib/config";
import { format, messages, type Messages } from "@/lib/i18n";
import { pageView, type PageView } from "@/lib/oauth/page-view";
import type { SignInReason } from "@/lib/oauth/policy";
import { getSession, readPending, requestLocale } from "@/lib/session";
import { isStepNotice, stepForPage } from "@/lib/oauth/challenge";
import { resetPath } from "@/lib/oauth/password-reset";
import { AccountChooser } from "./account-chooser";
import { decideAction } from "./actions";
import { ChallengeStep } from "./challenge-step";
import { ConsentForm } from "./consent-form";
import { Expired } from "./expired";
import { SignInForm, type Status } from "./sign-in-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: messages(await requestLocale()).signIn.pageTitle, robots: { index: false } };
}

const NOTICES: Record<SignInReason, keyof Messages["sso"] | undefined> = {
  no_session: undefined,
  another_account: undefined,
  prompt_login: "reasonPromptLogin",
  max_age: "reasonMaxAge",
  session_expired: "reasonSessionExpired",
  different_subject: "reasonDifferentSubject",
  id_token_hint: "reasonIdTokenHint",
  acr: "reasonAcr",
};

/** A notice for the password step (`?notice=`): how a step after the password, or a password reset, ended. */
function statusFor(value: unknown, expiredStep: boolean, t: Messages): Status | undefined {
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
  const expiredText = { title: t.errors.expiredTitle, message: t.errors.expiredMessage };
  if (!pending) {
    return (
      <main className="mx-auto max-w-md px-4 py-12">
        <Expired {...expiredText} />
      </main>
    );
  }
  const view: PageView = pageView(pending, await getSession(), { config: getConfig(), now: Date.now });
  // A step after the password (MFA, new password) replaces the password form until it ends.
  const step = await stepForPage(id);
  const status = statusFor((await searchParams).notice, step.expired, t);
  const action = decideAction.bind(null, id);
  const clientName = pending.client.name || t.signIn.anApplication;

  return (
    <main className="mx-auto max-w-md px-4 py-12">
      <section className="rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <header className="flex items-center gap-4">
          {pending.client.logoUri ? (
            <img src={pending.client.logoUri} alt="" width={48} height={48} className="h-12 w-12 rounded-md object-contain" referrerPolicy="no-referrer" />
          ) : null}
          <div>
            {view.kind === "select_account" ? (
              <>
                <h1 className="text-xl font-semibold" data-testid="chooser-title">
                  {t.sso.chooserTitle}
                </h1>
                <p className="text-sm text-slate-600" data-testid="client-name">
                  {format(t.sso.chooserIntro, { client: clientName })}
                </p>
              </>
            ) : (
              <>
                <h1 className="text-xl font-semibold" data-testid="client-name">
                  {clientName}
                </h1>
                <p className="text-sm text-slate-600">{t.signIn.wantsAccess}</p>
              </>
            )}
          </div>
        </header>

        {view.kind !== "select_account" && pending.scopes.length > 0 && !step.state ? (
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
        ) : view.kind === "sign_in" ? (
          <SignInForm
            key={status?.text ?? ""}
            action={action}
            loginHint={view.loginId}
            loginIdLocked={view.locked ? t.sso.loginIdLocked : undefined}
            notice={NOTICES[view.reason] ? t.sso[NOTICES[view.reason] as keyof Messages["sso"]] : undefined}
            status={status}
            forgot={{ href: resetPath(id), text: t.passwordReset.forgotLink }}
            text={t.signIn}
            expiredText={expiredText}
          />
        ) : view.kind === "consent" ? (
          <ConsentForm
            action={action}
            signedInAs={format(t.sso.signedInAs, { user: view.label })}
            text={t.signIn}
            useAnotherAccount={t.sso.useAnotherAccount}
            expiredText={expiredText}
          />
        ) : (
          <AccountChooser action={action} accounts={view.accounts} text={t.signIn} sso={t.sso} expiredText={expiredText} />
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
    </main>
  );
}
