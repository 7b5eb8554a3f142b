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

type Action = (previous: ResetState, form: FormData) => Promise<ResetState>;

const input =
  "rounded-md border border-slate-300 px-3 py-2 focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 focus:outline-none";
const primary = "flex-1 rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700 disabled:opacity-60";
const secondary = "flex-1 rounded-md bg-white px-4 py-2 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60";

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
          <p role="alert" data-testid="form-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
            {error}
          </p>
        ) : null}
      </div>

      {state.stage === "request" ? (
        <>
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
              defaultValue={state.loginId ?? ""}
              className={input}
            />
          </div>
          <div className="mt-2 flex gap-3">
            <button type="submit" name="op" value="send" disabled={pending} className={primary}>
              {pending ? text.working : text.sendCode}
            </button>
            <button type="submit" name="op" value="have-code" disabled={pending} className={secondary}>
              {text.haveCode}
            </button>
          </div>
        </>
      ) : (
        <>
          <input type="hidden" name="loginId" value={state.loginId ?? ""} />
          <div className="flex flex-col gap-1">
            <label htmlFor="code" className="text-sm font-medium">
              {text.code}
            </label>
            <input
              id="code"
              name="code"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={16}
              required
              autoFocus
              className={`${input} font-mono tracking-widest`}
            />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="newPassword" className="text-sm font-medium">
              {text.newPassword}
            </label>
            <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" required maxLength={256} className={input} />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="confirmPassword" className="text-sm font-medium">
              {text.confirmPassword}
            </label>
            <input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required maxLength={256} className={input} />
          </div>
          {policy ? <PolicyHints policy={policy} text={challengeText} /> : null}
          <div className="mt-2 flex gap-3">
            <button type="submit" name="op" value="confirm" disabled={pending} className={primary}>
              {pending ? text.working : text.changePassword}
            </button>
            <button type="submit" name="op" value="resend" formNoValidate disabled={pending} className={secondary}>
              {text.sendNewCode}
            </button>
          </div>
        </>
      )}
      <a href={signInHref} className="text-sm text-blue-700 underline">
        {text.backToSignIn}
      </a>
    </form>
  );
}
