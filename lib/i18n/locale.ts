// Which language a page speaks. Pure (no Next.js imports), so route handlers, server components, server actions
// and unit tests share one negotiation:
//   1. `ui_locales` of the authorization / logout request (OIDC Core §3.1.2.1: "space-separated list of BCP47
//      language tag values, ordered by preference") — the first tag we support wins;
//   2. the browser's `Accept-Language` (RFC 9110 §12.5.4), by quality value;
//   3. English.
// A tag matches on its primary language subtag ("ja-JP" → ja), case-insensitively (BCP 47 §2.1.1).

export const LOCALES = ["en", "ja"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The supported locale a BCP 47 tag falls under, if any. */
export function matchLocale(tag: string): Locale | undefined {
  const primary = tag.trim().split(/[-_]/)[0]?.toLowerCase();
  return isLocale(primary) ? primary : undefined;
}

/** The first supported tag of a `ui_locales` value (a space-separated string or Authlete's parsed array). */
export function fromUiLocales(uiLocales: string | readonly string[] | undefined | null): Locale | undefined {
  if (!uiLocales) return undefined;
  const tags = typeof uiLocales === "string" ? uiLocales.split(/\s+/) : uiLocales;
  for (const tag of tags.slice(0, 20)) {
    const m = tag ? matchLocale(tag) : undefined;
    if (m) return m;
  }
  return undefined;
}

/** The best supported language of an Accept-Language header (q=0 means "not acceptable"). */
export function fromAcceptLanguage(header: string | undefined | null): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .slice(0, 1000)
    .split(",")
    .slice(0, 30)
    .map((part, index) => {
      const [range = "", ...params] = part.split(";");
      const qParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith("q="));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { range: range.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.range !== "" && r.range !== "*" && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranked) {
    const m = matchLocale(r.range);
    if (m) return m;
  }
  return undefined;
}

/**
 * The language of a page or answer: a language already chosen for this request (`chosen`: the as_lang cookie
 * written from its ui_locales, or ui_locales already read; used only when it is a supported tag), else the
 * request's `ui_locales`, else Accept-Language, else English (OIDC Core §3.1.2.1).
 */
export function negotiateLocale(input: { chosen?: string | null; uiLocales?: string | readonly string[] | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.chosen)) return input.chosen;
  return fromUiLocales(input.uiLocales) ?? fromAcceptLanguage(input.acceptLanguage) ?? DEFAULT_LOCALE;
}

/** ui_locales from a raw authorization request (query string or form body), tolerant of malformed input. */
export function uiLocalesParameter(parameters: string): string | undefined {
  try {
    return new URLSearchParams(parameters).get("ui_locales") ?? undefined;
  } catch {
    return undefined;
  }
}
