// Every API path of Authlete's OpenAPI documents (3.0.16 for the V3 generation, 2.3.12 for V2) and what
// answers it: the modelled APIs, the management APIs (management.ts), the granted scopes (grants.ts) and the
// APIs of features the demo service has disabled (disabled.ts). routes.test.ts walks both documents and
// checks that no documented path and method is missing here.
import type { Generation, Handler, HttpMethod } from "./context";
import { authorization, authorizationFail, authorizationIssue, pushedAuthReq, ticketInfo, ticketUpdate } from "./authorization";
import { revocation, token, tokenFail, tokenIssue } from "./token";
import { tokenRevoke } from "./token-revoke";
import { introspection, standardIntrospection, userinfo, userinfoIssue } from "./resource";
import { clientGet, configuration, jwks } from "./discovery";
import { grantedScopesDelete, grantedScopesGet } from "./grants";
import {
  clientAuthorizationDelete,
  clientAuthorizationList,
  clientList,
  denied,
  echo,
  healthcheck,
  info,
  requestableScopesDelete,
  requestableScopesGet,
  serviceGet,
  serviceOwnerOnly,
  serviceUpdate,
} from "./management";
import {
  backchannelAuthenticationDisabled,
  backchannelCompleteDisabled,
  backchannelFailDisabled,
  backchannelIssueDisabled,
  deviceAuthorizationDisabled,
  deviceCompleteDisabled,
  deviceVerificationDisabled,
  federationDisabled,
  grantManagementDisabled,
  hskUnavailable,
  idTokenReissueDisabled,
  nativeSsoDisabled,
  nativeSsoLogoutDisabled,
  registrationDisabled,
  vciForbidden,
  vciForbiddenWithContent,
  vciNotFound,
} from "./disabled";

export interface Route {
  /**
   * Below the generation prefix (`/api/{serviceId}` for V3, `/api` for V2), with `{name}` segments; for `root`
   * routes, below `/api` in both generations.
   */
  path: string;
  methods: Partial<Record<HttpMethod, Handler>>;
  /** The generations whose document has the path (default: both). */
  gens?: Generation[];
  /**
   * Outside any service (`/api/info`, `/api/service/get/list`, …): the same path in both generations, which
   * the credentials tell apart (Bearer → V3, Basic → V2).
   */
  root?: boolean;
  /** No credentials needed (the 3.0.16 document gives these operations `security: []`). */
  open?: boolean;
  /**
   * The request must carry a body: the live /federation/configuration refuses a call without one although
   * the document marks the body optional (typescript-oauth-server ca38d83 `src/routes/federation.ts`: "The live
   * API rejects a missing body even though the SDK types it optional").
   */
  bodyRequired?: boolean;
}

/** One handler per generation, for the APIs outside any service whose meaning differs between them. */
function byGeneration(v3: Handler, v2: Handler): Handler {
  return (ctx, body, args) => (ctx.gen === "v3" ? v3 : v2)(ctx, body, args);
}

const V3: Generation[] = ["v3"];
const V2: Generation[] = ["v2"];

