"use client";
// Next's error boundary for a page that failed to render. A client component cannot read the request's language,
// so it says the same thing in every language of the catalogue (lib/i18n). No error detail is shown: the message of
// a server error never reaches the browser in production, and its digest is only useful in the server log.
// Only the errors namespace of the catalogue: Next loads the root error boundaries on every page, and
// `messages()` from "@/lib/i18n" would bring every page's strings in every language along (≈ 9 KB gzip per
// boundary, in every page's JavaScript; `npm run bench` prints the page weight).
import * as errors from "@/lib/i18n/catalogue/errors";
import { LOCALES } from "@/lib/i18n/locale";
import { ErrorNotice } from "./error-notice";

export default function ErrorPage() {
  return <ErrorNotice notices={LOCALES.map((l) => ({ lang: l, title: errors[l].serverErrorTitle, message: errors[l].serverErrorMessage }))} />;
}
