"use client";
// The two stages of a password reset: the login ID (Send code / I already have a code), then the code and the
// new password. Works without JavaScript: each button posts to the server action, whose state renders the next
// stage. The words after "Send code" are the same whether or not an account exists for the login ID.
import { useActionState } from "react";
import type { Messages } from "@/lib/i18n";
import type { PasswordPolicy } from "@/lib/cognito/challenges";
import type { ResetState } from "@/lib/oauth/password-reset";
import { Expired } from "../expired";
import { PolicyHints } from "../policy-hints";
import { CodeField, LoginIdField, NewPasswordFields, Notice, SubmitButtons } from "../ui";

type Action = (previous: ResetState, form: FormData) => Promise<ResetState>;

export function ResetForm({
  action,
  intro,
  initialLoginId,
  text,
  challengeText,
  policy,
  signInHref,
  expiredText,
}: {
  action: Action;
  intro: string;
  initialLoginId: string;
  text: Messages["passwordReset"];
  challengeText: Messages["challenge"];
  policy?: PasswordPolicy;
  signInHref: string;
  expiredText: { title: string; message: string };
}) {
  const [state, formAction, pending] = useActionState(action, { stage: "request", loginId: initialLoginId });
  if (state.expired) return <Expired {...expiredText} />;
  const error = state.error ? text[state.error] : state.problem ? challengeText[state.problem] : undefined;

  return (
    <form action={formAction} className="mt-4 flex flex-col gap-4" aria-busy={pending} data-testid={`reset-${state.stage}`}>
      <div aria-live="polite" className="flex flex-col gap-2">
        {state.stage === "request" ? <p className="text-sm text-slate-600">{intro}</p> : null}
        {state.stage === "confirm" ? (
          <p role="status" className="text-sm text-slate-700" data-testid="reset-status">
            {state.sent ? text.sent.replace("{loginId}", state.loginId ?? "") : text.enterDetails}
          </p>
        ) : null}
        {error ? (
          <Notice tone="error" testId="form-error">
            {error}
          </Notice>
        ) : null}
      </div>

      {state.stage === "request" ? (
        <>
          <LoginIdField label={text.loginId} defaultValue={state.loginId ?? ""} />
          <SubmitButtons
            name="op"
            pending={pending}
            working={text.working}
            primary={{ value: "send", label: text.sendCode }}
            secondary={[{ value: "have-code", label: text.haveCode }]}
          />
        </>
      ) : (
        <>
          <input type="hidden" name="loginId" value={state.loginId ?? ""} />
          <CodeField label={text.code} maxLength={16} />
          <NewPasswordFields text={text} />
          {policy ? <PolicyHints policy={policy} text={challengeText} /> : null}
          <SubmitButtons
            name="op"
            pending={pending}
            working={text.working}
            primary={{ value: "confirm", label: text.changePassword }}
            secondary={[{ value: "resend", label: text.sendNewCode, noValidate: true }]}
          />
        </>
      )}
      <a href={signInHref} className="text-sm text-blue-700 underline">
        {text.backToSignIn}
      </a>
    </form>
  );
}
