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

export function SignInForm({
  action,
  loginHint,
  loginIdLocked,
  notice,
  text,
  expiredText,
}: {
  action: Action;
  loginHint?: string;
  /** Why the Login ID is read-only (the client demanded this user); absent = editable. */
  loginIdLocked?: string;
  /** Why the form is shown although someone may be signed in (prompt=login, max_age, …). */
  notice?: string;
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
      <FormError message={state.error ? text[state.error] : undefined} />
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
