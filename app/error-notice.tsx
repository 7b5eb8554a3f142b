// The body of Next's own error pages (not-found, error, global-error): a title and a message per language.
export interface Notice {
  title: string;
  message: string;
  lang?: string;
}

export function ErrorNotice({ notices }: { notices: Notice[] }) {
  return (
    <main className="mx-auto max-w-md px-4 py-12">
      <section className="rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200" data-testid="error-page">
        {notices.map((n, i) => (
          <div key={n.lang ?? i} lang={n.lang} className={i > 0 ? "mt-6 border-t border-slate-100 pt-6" : undefined}>
            {i === 0 ? <h1 className="text-xl font-semibold">{n.title}</h1> : <h2 className="text-xl font-semibold">{n.title}</h2>}
            <p className="mt-3 text-slate-600">{n.message}</p>
          </div>
        ))}
      </section>
    </main>
  );
}
