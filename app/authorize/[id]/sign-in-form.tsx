"use client";
// The login/consent form. It posts to a server action; without JavaScript that is a plain multipart form
// post and the page comes back rendered with the action's state, with JavaScript the state (pending,
// errors) updates in place.
// Every string comes from the server component, already in the page's language (lib/i18n).
import { useActionState } from "react";
import type { Messages } from "@/lib/i18n";
import type { DecisionState } from "@/lib/oauth/authorization";
import { Expired } from "./expired";
import { FormError } from "./form-error";

type Action = (previous: DecisionState, form: FormData) => Promise<DecisionState>;

/** A message the page shows above the form before anything was submitted (how a later step ended). */
export interface Notice {
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
  status?: Notice;
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
        <p data-testid="sign-in-notice" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200">
          {notice}
        </p>
      ) : null}
      {state.error ? (
        <FormError message={text[state.error]} />
      ) : status ? (
        <p
          role={status.tone === "error" ? "alert" : "status"}
          data-testid={status.tone === "error" ? "form-error" : "form-notice"}
          className={
            status.tone === "error"
              ? "rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200"
              : "rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 ring-1 ring-green-200"
          }
        >
          {status.text}
        </p>
      ) : (
        <FormError />
      )}
      <input type="hidden" name="step" value="sign_in" />
      <div className="flex flex-col gap-1">
        <label htmlFor="loginId" className="text-sm font-medium">
          {text.loginId}
        </label>
        <input
          id="loginId"
          name="loginId"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={128}
          readOnly={loginIdLocked !== undefined}
          aria-describedby={loginIdLocked !== undefined ? "loginId-locked" : undefined}
          defaultValue={loginIdLocked !== undefined ? loginHint : (state.loginId ?? loginHint ?? "")}
          className="rounded-md border border-slate-300 px-3 py-2 read-only:bg-slate-100 focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 focus:outline-none"
        />
        {loginIdLocked !== undefined ? (
          <p id="loginId-locked" className="text-xs text-slate-500">
            {loginIdLocked}
          </p>
        ) : null}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="password" className="text-sm font-medium">
          {text.password}
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          className="rounded-md border border-slate-300 px-3 py-2 focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 focus:outline-none"
        />
        {forgot ? (
          <a href={forgot.href} className="self-end text-sm text-blue-700 underline">
            {forgot.text}
          </a>
        ) : null}
      </div>
      <div className="mt-2 flex gap-3">
        <button
          type="submit"
          name="decision"
          value="authorize"
          disabled={pending}
          className="flex-1 rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700 disabled:opacity-60"
        >
          {pending ? text.working : text.authorize}
        </button>
        <button
          type="submit"
          name="decision"
          value="deny"
          formNoValidate
          disabled={pending}
          className="flex-1 rounded-md bg-white px-4 py-2 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
        >
          {text.deny}
        </button>
      </div>
    </form>
  );
}
