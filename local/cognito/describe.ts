// DescribeUserPool and DescribeUserPoolClient: the configuration from seed.ts in Cognito's shapes.

import { type Ctx, epochSeconds } from "./context";
import { CLIENT_ID_RULE, Input, type Json, POOL_ID_RULE } from "./validate";

export async function describeUserPool(ctx: Ctx, body: Json): Promise<Json> {
  const v = new Input(body);
  const poolId = v.req("UserPoolId", POOL_ID_RULE);
  v.done();
  const pool = ctx.store.pool(poolId);
  const account = pool.accountId;
  const userPool: Json = {
    Id: pool.id,
    Name: pool.name,
    Arn: `arn:aws:cognito-idp:${pool.region}:${account}:userpool/${pool.id}`,
    CreationDate: epochSeconds(pool.createdAt),
    LastModifiedDate: epochSeconds(pool.createdAt),
    Policies: {
      PasswordPolicy: { ...pool.passwordPolicy },
      SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD"] },
    },
    DeletionProtection: "INACTIVE",
    LambdaConfig: {},
    SchemaAttributes: pool.schema,
    AutoVerifiedAttributes: pool.autoVerifiedAttributes,
    ...(pool.usernameAttributes.length ? { UsernameAttributes: pool.usernameAttributes } : {}),
    UsernameConfiguration: { CaseSensitive: pool.caseSensitive },
    VerificationMessageTemplate: { DefaultEmailOption: "CONFIRM_WITH_CODE" },
    UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: [] },
    MfaConfiguration: pool.mfaConfiguration,
    EstimatedNumberOfUsers: Object.keys(ctx.store.users(pool.id)).length,
    EmailConfiguration: pool.enabledMfas.includes("EMAIL_OTP")
      ? {
          EmailSendingAccount: "DEVELOPER",
          SourceArn: `arn:aws:ses:${pool.region}:${account}:identity/example.com`,
          From: "no-reply@example.com",
        }
      : { EmailSendingAccount: "COGNITO_DEFAULT" },
    ...(pool.enabledMfas.includes("SMS_MFA")
      ? {
          SmsConfiguration: {
            SnsCallerArn: `arn:aws:iam::${account}:role/local-cognito-sms`,
            ExternalId: "local-cognito",
            SnsRegion: pool.region,
          },
        }
      : {}),
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: pool.passwordPolicy.TemporaryPasswordValidityDays },
    AccountRecoverySetting: { RecoveryMechanisms: pool.accountRecovery.map((Name, i) => ({ Priority: i + 1, Name })) },
    UserPoolTier: pool.tier,
  };
  return { UserPool: userPool };
}

export async function describeUserPoolClient(ctx: Ctx, body: Json): Promise<Json> {
  const v = new Input(body);
  const poolId = v.req("UserPoolId", POOL_ID_RULE);
  const clientId = v.req("ClientId", CLIENT_ID_RULE);
  v.done();
  const pool = ctx.store.pool(poolId);
  const c = ctx.store.client(pool, clientId);
  return {
    UserPoolClient: {
      UserPoolId: c.userPoolId,
      ClientName: c.clientName,
      ClientId: c.clientId,
      ...(c.clientSecret ? { ClientSecret: c.clientSecret } : {}),
      LastModifiedDate: epochSeconds(c.createdAt),
      CreationDate: epochSeconds(c.createdAt),
      RefreshTokenValidity: c.refreshTokenValidity,
      AccessTokenValidity: c.accessTokenValidity,
      IdTokenValidity: c.idTokenValidity,
      TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
      ExplicitAuthFlows: c.explicitAuthFlows,
      SupportedIdentityProviders: ["COGNITO"],
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: c.preventUserExistenceErrors,
      EnableTokenRevocation: true,
      EnablePropagateAdditionalUserContextData: false,
      AuthSessionValidity: c.authSessionValidity,
    },
  };
}
