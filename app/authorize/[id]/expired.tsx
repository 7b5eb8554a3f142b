export function Expired({ title, message }: { title: string; message: string }) {
  return (
    <section className="rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200" data-testid="expired">
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="mt-3 text-slate-600">{message}</p>
    </section>
  );
}
