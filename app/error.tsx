"use client";
// Next's error boundary for a page that failed to render. A client component cannot read the request's language,
// so it says the same thing in every language of the catalogue (lib/i18n). No error detail is shown: the message of
// a server error never reaches the browser in production, and its digest is only useful in the server log.
import { messages } from "@/lib/i18n";
import { LOCALES } from "@/lib/i18n/locale";
import { ErrorNotice } from "./error-notice";

export default function ErrorPage() {
  return <ErrorNotice notices={LOCALES.map((l) => ({ lang: l, title: messages(l).errors.serverErrorTitle, message: messages(l).errors.serverErrorMessage }))} />;
}
