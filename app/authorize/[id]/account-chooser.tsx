"use client";
// The account chooser (OIDC Core §3.1.2.1 prompt=select_account): the accounts recently used on this browser.
// The signed-in one continues with its session; a signed-out one goes to the sign-in form, pre-filled. An account
// button sends only `account` (the action reads it as decision=choose); the other buttons send `decision`.
import { useActionState } from "react";
import type { Messages } from "@/lib/i18n";
import type { DecisionState } from "@/lib/oauth/authorization";
import { Expired } from "./expired";
import { FormError, SubmitButtons } from "./ui";

type Action = (previous: DecisionState, form: FormData) => Promise<DecisionState>;

export function AccountChooser({
  action,
  accounts,
  text,
  sso,
  expiredText,
}: {
  action: Action;
  accounts: { sub: string; loginId: string; signedIn: boolean }[];
  text: Messages["signIn"];
  sso: Messages["sso"];
  expiredText: { title: string; message: string };
}) {
  const [state, formAction, pending] = useActionState(action, {});
  if (state.expired) return <Expired {...expiredText} />;
  return (
    <form action={formAction} className="mt-6 flex flex-col gap-3" aria-busy={pending}>
      <FormError message={state.error ? text[state.error] : undefined} />
      <ul className="flex flex-col gap-2" data-testid="accounts">
        {accounts.map((a) => (
          <li key={a.sub}>
            <button
              type="submit"
              name="account"
              value={a.sub}
              disabled={pending}
              className="flex w-full flex-col items-start rounded-md bg-white px-4 py-3 text-left ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
            >
              <span className="font-medium">{a.loginId}</span>
              <span className="text-xs text-slate-500">{a.signedIn ? sso.chooserSignedIn : sso.chooserSignedOut}</span>
            </button>
          </li>
        ))}
      </ul>
      <SubmitButtons
        name="decision"
        pending={pending}
        secondary={[
          { value: "another", label: sso.useAnotherAccount },
          { value: "deny", label: text.deny },
        ]}
      />
    </form>
  );
}
