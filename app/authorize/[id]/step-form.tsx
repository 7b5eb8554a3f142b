"use client";
// One step after the password (lib/oauth/challenge.ts): a one-time code, a choice of factor, a new password, or
// authenticator-app enrolment. Like the sign-in form it posts to a server action: without JavaScript a plain
// form post whose answer is the page rendered with the action's state (or a redirect to the next step), with
// JavaScript the state updates in place. Cancel returns to the password step. Every string arrives from the
// server component in the page's language.
import { useActionState } from "react";
import type { Messages } from "@/lib/i18n";
import type { StepState } from "@/lib/oauth/challenge";
import type { PasswordPolicy, Step } from "@/lib/cognito/challenges";
import { Expired } from "./expired";
import { PolicyHints } from "./policy-hints";
import { CodeField, Field, FormError, NewPasswordFields, SubmitButtons } from "./ui";

type Action = (previous: StepState, form: FormData) => Promise<StepState>;
type Text = Messages["challenge"];

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The code field for a code of `digits` digits (spaces allowed, as apps show them grouped). */
function StepCodeField({ text, digits }: { text: Text; digits: number }) {
  return <CodeField label={text.code} pattern={`[0-9 ]{${digits},${digits + 2}}`} maxLength={digits + 2} />;
}

function attributeLabel(text: Text, name: string): string {
  const key = `attr_${name}` as keyof Text;
  return key in text ? text[key] : name;
}

export function StepForm({
  action,
  step,
  text,
  expiredText,
  policy,
  secret,
  qrDataUri,
}: {
  action: Action;
  step: Step;
  text: Text;
  expiredText: { title: string; message: string };
  policy?: PasswordPolicy;
  /** MFA_SETUP: the key grouped by four. */
  secret?: string;
  /** MFA_SETUP: the otpauth:// URI as a server-rendered SVG QR code (data: URI). */
  qrDataUri?: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  if (state.expired) return <Expired {...expiredText} />;

  let title: string;
  let help: string | undefined;
  let digits = 6;
  switch (step.kind) {
    case "code":
      digits = step.factor === "EMAIL_OTP" ? 8 : 6;
      if (step.factor === "SOFTWARE_TOKEN_MFA") {
        title = text.totpTitle;
        help = text.totpHelp;
      } else if (step.factor === "SMS_MFA") {
        title = text.smsTitle;
        help = step.destination ? fill(text.smsHelp, { destination: step.destination }) : text.smsHelpNoDestination;
      } else {
        title = text.emailTitle;
        help = step.destination ? fill(text.emailHelp, { destination: step.destination }) : text.emailHelpNoDestination;
      }
      break;
    case "select":
      title = text.selectTitle;
      help = text.selectHelp;
      break;
    case "newPassword":
      title = text.newPasswordTitle;
      help = text.newPasswordHelp;
      break;
    case "setupTotp":
      title = text.setupTitle;
      help = text.setupHelp;
      break;
  }
  const error = state.error ? (state.error === "enterCode" ? fill(text.enterCode, { digits }) : text[state.error]) : undefined;

  return (
    <form action={formAction} className="mt-6 flex flex-col gap-4" aria-busy={pending} data-testid={`step-${step.kind}`}>
      <div>
        <h2 className="text-lg font-semibold" data-testid="step-title">
          {title}
        </h2>
        {help ? (
          <p className="mt-1 text-sm text-slate-600" data-testid="step-help">
            {help}
          </p>
        ) : null}
      </div>
      <FormError message={error} />

      {step.kind === "code" ? <StepCodeField text={text} digits={digits} /> : null}

      {step.kind === "select" ? (
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">{text.selectLegend}</legend>
          {step.options.map((option, i) => (
            <label key={option} className="flex items-center gap-2 rounded-md px-3 py-2 ring-1 ring-slate-200">
              <input type="radio" name="factor" value={option} defaultChecked={i === 0} required />
              <span>{text[`option${option}`]}</span>
            </label>
          ))}
        </fieldset>
      ) : null}

      {step.kind === "newPassword" ? (
        <>
          <NewPasswordFields text={text} />
          {policy ? <PolicyHints policy={policy} text={text} /> : null}
          {step.requiredAttributes.length > 0 ? <p className="text-sm text-slate-600">{text.newPasswordMoreHelp}</p> : null}
          {step.requiredAttributes.map((name) => (
            <Field key={name} id={`attr.${name}`} label={attributeLabel(text, name)} type="text" required maxLength={2048} />
          ))}
        </>
      ) : null}

      {step.kind === "setupTotp" ? (
        <>
          {qrDataUri ? (
            // A data: URI of an SVG rendered on the server: no script, no third-party request.
            <img src={qrDataUri} alt={text.qrAlt} width={200} height={200} className="mx-auto h-50 w-50" data-testid="totp-qr" />
          ) : null}
          <p className="text-sm">
            <span className="text-slate-600">{text.secretLabel}: </span>
            <code className="font-mono text-base tracking-wide select-all" data-testid="totp-secret">
              {secret}
            </code>
          </p>
          <p className="text-sm text-slate-600">{text.setupCodeHelp}</p>
          <StepCodeField text={text} digits={6} />
        </>
      ) : null}

      <SubmitButtons
        name="op"
        pending={pending}
        working={text.working}
        primary={{ value: "answer", label: step.kind === "select" || step.kind === "newPassword" ? text.continue : text.verify }}
        secondary={[{ value: "cancel", label: text.cancel, noValidate: true }]}
      />
    </form>
  );
}