export const ROUTES: Route[] = [
  // --- modelled protocol APIs ---------------------------------------------------------------------------
  // Discovery is documented as GET; authlete-python calls it with POST `{pretty, patch}` (reference §3.13).
  { path: "/service/configuration", methods: { GET: configuration, POST: configuration } },
  { path: "/service/jwks/get", methods: { GET: jwks } },
  { path: "/auth/authorization", methods: { POST: authorization } },
  { path: "/auth/authorization/issue", methods: { POST: authorizationIssue } },
  { path: "/auth/authorization/fail", methods: { POST: authorizationFail } },
  { path: "/auth/authorization/ticket/info", methods: { POST: ticketInfo }, gens: V3 },
  { path: "/auth/authorization/ticket/update", methods: { POST: ticketUpdate }, gens: V3 },
  { path: "/auth/token", methods: { POST: token } },
  { path: "/auth/token/issue", methods: { POST: tokenIssue } },
  { path: "/auth/token/fail", methods: { POST: tokenFail } },
  { path: "/auth/userinfo", methods: { POST: userinfo } },
  { path: "/auth/userinfo/issue", methods: { POST: userinfoIssue } },
  { path: "/auth/introspection", methods: { POST: introspection } },
  { path: "/auth/introspection/standard", methods: { POST: standardIntrospection } },
  { path: "/auth/revocation", methods: { POST: revocation } },
  { path: "/pushed_auth_req", methods: { POST: pushedAuthReq } },

  // --- service management -------------------------------------------------------------------------------
  { path: "/service/get", methods: { GET: serviceGet }, gens: V3 },
  { path: "/service/update", methods: { POST: serviceUpdate }, gens: V3 },
  { path: "/service/delete", methods: { DELETE: denied("delete the service") }, gens: V3 },
  // Organisation APIs in 3.0, service-owner APIs in 2.x.
  { path: "/service/get/list", methods: { GET: byGeneration(denied("list the services of an organisation"), serviceOwnerOnly()) }, root: true },
  { path: "/service/create", methods: { POST: byGeneration(denied("create services"), serviceOwnerOnly()) }, root: true },
  // V2: service-owner APIs (HTTP Basic with the service owner's API key and secret).
  { path: "/service/get/{serviceApiKey}", methods: { GET: serviceOwnerOnly() }, gens: V2 },
  { path: "/service/update/{serviceApiKey}", methods: { POST: serviceOwnerOnly() }, gens: V2 },
  { path: "/service/delete/{serviceApiKey}", methods: { DELETE: serviceOwnerOnly() }, gens: V2 },

  // --- client management --------------------------------------------------------------------------------
  { path: "/client/get/{clientId}", methods: { GET: (ctx, _b, a) => clientGet(ctx, a.params.clientId ?? "") } },
  { path: "/client/get/list", methods: { GET: clientList } },
  { path: "/client/create", methods: { POST: denied("create clients") } },
  { path: "/client/update/{clientId}", methods: { POST: denied("update clients") } },
  { path: "/client/delete/{clientId}", methods: { DELETE: denied("delete clients") } },
  { path: "/client/lock_flag/update/{clientIdentifier}", methods: { POST: denied("lock or unlock clients") } },
  { path: "/client/secret/refresh/{clientIdentifier}", methods: { GET: denied("refresh client secrets") } },
  { path: "/client/secret/update/{clientIdentifier}", methods: { POST: denied("update client secrets") } },
  { path: "/client/authorization/get/list", methods: { GET: clientAuthorizationList, POST: clientAuthorizationList } },
  { path: "/client/authorization/get/list/{subject}", methods: { GET: clientAuthorizationList }, gens: V3 },
  { path: "/client/authorization/update/{clientId}", methods: { POST: denied("change the scopes of issued tokens") } },
  { path: "/client/authorization/delete/{clientId}", methods: { DELETE: clientAuthorizationDelete, POST: clientAuthorizationDelete } },
  { path: "/client/authorization/delete/{clientId}/{subject}", methods: { DELETE: clientAuthorizationDelete }, gens: V3 },
  // POST on …/get is documented (3.0.16); POST on …/delete is what authlete-java-common and authlete-python
  // send (grants.ts), although only DELETE is documented.
  { path: "/client/granted_scopes/get/{clientId}", methods: { GET: grantedScopesGet, POST: grantedScopesGet } },
  { path: "/client/granted_scopes/get/{clientId}/{subject}", methods: { GET: grantedScopesGet }, gens: V3 },
  { path: "/client/granted_scopes/delete/{clientId}", methods: { DELETE: grantedScopesDelete, POST: grantedScopesDelete } },
  { path: "/client/granted_scopes/delete/{clientId}/{subject}", methods: { DELETE: grantedScopesDelete }, gens: V3 },
  { path: "/client/extension/requestable_scopes/get/{clientId}", methods: { GET: requestableScopesGet } },
  {
    path: "/client/extension/requestable_scopes/update/{clientId}",
    methods: { POST: denied("change requestable scopes"), PUT: denied("change requestable scopes") },
  },
  { path: "/client/extension/requestable_scopes/delete/{clientId}", methods: { DELETE: requestableScopesDelete } },

  // --- token management ---------------------------------------------------------------------------------
  { path: "/auth/token/get/list", methods: { GET: denied("list tokens") } },
  { path: "/auth/token/create", methods: { POST: denied("create tokens") } },
  { path: "/auth/token/create/batch", methods: { POST: denied("create tokens") }, gens: V3 },
  { path: "/auth/token/create/batch/status/{tokenBatchRequestId}", methods: { GET: denied("create tokens") }, gens: V3 },
  { path: "/auth/token/update", methods: { POST: denied("update tokens") } },
  { path: "/auth/token/delete/{accessTokenIdentifier}", methods: { DELETE: denied("delete tokens") } },
  // Modelled: the app revokes a disabled or deleted user's tokens with it (token-revoke.ts).
  { path: "/auth/token/revoke", methods: { POST: tokenRevoke } },
  { path: "/jose/verify", methods: { POST: denied("verify JOSE objects") } },

  // --- disabled features --------------------------------------------------------------------------------
  { path: "/federation/configuration", methods: { POST: federationDisabled }, bodyRequired: true },
  { path: "/federation/registration", methods: { POST: federationDisabled } },
  { path: "/client/registration", methods: { POST: registrationDisabled } },
  { path: "/client/registration/get", methods: { POST: registrationDisabled } },
  { path: "/client/registration/update", methods: { POST: registrationDisabled } },
  { path: "/client/registration/delete", methods: { POST: registrationDisabled } },
  { path: "/device/authorization", methods: { POST: deviceAuthorizationDisabled } },
  { path: "/device/verification", methods: { POST: deviceVerificationDisabled } },
  { path: "/device/complete", methods: { POST: deviceCompleteDisabled } },
  { path: "/backchannel/authentication", methods: { POST: backchannelAuthenticationDisabled } },
  { path: "/backchannel/authentication/issue", methods: { POST: backchannelIssueDisabled } },
  { path: "/backchannel/authentication/fail", methods: { POST: backchannelFailDisabled } },
  { path: "/backchannel/authentication/complete", methods: { POST: backchannelCompleteDisabled } },
  { path: "/gm", methods: { POST: grantManagementDisabled } },
  { path: "/idtoken/reissue", methods: { POST: idTokenReissueDisabled } },
  { path: "/nativesso", methods: { POST: nativeSsoDisabled }, gens: V3 },
  { path: "/nativesso/logout", methods: { POST: nativeSsoLogoutDisabled }, gens: V3 },
  { path: "/vci/metadata", methods: { POST: vciNotFound }, gens: V3 },
  { path: "/vci/jwtissuer", methods: { POST: vciNotFound }, gens: V3 },
  { path: "/vci/jwks", methods: { POST: vciNotFound }, gens: V3 },
  { path: "/vci/offer/create", methods: { POST: vciForbidden }, gens: V3 },
  { path: "/vci/offer/info", methods: { POST: vciForbidden }, gens: V3 },
  { path: "/vci/single/parse", methods: { POST: vciForbiddenWithContent }, gens: V3 },
  { path: "/vci/single/issue", methods: { POST: vciForbiddenWithContent }, gens: V3 },
  { path: "/vci/batch/parse", methods: { POST: vciForbiddenWithContent }, gens: V3 },
  { path: "/vci/batch/issue", methods: { POST: vciForbiddenWithContent }, gens: V3 },
  { path: "/vci/deferred/parse", methods: { POST: vciForbiddenWithContent }, gens: V3 },
  { path: "/vci/deferred/issue", methods: { POST: vciForbiddenWithContent }, gens: V3 },
  { path: "/hsk/create", methods: { POST: hskUnavailable } },
  { path: "/hsk/delete/{handle}", methods: { DELETE: hskUnavailable } },
  { path: "/hsk/get/{handle}", methods: { GET: hskUnavailable } },
  { path: "/hsk/get/list", methods: { GET: hskUnavailable } },

  // --- the server itself --------------------------------------------------------------------------------
  { path: "/info", methods: { GET: info }, root: true, open: true },
  { path: "/misc/echo", methods: { GET: echo }, root: true },
  { path: "/lifecycle/healthcheck", methods: { GET: healthcheck }, root: true, open: true, gens: V3 },
];

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
  /** The API path for messages: the route's path up to its first parameter ("/client/get"). */
  apiPath: string;
}

