import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { format, messages, negotiateLocale } from "./index";
import * as errors from "./catalogue/errors";
import * as signIn from "./catalogue/sign-in";

describe("language negotiation: ui_locales, then Accept-Language, then English", () => {
  const cases: [string, Parameters<typeof negotiateLocale>[0], string][] = [
    ["ui_locales first supported tag (OIDC Core §3.1.2.1)", { uiLocales: "fr-CA ja en", acceptLanguage: "en" }, "ja"],
    ["ui_locales wins over Accept-Language", { uiLocales: "en", acceptLanguage: "ja" }, "en"],
    ["ui_locales as Authlete's array", { uiLocales: ["de", "ja-JP"] }, "ja"],
    ["region and case are ignored (BCP 47 §2.1.1)", { uiLocales: "JA-jp" }, "ja"],
    ["unsupported ui_locales fall through to Accept-Language", { uiLocales: "fr de", acceptLanguage: "ja,en;q=0.5" }, "ja"],
    ["Accept-Language by quality (RFC 9110 §12.5.4)", { acceptLanguage: "en;q=0.4, ja;q=0.8, fr" }, "ja"],
    ["q=0 means not acceptable", { acceptLanguage: "ja;q=0, en;q=0.1" }, "en"],
    ["wildcard and garbage are ignored", { acceptLanguage: "*, ;;, q=x, 日本語" }, "en"],
    ["nothing → English", {}, "en"],
    ["a language already chosen for the request (as_lang cookie) wins", { chosen: "ja", uiLocales: "en", acceptLanguage: "en" }, "ja"],
    ["a chosen value that is not a supported tag is ignored", { chosen: "ja-JP;evil", acceptLanguage: "ja" }, "ja"],
    ["… and does not pass for one", { chosen: "fr", acceptLanguage: "de" }, "en"],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(negotiateLocale(input), expected));
});

describe("catalogue", () => {
  it("has the same keys in every language, none empty", () => {
    for (const ns of [errors, signIn]) {
      assert.deepEqual(Object.keys(ns.ja).sort(), Object.keys(ns.en).sort());
      for (const v of [...Object.values(ns.en), ...Object.values(ns.ja)]) assert.ok(typeof v !== "string" || v.trim() !== "");
    }
    assert.notEqual(messages("ja").signIn.loginId, messages("en").signIn.loginId);
  });
  it("formats placeholders", () => {
    assert.equal(format("sent to {to} ({n})", { to: "+***0101", n: 6 }), "sent to +***0101 (6)");
    assert.equal(format("keep {unknown}", {}), "keep {unknown}");
  });
});
