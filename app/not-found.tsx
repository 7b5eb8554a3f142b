// Next's 404 page for every unknown address (and notFound()), in the visitor's language. Like every page it carries
// the security headers (next.config.ts headers()).
import type { Metadata } from "next";
import { messages } from "@/lib/i18n";
import { requestLocale } from "@/lib/session";
import { ErrorNotice } from "./error-notice";

export async function generateMetadata(): Promise<Metadata> {
  return { title: messages(await requestLocale()).errors.notFoundTitle, robots: { index: false } };
}

export default async function NotFound() {
  const t = messages(await requestLocale()).errors;
  return <ErrorNotice notices={[{ title: t.notFoundTitle, message: t.notFoundMessage }]} />;
}
