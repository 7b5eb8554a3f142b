// Pushed authorization requests (RFC 9126) and the two parameters Authlete does not hand back.
//
// The interaction policy needs `max_age` as sent (Authlete reports maxAge 0 both for max_age=0 and for none) and
// the `id_token_hint` (Authlete's authorization response has no field for it). Without PAR they are read from the
// request itself (interaction.ts, rawRequestParameters). With PAR the browser brings only `client_id` and a
// `request_uri`, and Authlete keeps the pushed parameters to itself. So the PAR endpoint reads them from what the
// client pushed and seals them, with Authlete's request_uri, into the request_uri it returns:
//
//   urn:ietf:params:oauth:request_uri:as.<iron seal of { u: Authlete's request_uri, m: max_age, h: id_token_hint }>
//
// A request_uri is opaque to the client (RFC 9126 §2.2), so this is invisible to it; the authorization endpoint
// unseals it and hands Authlete its own value. Every PAR request_uri this server issues is sealed, so one that is
// not (or whose seal does not open) was not issued here and is refused: nothing a browser can do to the URL lets a
// pushed request lose its max_age or its hint. The seal lives as long as Authlete's pushed request, and iron's
// minute of clock-skew allowance makes it open a little longer, so an expired request reads as Authlete says. No
// server-side state: any instance that shares SESSION_SECRET can unseal.
import { sealData, unsealData } from "iron-session";
import { decodeJwt } from "jose";
import { rawRequestParameters, type RawRequestParameters } from "./interaction";

/** RFC 9126 §2.2: the URN prefix of a pushed request's request_uri. */
export const PAR_URN_PREFIX = "urn:ietf:params:oauth:request_uri:";
/** What follows the prefix in a request_uri this server sealed. */
const SEALED_MARK = "as.";
/** The longest life we give a seal, whatever Authlete says (its pushed requests live a minute or so by default). */
const MAX_SEAL_TTL_SECONDS = 86_400;

interface Sealed {
  u?: string;
  m?: number;
  h?: string;
}

/**
 * What the pushed request says that the authorization response will not tell: `max_age` and `id_token_hint`, from
 * the form and from a signed request object (`request`, whose members win, OIDC Core §6.3.3; Authlete has already
 * verified its signature when the push succeeded). An encrypted request object cannot be read here; Authlete hands
 * its payload back at the authorization endpoint, which reads it there.
 */
export function pushedRawParameters(body: string): RawRequestParameters {
  let payload: string | undefined;
  try {
    const request = new URLSearchParams(body).get("request");
    if (request && request.split(".").length === 3) payload = JSON.stringify(decodeJwt(request));
  } catch {
    // not a readable JWT: the form's own parameters are all there is
  }
  return rawRequestParameters(body, payload);
}

/** The request_uri to give the client: Authlete's, sealed with what `raw` says, for `expiresIn` seconds. */
export async function sealRequestUri(requestUri: string, raw: RawRequestParameters, expiresIn: number, password: string): Promise<string> {
  const data: Sealed = { u: requestUri };
  if (raw.maxAge !== undefined) data.m = raw.maxAge;
  if (raw.idTokenHint) data.h = raw.idTokenHint;
  const ttl = Math.min(Math.max(1, Math.floor(expiresIn)), MAX_SEAL_TTL_SECONDS);
  return `${PAR_URN_PREFIX}${SEALED_MARK}${await sealData(data, { password, ttl })}`;
}

export type OpenedRequest =
  /** No PAR request_uri: the parameters go to Authlete as they are. */
  | { kind: "plain" }
  /** A request_uri we sealed: `parameters` carry Authlete's own request_uri instead, `raw` what the push said. */
  | { kind: "pushed"; parameters: string; raw: RawRequestParameters }
  /** A PAR request_uri we did not seal: not issued here (or altered on the way). */
  | { kind: "foreign" }
  /** Sealed here, but the seal does not open: expired, or altered. */
  | { kind: "expired" };

/** Opens the request_uri of an authorization request's parameters (query string or form body). */
export async function openRequestUri(parameters: string, password: string): Promise<OpenedRequest> {
  const query = new URLSearchParams(parameters);
  const all = query.getAll("request_uri");
  // Repeated, it is Authlete's to refuse (a duplicated critical parameter): pass the request on untouched.
  if (all.length !== 1) return { kind: "plain" };
  const requestUri = all[0] as string;
  if (!requestUri.startsWith(PAR_URN_PREFIX)) return { kind: "plain" };
  const rest = requestUri.slice(PAR_URN_PREFIX.length);
  if (!rest.startsWith(SEALED_MARK)) return { kind: "foreign" };
  let data: Sealed;
  try {
    data = await unsealData<Sealed>(rest.slice(SEALED_MARK.length), { password, ttl: MAX_SEAL_TTL_SECONDS });
  } catch {
    return { kind: "expired" };
  }
  if (typeof data.u !== "string" || !data.u.startsWith(PAR_URN_PREFIX)) return { kind: "expired" };
  query.set("request_uri", data.u);
  const raw: RawRequestParameters = {};
  if (typeof data.m === "number" && Number.isInteger(data.m) && data.m >= 0) raw.maxAge = data.m;
  if (typeof data.h === "string" && data.h !== "") raw.idTokenHint = data.h;
  return { kind: "pushed", parameters: query.toString(), raw };
}

/**
 * Authlete's CREATED response content (`{"expires_in":…,"request_uri":…}`, RFC 9126 §2.2) with the request_uri
 * sealed as above. `body`: the pushed form. Authlete always sends both members; without them there is nothing we
 * could give the client, so that is an error (a 500 from the endpoint, logged).
 */
export async function sealPushedResponse(responseContent: string | undefined, body: string, password: string): Promise<string> {
  const created = JSON.parse(responseContent ?? "") as { request_uri?: unknown; expires_in?: unknown };
  if (typeof created.request_uri !== "string" || !created.request_uri.startsWith(PAR_URN_PREFIX) || typeof created.expires_in !== "number") {
    throw new Error("Authlete's pushed_auth_req answered CREATED without a request_uri and expires_in");
  }
  return JSON.stringify({ ...created, request_uri: await sealRequestUri(created.request_uri, pushedRawParameters(body), created.expires_in, password) });
}