function literalPrefix(path: string): string {
  const i = path.indexOf("/{");
  return i < 0 ? path : path.slice(0, i);
}

/** Each route's path split into segments, and what it reports as its API path, computed once. */
const shapes = new Map<Route, { parts: string[]; apiPath: string }>();
function shapeOf(route: Route): { parts: string[]; apiPath: string } {
  let shape = shapes.get(route);
  if (!shape) {
    shape = { parts: route.path.split("/").slice(1), apiPath: literalPrefix(route.path) };
    shapes.set(route, shape);
  }
  return shape;
}

/**
 * The route for `rest` (the path below the prefix, split into segments) among `routes`: literal segments must
 * be equal, `{name}` segments take any non-empty segment. Where several match, the one with the most literal
 * segments wins (`/client/get/list` over `/client/get/{clientId}`).
 */
export function matchRoute(routes: readonly Route[], segments: readonly string[]): RouteMatch | undefined {
  let best: { m: RouteMatch; literals: number } | undefined;
  for (const route of routes) {
    const { parts, apiPath } = shapeOf(route);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const p = parts[i] as string;
      const s = segments[i] as string;
      if (p.startsWith("{") && p.endsWith("}")) {
        if (s === "") ok = false;
        else {
          try {
            params[p.slice(1, -1)] = decodeURIComponent(s);
          } catch {
            ok = false;
          }
        }
      } else if (p === s) literals++;
      else ok = false;
    }
    if (ok && (!best || literals > best.literals)) best = { m: { route, params, apiPath }, literals };
  }
  return best?.m;
}

const servedBy = (root: boolean, gen: Generation) => ROUTES.filter((r) => !!r.root === root && (r.gens ?? [gen]).includes(gen));

/**
 * The routes a request can reach, by where it points and its API generation: below the root (`/api/<api>`,
 * service-owner and organisation APIs) or below a service (`/api/<serviceId>/<api>` in 3.0, `/api/<api>` in 2.x).
 * Computed once: every request looks them up.
 */
export const ROUTES_BY_PLACE: Readonly<Record<"root" | "service", Readonly<Record<Generation, readonly Route[]>>>> = {
  root: { v2: servedBy(true, "v2"), v3: servedBy(true, "v3") },
  service: { v2: servedBy(false, "v2"), v3: servedBy(false, "v3") },
};

/** First path segments of the V2 APIs; any other first segment after /api/ is a V3 service ID. */
export const V2_ROOTS = new Set(ROUTES_BY_PLACE.service.v2.map((r) => shapeOf(r).parts[0] as string));
