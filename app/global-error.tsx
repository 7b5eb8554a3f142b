"use client";
// Next's last-resort error page, used when the root layout itself fails; it replaces the layout, so it has its own
// <html>. Like app/error.tsx it speaks every language of the catalogue. The security headers come from
// next.config.ts headers(), which apply to every page Next renders.
import { messages } from "@/lib/i18n";
import { LOCALES } from "@/lib/i18n/locale";
import { ErrorNotice } from "./error-notice";
import "./globals.css";

export default function GlobalError() {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <title>{messages("en").errors.serverErrorTitle}</title>
        <ErrorNotice notices={LOCALES.map((l) => ({ lang: l, title: messages(l).errors.serverErrorTitle, message: messages(l).errors.serverErrorMessage }))} />
      </body>
    </html>
  );
}
