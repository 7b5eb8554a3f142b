// Every path and method of Authlete's OpenAPI documents (3.0.16 for V3, 2.3.12 for V2), generated from the
// documents themselves: each answers — never a bare 404 — with a status the document lists for the operation,
// and a body valid against the document (closed world: no undocumented member, no null). The APIs of
// features the demo service has disabled answer as Authlete does then (disabled.ts); that table is checked
// here too. Issue 9 item 4.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { getValidator, type Generation, type SpecParameter } from "./openapi-validator";
import { ROUTES } from "./routes";
import { Api, startLocal, stopLocal, type ApiResponse, type Target } from "./test-support";

/** Values for path parameters: the demo service and client, a made-up user; unknown handles elsewhere. */
const PATH_VALUES: Record<string, string> = {
  serviceId: "1000",
  serviceApiKey: "1000",
  clientId: "2000000001",
  clientIdentifier: "demo-client",
  subject: "walk-user",
};

function requiredQuery(params: SpecParameter[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of params ?? []) {
    if (p.in !== "query" || !p.required) continue;
    out[p.name] = p.name === "subject" ? "walk-user" : p.type === "boolean" ? "true" : p.type === "integer" ? "0" : "x";
  }
  return out;
}

/** The path below the generation prefix ("/auth/token"), or the full path for APIs outside any service. */
function apiPathOf(gen: Generation, specPath: string): string {
  const concrete = specPath.replace(/\{([^}]+)\}/g, (_m, name: string) => PATH_VALUES[name] ?? `no-such-${name}`);
  if (gen === "v3") return specPath.startsWith("/api/{serviceId}/") ? concrete.slice("/api/1000".length) : concrete;
  const below = concrete.slice("/api".length);
  return ROOT_PATHS.has(below) ? concrete : below;
}

/** The APIs outside any service ("/info"): the same path in both generations. */
const ROOT_PATHS = new Set(ROUTES.filter((r) => r.root).map((r) => r.path));

/**
 * What the disabled features answer (disabled.ts), for the call the walk makes: an empty JSON body, or the
 * query above. `action` for 200 answers; a status for the others.
 */
const DISABLED: Record<string, { action?: string; status?: number }> = {
  "POST /federation/configuration": { action: "NOT_FOUND" },
  "POST /federation/registration": { action: "NOT_FOUND" },
  "POST /client/registration": { action: "BAD_REQUEST" },
  "POST /client/registration/get": { action: "BAD_REQUEST" },
  "POST /client/registration/update": { action: "BAD_REQUEST" },
  "POST /client/registration/delete": { action: "BAD_REQUEST" },
  "POST /device/authorization": { action: "BAD_REQUEST" },
  "POST /device/verification": { action: "NOT_EXIST" },
  "POST /device/complete": { action: "INVALID_REQUEST" },
  "POST /backchannel/authentication": { action: "BAD_REQUEST" },
  "POST /backchannel/authentication/issue": { action: "INVALID_TICKET" },
  "POST /backchannel/authentication/fail": { action: "INTERNAL_SERVER_ERROR" },
  "POST /backchannel/authentication/complete": { action: "SERVER_ERROR" },
  "POST /gm": { action: "CALLER_ERROR" },
  "POST /idtoken/reissue": { action: "CALLER_ERROR" },
  "POST /nativesso": { action: "CALLER_ERROR" },
  "POST /nativesso/logout": { action: "CALLER_ERROR" },
  "POST /vci/metadata": { action: "NOT_FOUND" },
  "POST /vci/jwtissuer": { action: "NOT_FOUND" },
  "POST /vci/jwks": { action: "NOT_FOUND" },
  "POST /vci/offer/create": { action: "FORBIDDEN" },
  "POST /vci/offer/info": { action: "FORBIDDEN" },
  "POST /vci/single/parse": { action: "FORBIDDEN" },
  "POST /vci/single/issue": { action: "FORBIDDEN" },
  "POST /vci/batch/parse": { action: "FORBIDDEN" },
  "POST /vci/batch/issue": { action: "FORBIDDEN" },
  "POST /vci/deferred/parse": { action: "FORBIDDEN" },
  "POST /vci/deferred/issue": { action: "FORBIDDEN" },
  "POST /hsk/create": { status: 403 },
  "DELETE /hsk/delete/no-such-handle": { status: 403 },
  "GET /hsk/get/no-such-handle": { status: 403 },
  "GET /hsk/get/list": { status: 403 },
};

