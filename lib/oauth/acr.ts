// Authentication Context Class References (OIDC Core §2 `acr`, §3.1.2.1 `acr_values`, §5.5.1.1 essential
// `acr`). The values themselves are configuration (lib/config.ts, ACR_PASSWORD / ACR_MFA); this module says
// which one a sign-in met, from the sign-in's authentication methods (RFC 8176 `amr`), and which one to report
// to Authlete (`acr` of /auth/authorization/issue, documented in the authorization_issue_request schema).
//
// The levels are ordered: a sign-in with a second factor also meets the password level, so a client asking
// for the password acr gets it back from an MFA user instead of an unmet requirement.
import type { AcrConfig } from "../config";

/** 1 = password, 2 = password + a second factor. */
type Level = 1 | 2;

/**
 * The level an authentication reached, from its amr. No amr = a password sign-in (the password step sets none;
 * the challenge steps set RFC 8176 values such as ["pwd", "otp", "mfa"]). RFC 8176 §2: "mfa" = multiple-factor
 * authentication.
 */
function levelOf(amr: readonly string[] | undefined): Level {
  return amr?.includes("mfa") ? 2 : 1;
}

function levelOfAcr(acr: string, config: AcrConfig): Level | undefined {
  if (acr === config.password) return 1;
  if (acr === config.mfa) return 2;
  return undefined;
}

/** The acr values this server can assert, weakest first (discovery's acr_values_supported). */
export function supportedAcrs(config: AcrConfig): string[] {
  return [config.password, config.mfa];
}

/** The acr a sign-in with these authentication methods met: the single place amr becomes acr. */
export function acrOfAmr(amr: readonly string[] | undefined, config: AcrConfig): string {
  return levelOf(amr) === 2 ? config.mfa : config.password;
}

/**
 * The requested acr (in the client's order of preference) this sign-in satisfies, if any. Values we never
 * assert satisfy nothing.
 */
export function satisfiedAcr(amr: readonly string[] | undefined, requested: readonly string[] | undefined, config: AcrConfig): string | undefined {
  const reached = levelOf(amr);
  return requested?.find((acr) => {
    const level = levelOfAcr(acr, config);
    return level !== undefined && level <= reached;
  });
}

/** Whether any requested acr could be met by some sign-in this server offers. */
export function attainable(requested: readonly string[] | undefined, config: AcrConfig): boolean {
  return (requested ?? []).some((acr) => levelOfAcr(acr, config) !== undefined);
}

/**
 * The acr reported to Authlete for the ID token: a requested value the sign-in satisfies, else what it actually
 * met (OIDC Core §3.1.2.1: acr_values is voluntary unless essential, and the `acr` claim says what was met).
 */
export function reportedAcr(amr: readonly string[] | undefined, requested: readonly string[] | undefined, config: AcrConfig): string {
  return satisfiedAcr(amr, requested, config) ?? acrOfAmr(amr, config);
}
