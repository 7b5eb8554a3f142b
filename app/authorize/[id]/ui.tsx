// The markup the authorization pages' forms share: labelled inputs, the primary/secondary button pair and the
// message boxes above a form. No hooks and no "use client": usable from server and client components alike.
// Every text arrives as a prop, already in the page's language (lib/i18n).
import type { InputHTMLAttributes, ReactNode } from "react";

const inputClass =
  "rounded-md border border-slate-300 px-3 py-2 focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 focus:outline-none";
const primaryClass = "flex-1 rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700 disabled:opacity-60";
const secondaryClass = "flex-1 rounded-md bg-white px-4 py-2 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60";

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "children">;

/**
 * A labelled input; its `name` is its `id`. `className` adds to the input's classes; `children` go below the
 * input (a hint, a link).
 */
export function Field({ id, label, className, children, ...input }: InputProps & { id: string; label: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input id={id} name={id} className={className ? `${inputClass} ${className}` : inputClass} {...input} />
      {children}
    </div>
  );
}

/** The Login ID field. With `locked` (why the client fixed the user) it is read-only and described by that text. */
export function LoginIdField({ label, defaultValue, locked }: { label: string; defaultValue: string | undefined; locked?: string }) {
  return (
    <Field
      id="loginId"
      label={label}
      type="text"
      autoComplete="username"
      autoCapitalize="none"
      spellCheck={false}
      required
      maxLength={128}
      readOnly={locked !== undefined}
      aria-describedby={locked !== undefined ? "loginId-locked" : undefined}
      defaultValue={defaultValue}
      className="read-only:bg-slate-100"
    >
      {locked !== undefined ? (
        <p id="loginId-locked" className="text-xs text-slate-500">
          {locked}
        </p>
      ) : null}
    </Field>
  );
}

/** A one-time code (from an authenticator app, SMS or e-mail). */
export function CodeField({ label, maxLength, pattern }: { label: string; maxLength: number; pattern?: string }) {
  return (
    <Field
      id="code"
      label={label}
      type="text"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern={pattern}
      maxLength={maxLength}
      required
      autoFocus
      className="font-mono tracking-widest"
    />
  );
}

/** A new password and its confirmation. */
export function NewPasswordFields({ text }: { text: { newPassword: string; confirmPassword: string } }) {
  return (
    <>
      <Field id="newPassword" label={text.newPassword} type="password" autoComplete="new-password" required maxLength={256} />
      <Field id="confirmPassword" label={text.confirmPassword} type="password" autoComplete="new-password" required maxLength={256} />
    </>
  );
}

/** One submit button of a form: the value it sends, its text, and whether it skips the browser's field checks. */
export interface SubmitChoice {
  value: string;
  label: ReactNode;
  noValidate?: boolean;
}

/**
 * The buttons at the end of a form, side by side, each sending `name`=its value: the primary one (if any) first,
 * then the secondary ones. While the form is submitting (`pending`) every button is disabled and the primary one
 * reads `working`.
 */
export function SubmitButtons({ name, pending, working, primary, secondary }: { name: string; pending: boolean; working?: string; primary?: SubmitChoice; secondary: SubmitChoice[] }) {
  const button = (choice: SubmitChoice, className: string, label: ReactNode) => (
    <button key={choice.value} type="submit" className={className} name={name} value={choice.value} formNoValidate={choice.noValidate} disabled={pending}>
      {label}
    </button>
  );
  return (
    <div className="mt-2 flex gap-3">
      {primary ? button(primary, primaryClass, pending && working !== undefined ? working : primary.label) : null}
      {secondary.map((choice) => button(choice, secondaryClass, choice.label))}
    </div>
  );
}

const noticeClass = {
  error: "rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200",
  success: "rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 ring-1 ring-green-200",
  warning: "rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200",
  neutral: "rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800 ring-1 ring-slate-200",
};
const noticeRole = { error: "alert", success: "status", warning: undefined, neutral: undefined };

/** A message box: an error is an alert, a success a status message, the other tones plain text. */
export function Notice({ tone, testId, children }: { tone: keyof typeof noticeClass; testId: string; children: ReactNode }) {
  return (
    <p role={noticeRole[tone]} data-testid={testId} className={noticeClass[tone]}>
      {children}
    </p>
  );
}

/** The error above a step's form (role=alert) in a live region that is there, empty, before any error. */
export function FormError({ message }: { message?: string }) {
  return (
    <div aria-live="polite" className="min-h-0">
      {message ? (
        <Notice tone="error" testId="form-error">
          {message}
        </Notice>
      ) : null}
    </div>
  );
}
