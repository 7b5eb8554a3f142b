"use client";
// Next's last-resort error page, used when the root layout itself fails; it replaces the layout, so it has its own
// <html>. Like app/error.tsx it speaks every language of the catalogue. The security headers come from
// next.config.ts headers(), which apply to every page Next renders.
// Only the errors namespace of the catalogue: Next loads the root error boundaries on every page, and
// `messages()` from "@/lib/i18n" would bring every page's strings in every language along (≈ 9 KB gzip per
// boundary, in every page's JavaScript; `npm run bench` prints the page weight).
import * as errors from "@/lib/i18n/catalogue/errors";
import { LOCALES } from "@/lib/i18n/locale";
import { ErrorNotice } from "./error-notice";
import "./globals.css";

export default function GlobalError() {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <title>{errors.en.serverErrorTitle}</title>
        <ErrorNotice notices={LOCALES.map((l) => ({ lang: l, title: errors[l].serverErrorTitle, message: errors[l].serverErrorMessage }))} />
      </body>
    </html>
  );
}
