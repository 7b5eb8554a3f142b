// Turns the authorization flow's typed outcomes into what the browser gets: a redirect to the client, the
// form_post hand-off, or one of our error pages in the user's language. Failures Authlete reports are logged
// for the operator with Authlete's resultCode and resultMessage (a missing JWK Set, A162201, or a malformed
// call of ours must be visible) — the user sees only our own words.
import { AuthleteApiError } from "../authlete/client";
import type { BrowserOutcome } from "../authlete/responses";
import { NO_STORE } from "../http";
import type { Locale } from "../i18n";
import { describeError, log } from "../log";
import { errorPage, formPostPage } from "../pages/html";

export function logAuthleteOutcome(event: string, endpoint: string, outcome: BrowserOutcome): void {
  if (outcome.kind === "server_error" || outcome.kind === "expired" || outcome.kind === "bad_request") {
    const level = outcome.kind === "server_error" ? "error" : outcome.kind === "expired" ? "warn" : "info";
    log[level](event, { endpoint, outcome: outcome.kind, resultCode: outcome.authlete.resultCode, resultMessage: outcome.authlete.resultMessage });
  }
}

/** Logs a thrown failure for the operator: a failed Authlete call with what is known of it, anything else briefly. */
export function logFailure(event: string, e: unknown): void {
  if (e instanceof AuthleteApiError) {
    log.error(event, { upstream: "authlete", kind: e.kind, path: e.path, status: e.status, resultCode: e.resultCode });
  } else {
    log.error(event, { error: describeError(e) });
  }
}

/** A thrown failure of a browser endpoint: logged, and our 503 page (Authlete unreachable) or 500 page. */
export function browserFailure(event: string, e: unknown, locale: Locale): Response {
  logFailure(event, e);
  return errorPage(e instanceof AuthleteApiError && e.unavailable ? "unavailable" : "serverError", locale);
}

export function browserResponse(outcome: BrowserOutcome, locale: Locale): Response {
  switch (outcome.kind) {
    case "redirect":
      return new Response(null, { status: 302, headers: { Location: outcome.location, ...NO_STORE } });
    case "form":
      return formPostPage(outcome.html);
    case "bad_request":
      return errorPage("badRequest", locale, outcome.detail);
    case "expired":
      return errorPage("expired", locale);
    case "server_error":
      return errorPage("serverError", locale);
  }
}
