import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { attributeListToRecord, attributesToClaims, selectClaims } from "./claims";

describe("attributesToClaims (reference/cognito.md §3.5)", () => {
  it("maps AdminGetUser string attributes to typed OIDC claims", () => {
    const claims = attributesToClaims(
      attributeListToRecord([
        { Name: "sub", Value: "0b6c3c1e-1111-4a7a-9a8e-000000000001" },
        { Name: "email", Value: "demo@example.com" },
        { Name: "email_verified", Value: "true" },
        { Name: "phone_number", Value: "+15555550100" },
        { Name: "phone_number_verified", Value: "false" },
        { Name: "given_name", Value: "Demo" },
        { Name: "address", Value: '{"street_address":"1 Main St","locality":"Springfield","country":"US","bogus":7}' },
        { Name: "updated_at", Value: "1700000000" },
        { Name: "custom:tenant", Value: "acme" },
        { Name: "dev:secret", Value: "x" },
        { Name: "nickname", Value: "" },
      ]),
    );
    assert.deepEqual(claims, {
      sub: "0b6c3c1e-1111-4a7a-9a8e-000000000001",
      email: "demo@example.com",
      email_verified: true,
      phone_number: "+15555550100",
      phone_number_verified: false,
      given_name: "Demo",
      address: { street_address: "1 Main St", locality: "Springfield", country: "US" },
      updated_at: 1700000000,
    });
  });

  it("accepts the typed values of a Cognito ID token", () => {
    const claims = attributesToClaims({ sub: "s", email_verified: true, address: { formatted: "1 Main St" }, updated_at: 1700000001, "cognito:username": "u" });
    assert.deepEqual(claims, { sub: "s", email_verified: true, address: { formatted: "1 Main St" }, updated_at: 1700000001 });
  });

  it("unwraps Cognito's ID-token address {formatted: <stored JSON>}", () => {
    const wrapped = { formatted: '{"street_address":"1 Main St","country":"US"}' };
    assert.deepEqual(attributesToClaims({ address: wrapped }).address, { street_address: "1 Main St", country: "US" });
    assert.deepEqual(attributesToClaims({ address: { formatted: "1 Main St" } }).address, { formatted: "1 Main St" });
  });

  it("turns a free-text address into {formatted} and drops unusable values", () => {
    assert.deepEqual(attributesToClaims({ address: "1 Main St, Springfield" }).address, { formatted: "1 Main St, Springfield" });
    assert.deepEqual(attributesToClaims({ address: "[1,2]" }).address, { formatted: "[1,2]" });
    const c = attributesToClaims({ updated_at: "yesterday", email_verified: "yes", address: "" });
    assert.deepEqual(c, {});
  });
});

describe("selectClaims", () => {
  const claims = { sub: "s", email: "e@example.com", email_verified: true, name: "N" };
  it("returns only requested names, without sub or language-tagged names", () => {
    assert.deepEqual(selectClaims(claims, ["email", "email_verified", "sub", "name#ja", "phone_number"]), { email: "e@example.com", email_verified: true });
  });
  it("returns undefined when nothing applies", () => {
    assert.equal(selectClaims(claims, undefined), undefined);
    assert.equal(selectClaims(claims, []), undefined);
    assert.equal(selectClaims(claims, ["phone_number"]), undefined);
  });
});
