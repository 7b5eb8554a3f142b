// Password recovery for the user of a pending authorization request: ForgotPassword → code →
// ConfirmForgotPassword, then back to the sign-in step of the same request (lib/oauth/password-reset.ts).
import type { Metadata } from "next";
import { cookies } from "next/headers";
import { messages } from "@/lib/i18n";
import { pagePath, policyHints } from "@/lib/oauth/challenge";
import { resetLoginId } from "@/lib/oauth/password-reset";
import { readPending, requestLocale } from "@/lib/session";
import { Expired } from "../expired";
import { resetPasswordAction } from "./actions";
import { ResetForm } from "./reset-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: messages(await requestLocale()).passwordReset.pageTitle, robots: { index: false } };
}

export default async function ForgotPasswordPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const pending = await readPending(id);
  const t = messages(await requestLocale());
  const loginId = pending ? await resetLoginId(id, await cookies()) : undefined;
  const policy = pending ? await policyHints() : undefined;

  return (
    <main className="mx-auto max-w-md px-4 py-12">
      {pending ? (
        <section className="rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
          <h1 className="text-xl font-semibold">{t.passwordReset.pageTitle}</h1>
          <ResetForm
            action={resetPasswordAction.bind(null, id)}
            intro={t.passwordReset.intro}
            initialLoginId={loginId ?? ""}
            text={t.passwordReset}
            challengeText={t.challenge}
            policy={policy}
            signInHref={pagePath(id)}
            expiredText={{ title: t.errors.expiredTitle, message: t.errors.expiredMessage }}
          />
        </section>
      ) : (
        <Expired title={t.errors.expiredTitle} message={t.errors.expiredMessage} />
      )}
    </main>
  );
}
