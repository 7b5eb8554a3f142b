// The message above a step's form (role=alert), shared by the sign-in, consent and account-chooser forms.
export function FormError({ message }: { message?: string }) {
  return (
    <div aria-live="polite" className="min-h-0">
      {message ? (
        <p role="alert" data-testid="form-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
          {message}
        </p>
      ) : null}
    </div>
  );
}
