"use client";
// The login/consent form. It posts to a server action; without JavaScript that is a plain multipart form
// post and the page comes back rendered with the action's state, with JavaScript the state (pending,
// errors) updates in place.
// Every string comes from the server component, already in the page's language (lib/i18n).
import { useActionState } from "react";
import type { Messages } from "@/lib/i18n";
import type { DecisionState } from "@/lib/oauth/authorization";
import { Expired } from "./expired";

type Action = (previous: DecisionState, form: FormData) => Promise<DecisionState>;

/** A message the page shows above the form before anything was submitted (how a later step ended). */
export interface Notice {
  tone: "error" | "success";
  text: string;
}

export function SignInForm({
  action,
  loginHint,
  text,
  expiredText,
  notice,
  forgot,
}: {
  action: Action;
  loginHint?: string;
  text: Messages["signIn"];
  expiredText: { title: string; message: string };
  notice?: Notice;
  /** The "Forgot password?" link (lib/oauth/password-reset.ts). */
  forgot?: { href: string; text: string };
}) {
  const [state, formAction, pending] = useActionState(action, {});
  if (state.expired) return <Expired {...expiredText} />;
  return (
    <form action={formAction} className="mt-6 flex flex-col gap-4" aria-busy={pending}>
      <div aria-live="polite" className="min-h-0">
        {state.error ? (
          <p role="alert" data-testid="form-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
            {text[state.error]}
          </p>
        ) : notice ? (
          <p
            role={notice.tone === "error" ? "alert" : "status"}
            data-testid={notice.tone === "error" ? "form-error" : "form-notice"}
            className={
              notice.tone === "error"
                ? "rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200"
                : "rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 ring-1 ring-green-200"
            }
          >
            {notice.text}
          </p>
        ) : null}
      </div>
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
          defaultValue={state.loginId ?? loginHint ?? ""}
          className="rounded-md border border-slate-300 px-3 py-2 focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 focus:outline-none"
        />
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
