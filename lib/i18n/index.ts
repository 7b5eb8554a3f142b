// The message catalogue: every user-visible string of the pages, form errors and error pages, in English and
// Japanese. A small typed catalogue rather than an i18n library: the language is chosen per authorization
// request (`ui_locales`, then Accept-Language — see locale.ts), pages render on the server only, and server
// actions and route handlers need the same strings without a request-scoped framework context. Each namespace
// lives in its own file under catalogue/ and declares `ja: typeof en`, so a missing or misspelt key in either
// language fails the type check.
import * as challenge from "./catalogue/challenge";
import * as demo from "./catalogue/demo";
import * as errors from "./catalogue/errors";
import * as home from "./catalogue/home";
import * as logout from "./catalogue/logout";
import * as passwordReset from "./catalogue/password-reset";
import * as signIn from "./catalogue/sign-in";
import * as sso from "./catalogue/sso";
import type { Locale } from "./locale";

export * from "./locale";

const catalogues = { errors, signIn, sso, logout, home, demo, challenge, passwordReset } as const;

type Namespaces = typeof catalogues;
export type Messages = { [N in keyof Namespaces]: Namespaces[N]["en"] };

const byLocale: Record<Locale, Messages> = {
  en: Object.fromEntries(Object.entries(catalogues).map(([n, c]) => [n, c.en])) as Messages,
  ja: Object.fromEntries(Object.entries(catalogues).map(([n, c]) => [n, c.ja])) as Messages,
};

/** The messages of one language. */
export function messages(locale: Locale): Messages {
  return byLocale[locale];
}

/** Fills `{name}` placeholders (values are plain text; pages escape them when rendering). */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
