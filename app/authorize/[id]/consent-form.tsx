"use client";
// The consent page of a signed-in user (SSO): who is signed in, Authorize / Deny / Use another account, and no
// password field. Like the sign-in form it works without JavaScript (a plain form post to the server action).
import { useActionState } from "react";
import type { Messages } from "@/lib/i18n";
import type { DecisionState } from "@/lib/oauth/authorization";
import { Expired } from "./expired";
import { FormError, Notice, SubmitButtons } from "./ui";

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
      <Notice tone="neutral" testId="signed-in-as">
        {signedInAs}
      </Notice>
      <SubmitButtons
        name="decision"
        pending={pending}
        working={text.working}
        primary={{ value: "authorize", label: text.authorize }}
        secondary={[{ value: "deny", label: text.deny }]}
      />
      <button type="submit" name="decision" value="another" disabled={pending} className="self-start text-sm text-blue-700 underline disabled:opacity-60">
        {useAnotherAccount}
      </button>
    </form>
  );
}
