"use client";
// The login/consent form. It posts to a server action; without JavaScript that is a plain multipart form
// post and the page comes back rendered with the action's state, with JavaScript the state (pending,
// errors) updates in place.
// Every string comes from the server component, already in the page's language (lib/i18n).
import { useActionState } from "react";
import type { Messages } from "@/lib/i18n";
import type { DecisionState } from "@/lib/oauth/authorization";
import { Expired } from "./expired";
import { Field, FormError, LoginIdField, Notice, SubmitButtons } from "./ui";

type Action = (previous: DecisionState, form: FormData) => Promise<DecisionState>;

/** A message the page shows above the form before anything was submitted (how a later step ended). */
export interface Status {
  tone: "error" | "success";
  text: string;
}

export function SignInForm({
  action,
  loginHint,
  loginIdLocked,
  notice,
  status,
  forgot,
  text,
  expiredText,
}: {
  action: Action;
  loginHint?: string;
  /** Why the Login ID is read-only (the client demanded this user); absent = editable. */
  loginIdLocked?: string;
  /** Why the form is shown although someone may be signed in (prompt=login, max_age, …). */
  notice?: string;
  /** How a step after the password (MFA, new password) or a password reset ended. */
  status?: Status;
  /** The "Forgot password?" link (lib/oauth/password-reset.ts). */
  forgot?: { href: string; text: string };
  text: Messages["signIn"];
  expiredText: { title: string; message: string };
}) {
  const [state, formAction, pending] = useActionState(action, {});
  if (state.expired) return <Expired {...expiredText} />;
  return (
    <form action={formAction} className="mt-6 flex flex-col gap-4" aria-busy={pending}>
      {notice ? (
        <Notice tone="warning" testId="sign-in-notice">
          {notice}
        </Notice>
      ) : null}
      {state.error ? (
        <FormError message={text[state.error]} />
      ) : status ? (
        <Notice tone={status.tone} testId={status.tone === "error" ? "form-error" : "form-notice"}>
          {status.text}
        </Notice>
      ) : (
        <FormError />
      )}
      <input type="hidden" name="step" value="sign_in" />
      <LoginIdField
        label={text.loginId}
        locked={loginIdLocked}
        defaultValue={loginIdLocked !== undefined ? loginHint : (state.loginId ?? loginHint ?? "")}
      />
      <Field id="password" label={text.password} type="password" autoComplete="current-password" required maxLength={256}>
        {forgot ? (
          <a href={forgot.href} className="self-end text-sm text-blue-700 underline">
            {forgot.text}
          </a>
        ) : null}
      </Field>
      <SubmitButtons
        name="decision"
        pending={pending}
        working={text.working}
        primary={{ value: "authorize", label: text.authorize }}
        secondary={[{ value: "deny", label: text.deny, noValidate: true }]}
      />
    </form>
  );
}