/**
 * Methods the stand-in answers beyond the documents: what Authlete's own clients send. authlete-python
 * (8f90637 `authlete/api/authlete_api_impl.py`) POSTs discovery, granted_scopes/get and /delete,
 * client/authorization/get/list and /delete, requestable_scopes/update in both generations; authlete-java-common POSTs
 * granted_scopes/delete (grants.ts).
 */
const UNDOCUMENTED_METHODS = new Set([
  "POST /service/configuration",
  "POST /client/granted_scopes/get/{clientId}",
  "POST /client/granted_scopes/delete/{clientId}",
  "POST /client/authorization/get/list",
  "POST /client/authorization/delete/{clientId}",
  // setRequestableScopes: POST where 2.3.12 documents PUT.
  "POST /client/extension/requestable_scopes/update/{clientId}",
]);

for (const gen of ["v3", "v2"] as const) {
  const doc = gen === "v3" ? "3.0.16" : "2.3.12";
  describe(`Every path of the ${doc} document (${gen.toUpperCase()})`, () => {
    let target: Target | undefined;
    before(async () => {
      target = await startLocal();
    });
    after(async () => {
      await stopLocal(target);
    });
    const ops = getValidator(true).operations(gen);

    test(`all ${ops.length} operations answer with a documented status and a schema-valid body, never a bare 404`, async () => {
      const t = target as Target;
      const seen: string[] = [];
      for (const { path, method, op } of ops) {
        const api = new Api(t, gen);
        const apiPath = apiPathOf(gen, path);
        const m = method.toUpperCase() as "GET" | "POST" | "PUT" | "DELETE";
        const query = requiredQuery(op.parameters);
        // `subject` is the one member several management APIs require (their POST variants document 200 only).
        const body = m === "POST" || m === "PUT" ? { subject: "walk-user" } : undefined;
        const label = `${m} ${path}`;
        let r: ApiResponse;
        try {
          r = await api.call(m, apiPath, body, { query: Object.keys(query).length ? query : undefined, authorization: op.open ? null : undefined });
        } catch (e) {
          throw new Error(`${label}: ${(e as Error).message}`);
        }
        assert.notEqual(r.status, 404, `${label}: ${r.text.slice(0, 200)}`);
        assert.ok(Object.keys(op.responses ?? {}).includes(String(r.status)), `${label}: ${r.status} is not a documented status (${Object.keys(op.responses ?? {}).join(", ")})`);
        const expected = DISABLED[`${m} ${apiPath}`];
        if (expected?.action) assert.equal(r.body.action, expected.action, `${label}: ${r.body.resultMessage}`);
        if (expected?.status) assert.equal(r.status, expected.status, label);
        seen.push(label);
      }
      assert.equal(seen.length, ops.length);
    });

    test("the route table invents no path: every route of this generation is in the document", () => {
      const documented = new Set(ops.map((o) => `${o.method.toUpperCase()} ${o.path}`));
      for (const r of ROUTES) {
        if (!(r.gens ?? ["v2", "v3"]).includes(gen)) continue;
        if (gen === "v2" && r.path === "/lifecycle/healthcheck") continue;
        const full = r.root ? `/api${r.path}` : gen === "v3" ? `/api/{serviceId}${r.path}` : `/api${r.path}`;
        for (const m of Object.keys(r.methods)) {
          const key = `${m} ${full}`;
          if (UNDOCUMENTED_METHODS.has(`${m} ${r.path}`)) continue;
          assert.ok(documented.has(key), `${key} is not in the ${doc} document`);
        }
      }
    });
  });
}
