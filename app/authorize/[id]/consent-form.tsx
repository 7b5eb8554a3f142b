"use client";
// The consent page of a signed-in user (SSO): who is signed in, Authorize / Deny / Use another account, and no
// password field. Like the sign-in form it works without JavaScript (a plain form post to the server action).
import { useActionState } from "react";
import type { Messages } from "@/lib/i18n";
import type { DecisionState } from "@/lib/oauth/authorization";
import { Expired } from "./expired";
import { FormError } from "./form-error";

type Action = (previous: DecisionState, form: FormData) => Promise<DecisionState>;

export function ConsentForm({
  action,
  signedInAs,
  text,
  useAnotherAccount,
  expiredText,
}: {
  action: Action;
  /** "Signed in as …", already in the page's language. */
  signedInAs: string;
  text: Messages["signIn"];
  useAnotherAccount: string;
  expiredText: { title: string; message: string };
}) {
  const [state, formAction, pending] = useActionState(action, {});
  if (state.expired) return <Expired {...expiredText} />;
  return (
    <form action={formAction} className="mt-6 flex flex-col gap-4" aria-busy={pending}>
      <FormError message={state.error ? text[state.error] : undefined} />
      <input type="hidden" name="step" value="consent" />
      <p data-testid="signed-in-as" className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800 ring-1 ring-slate-200">
        {signedInAs}
      </p>
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
          disabled={pending}
          className="flex-1 rounded-md bg-white px-4 py-2 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
        >
          {text.deny}
        </button>
      </div>
      <button type="submit" name="decision" value="another" disabled={pending} className="self-start text-sm text-blue-700 underline disabled:opacity-60">
        {useAnotherAccount}
      </button>
    </form>
  );
}
