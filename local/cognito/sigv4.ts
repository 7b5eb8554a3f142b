// AWS Signature Version 4, as the stand-in checks it on the IAM-authorised (admin) operations.
//
// The algorithm follows the IAM User Guide, "Create a signed AWS API request"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html) and "Elements of an AWS API
// request signature" (reference_sigv-signing-elements.html): canonical request → string to sign → HMAC chain
// "AWS4"+secret → date → region → service → "aws4_request". The date rules come from "Handling dates in
// Signature Version 4" (https://docs.aws.amazon.com/general/latest/gr/sigv4-date-handling.html): X-Amz-Date
// first, else Date; the credential scope's date must be the request's date. "Signing AWS API requests"
// (reference_aws-signing.html) says a request must reach AWS within five minutes of its time stamp.
//
// The error names, HTTP 400 and messages are the ones real Cognito answers (observed: aws-sdk-js#1985 and
// laravel-aws-cognito-auth#18 for a bad signature on AdminInitiateAuth, laravel-aws-cognito-auth#25,
// aws-sdk-php#2444 and pmill/aws-cognito#16 for an unknown access key; the expiry wording from
// logspout-kinesis#21, botocore#149 and aws-sdk-php#1780). The order of the checks (shape, scope, date,
// access key, signature) is this stand-in's; AWS does not document it.
//
// The signing clock is the real one (Date.now), not the stand-in's test clock: the SDK signs with the wall
// clock (corrected by the server's Date header), and tests that move the stand-in's clock by days must not
// turn every request into an expired one.

import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { incompleteSignature, invalidSignature, missingAuthenticationToken, unrecognizedClient } from "./errors";

/** A key pair the stand-in accepts (documented in README.md; the launchers use `local`/`local`). */
export interface StandInCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** Only for temporary credentials: requests must then carry it as X-Amz-Security-Token. */
  sessionToken?: string;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const SERVICE = "cognito-idp";
/** "In most cases, a request must reach AWS within five minutes of the time stamp in the request." */
const MAX_SKEW_MS = 5 * 60 * 1000;
const BASIC_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export const BAD_SIGNATURE =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const UNKNOWN_TOKEN = "The security token included in the request is invalid.";

/** What a request claims about its signature, before anything is verified. */
export interface SignatureClaim {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  securityToken?: string;
  /** Query-string (pre-signed) authentication: X-Amz-Expires seconds, and X-Amz-Signature stays out of the canonical query. */
  presigned?: { expiresSeconds: number };
}

