export function Expired() {
  return (
    <section className="rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200" data-testid="expired">
      <h1 className="text-xl font-semibold">This request has expired</h1>
      <p className="mt-3 text-slate-600">
        This sign-in request has expired or was already used. Go back to the application and start signing in
        again.
      </p>
    </section>
  );
}
