// The pages of the end_session_endpoint (RP-Initiated Logout 1.0): the confirmation, the logged-out page, the
// "still signed in" page and the refusal of an unverifiable request. Plain HTML from a route handler, no script.
import { format, messages, type Locale } from "../i18n";
import { escapeHtml, pageShell } from "./html";

/**
 * Log out / Stay signed in (RP-Initiated Logout 1.0 §2: the OP SHOULD ask the End-User when the request cannot
 * be tied to the session). The form posts the original parameters back with the user's choice and a token that
 * binds the choice to this sign-in (so another site cannot log the user out by posting "logout").
 */
export function logoutConfirmPage(locale: Locale, signedInAs: string, fields: Record<string, string>): Response {
  const m = messages(locale).logout;
  const hidden = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  return pageShell(
    200,
    locale,
    m.confirmTitle,
    `<p>${escapeHtml(m.confirmMessage)}</p><p data-testid="signed-in-as">${escapeHtml(format(m.confirmSignedInAs, { user: signedInAs }))}</p>` +
      `<form method="post" action="/api/logout">${hidden}` +
      `<button class="primary" type="submit" name="confirm" value="logout">${escapeHtml(m.logOut)}</button>` +
      `<button class="secondary" type="submit" name="confirm" value="stay">${escapeHtml(m.staySignedIn)}</button></form>`,
  );
}

export function loggedOutPage(locale: Locale): Response {
  const m = messages(locale).logout;
  return pageShell(200, locale, m.loggedOutTitle, `<p>${escapeHtml(m.loggedOutMessage)}</p>`);
}

export function stayedSignedInPage(locale: Locale): Response {
  const m = messages(locale).logout;
  return pageShell(200, locale, m.stayedTitle, `<p>${escapeHtml(m.stayedMessage)}</p>`);
}

export function logoutInvalidPage(locale: Locale): Response {
  const m = messages(locale).logout;
  return pageShell(400, locale, m.invalidTitle, `<p>${escapeHtml(m.invalidMessage)}</p>`);
}