/** Header-safe, log-safe excerpt of a value taken from the request. */
function excerpt(text: string, max = 40): string {
  const s = text.replace(/[^\x20-\x7e]/g, "?");
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function toBasic(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function basicToMs(amzDate: string): number {
  const m = BASIC_DATE.exec(amzDate)!;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** The request's time stamp in ISO 8601 basic format: X-Amz-Date, else the Date header (sigv4-date-handling). */
function requestDate(amzDate: string | undefined, date: string | undefined): string | undefined {
  if (amzDate !== undefined) return amzDate;
  if (date === undefined) return undefined;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? date : toBasic(ms);
}

function checkScope(credential: string, amzDate: string, regions: ReadonlySet<string>): { accessKeyId: string; scopeDate: string; region: string } {
  const scope = credential.split("/");
  if (scope.length !== 5 || scope[4] !== "aws4_request")
    throw incompleteSignature("Credential should have exactly 5 slash-delimited elements.");
  const [accessKeyId, scopeDate, region, service] = scope as [string, string, string, string];
  if (!BASIC_DATE.test(amzDate))
    throw incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${excerpt(amzDate)}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  if (scopeDate !== amzDate.slice(0, 8))
    throw invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${excerpt(scopeDate, 8)}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  if (!regions.has(region)) throw invalidSignature(`Credential should be scoped to a valid region, not '${excerpt(region, 30)}'. `);
  if (service !== SERVICE) throw invalidSignature(`Credential should be scoped to correct service: '${SERVICE}'. `);
  return { accessKeyId, scopeDate, region };
}

/**
 * Reads the Authorization header (or the pre-signed query parameters) and checks its shape, scope and
 * date. Throws MissingAuthenticationTokenException, IncompleteSignatureException or
 * InvalidSignatureException; the signature itself is checked by `verifySignature` once the body is read.
 */
export function readSignatureClaim(req: IncomingMessage, regions: ReadonlySet<string>): SignatureClaim {
  const auth = req.headers.authorization;
  const query = new URL(req.url ?? "/", "http://local").searchParams;
  const headerDate = requestDate(str(req.headers["x-amz-date"]), str(req.headers.date));
  if (!auth) {
    if (query.get("X-Amz-Algorithm") !== ALGORITHM) throw missingAuthenticationToken();
    const missing = ["X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"].filter((p) => !query.get(p));
    if (missing.length)
      throw incompleteSignature(
        "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'. Re-examine the query-string parameters.",
      );
    const amzDate = query.get("X-Amz-Date")!;
    const expires = Number(query.get("X-Amz-Expires") ?? "900");
    const signedHeaders = query.get("X-Amz-SignedHeaders")!.split(";");
    requireHost(signedHeaders);
    return {
      ...checkScope(query.get("X-Amz-Credential")!, amzDate, regions),
      amzDate,
      signedHeaders,
      signature: query.get("X-Amz-Signature")!,
      securityToken: query.get("X-Amz-Security-Token") ?? undefined,
      presigned: { expiresSeconds: Number.isFinite(expires) ? expires : 0 },
    };
  }
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(auth);
  const fields = new Map<string, string>();
  for (const part of (m?.[1] ?? "").split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const problems: string[] = [];
  for (const f of ["Credential", "Signature", "SignedHeaders"])
    if (!fields.get(f)) problems.push(`Authorization header requires '${f}' parameter.`);
  if (headerDate === undefined) problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (problems.length) throw incompleteSignature(problems.join(" "));
  const signedHeaders = fields.get("SignedHeaders")!.split(";");
  requireHost(signedHeaders);
  return {
    ...checkScope(fields.get("Credential")!, headerDate!, regions),
    amzDate: headerDate!,
    signedHeaders,
    signature: fields.get("Signature")!,
    securityToken: str(req.headers["x-amz-security-token"]),
  };
}

function requireHost(signedHeaders: string[]): void {
  if (!signedHeaders.includes("host"))
    throw incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
}

function str(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(",") : v;
}

/**
 * Checks the time stamp against the wall clock, the access key (and session token) against the stand-in's
 * credentials, and the signature over the request as received. Throws InvalidSignatureException or
 * UnrecognizedClientException.
 */
export function verifySignature(
  claim: SignatureClaim,
  req: IncomingMessage,
  body: string,
  credentials: readonly StandInCredential[],
  nowMs: number,
): StandInCredential {
  const signedAt = basicToMs(claim.amzDate);
  if (claim.presigned) {
    if (signedAt + claim.presigned.expiresSeconds * 1000 < nowMs)
      throw invalidSignature(`Signature expired: ${claim.amzDate} is now earlier than ${toBasic(nowMs - claim.presigned.expiresSeconds * 1000)} (${toBasic(nowMs)} - ${claim.presigned.expiresSeconds} sec.)`);
  } else if (signedAt < nowMs - MAX_SKEW_MS) {
    throw invalidSignature(`Signature expired: ${claim.amzDate} is now earlier than ${toBasic(nowMs - MAX_SKEW_MS)} (${toBasic(nowMs)} - 5 min.)`);
  }
  if (signedAt > nowMs + MAX_SKEW_MS)
    throw invalidSignature(`Signature not yet current: ${claim.amzDate} is still later than ${toBasic(nowMs + MAX_SKEW_MS)} (${toBasic(nowMs)} + 5 min.)`);

  const credential = credentials.find((c) => c.accessKeyId === claim.accessKeyId);
  if (!credential || (credential.sessionToken ?? undefined) !== claim.securityToken) throw unrecognizedClient(UNKNOWN_TOKEN);

  const expected = signatureFor(credential.secretAccessKey, claim, receivedCanonicalRequest(req, claim, body));
  const given = Buffer.from(claim.signature, "utf8");
  const want = Buffer.from(expected, "utf8");
  if (given.length !== want.length || !timingSafeEqual(given, want)) throw invalidSignature(BAD_SIGNATURE);
  return credential;
}

// --- the algorithm (shared with the tests' raw-request signer)

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();

/** RFC 3986 unreserved characters stay, everything else is %XX (upper case), as SigV4 requires. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The path as sent, dot segments removed, each segment encoded once more (SigV4 for services other than S3). */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const seg of rawPath.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") segments.pop();
    else segments.push(uriEncode(seg));
  }
  if (segments.length === 0) return "/";
  return `/${segments.join("/")}${rawPath.endsWith("/") ? "/" : ""}`;
}

function canonicalQuery(rawQuery: string, omitSignature: boolean): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = decode(eq < 0 ? "" : part.slice(eq + 1));
    if (omitSignature && key === "X-Amz-Signature") continue;
    pairs.push([uriEncode(key), uriEncode(value)]);
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function canonicalHeaderValue(values: string[]): string {
  return values.map((v) => v.replace(/[\r\n]/g, " ").replace(/[ \t]+/g, " ").trim()).join(",");
}

/** What a canonical request is made of: the parts of a request as received, or of one being signed. */
interface RequestParts {
  method: string;
  /** The path and the query (without "?") as sent, not yet canonical. */
  path: string;
  query: string;
  /** Pre-signed requests: X-Amz-Signature is left out of the canonical query. */
  omitSignature: boolean;
  signedHeaders: readonly string[];
  /** A header's values (name in lower case). */
  headerValues: (name: string) => string[];
  body: string;
}

function canonicalRequest(r: RequestParts): string {
  return [
    r.method,
    canonicalPath(r.path),
    canonicalQuery(r.query, r.omitSignature),
    r.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(r.headerValues(name))}\n`).join(""),
    r.signedHeaders.join(";"),
    sha256Hex(Buffer.from(r.body, "utf8")),
  ].join("\n");
}

/** The canonical request of a request as received, over the headers its claim signs. */
function receivedCanonicalRequest(req: IncomingMessage, claim: SignatureClaim, body: string): string {
  const raw = req.url ?? "/";
  const q = raw.indexOf("?");
  return canonicalRequest({
    method: req.method ?? "POST",
    path: q < 0 ? raw : raw.slice(0, q),
    query: q < 0 ? "" : raw.slice(q + 1),
    omitSignature: claim.presigned !== undefined,
    signedHeaders: claim.signedHeaders,
    headerValues: (name) => req.headersDistinct[name] ?? [],
    body,
  });
}

function signatureFor(secret: string, claim: Pick<SignatureClaim, "amzDate" | "scopeDate" | "region">, canonical: string): string {
  const scope = `${claim.scopeDate}/${claim.region}/${SERVICE}/aws4_request`;
  const stringToSign = [ALGORITHM, claim.amzDate, scope, sha256Hex(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, claim.scopeDate), claim.region), SERVICE), "aws4_request");
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

/**
 * Signs a raw request the way an SDK would (for tests that must send what the SDK cannot: malformed bodies,
 * unknown targets). Returns the headers to add: host, x-amz-date and Authorization.
 */
export function signHeaders(opts: {
  url: string;
  body: string;
  headers: Record<string, string>;
  credential: StandInCredential;
  region: string;
  atMs?: number;
}): Record<string, string> {
  const u = new URL(opts.url);
  const amzDate = toBasic(opts.atMs ?? Date.now());
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers)) headers[k.toLowerCase()] = v;
  headers.host = u.host;
  headers["x-amz-date"] = amzDate;
  if (opts.credential.sessionToken) headers["x-amz-security-token"] = opts.credential.sessionToken;
  const signedHeaders = Object.keys(headers).sort();
  const canonical = canonicalRequest({
    method: "POST",
    path: u.pathname,
    query: u.search.slice(1),
    omitSignature: false,
    signedHeaders,
    headerValues: (name) => [headers[name]!],
    body: opts.body,
  });
  const claim = { amzDate, scopeDate: amzDate.slice(0, 8), region: opts.region };
  const signature = signatureFor(opts.credential.secretAccessKey, claim, canonical);
  const { host: _host, ...rest } = headers;
  return {
    ...rest,
    authorization: `${ALGORITHM} Credential=${opts.credential.accessKeyId}/${claim.scopeDate}/${opts.region}/${SERVICE}/aws4_request, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`,
  };
}
