// Errors exactly as Amazon Cognito (AWS JSON 1.1 over Coral) sends them: HTTP 400 (500 for
// InternalErrorException), a body `{"__type": "<Name>", "message": "…"}` and the headers
// `x-amzn-ErrorType: <Name>:` and `x-amzn-ErrorMessage: …` (observed on real Cognito responses).
// The AWS SDK reads `__type` first, so the SDK raises the modelled class (`e instanceof
// NotAuthorizedException`, `e.name === "NotAuthorizedException"`).

export class CognitoError extends Error {
  constructor(
    /** Exception name, e.g. "NotAuthorizedException". */
    readonly type: string,
    message: string,
    readonly status = 400,
    /** Coral-level errors are namespaced in `__type` ("com.amazon.coral.service#…"). */
    readonly namespace?: string,
  ) {
    super(message);
    this.name = type;
  }

  get wireType(): string {
    return this.namespace ? `${this.namespace}#${this.type}` : this.type;
  }
}

const CORAL = "com.amazon.coral.service";

// --- Cognito's modelled exceptions (the messages are the ones real Cognito uses; see reference/cognito.md 3.4)

export const notAuthorized = (message: string) => new CognitoError("NotAuthorizedException", message);
export const invalidParameter = (message: string) => new CognitoError("InvalidParameterException", message);
export const resourceNotFound = (message: string) => new CognitoError("ResourceNotFoundException", message);
export const userNotFound = () => new CognitoError("UserNotFoundException", "User does not exist.");
export const userNotConfirmed = () => new CognitoError("UserNotConfirmedException", "User is not confirmed.");
export const passwordResetRequired = () =>
  new CognitoError("PasswordResetRequiredException", "Password reset required for the user");
export const codeMismatch = (message: string) => new CognitoError("CodeMismatchException", message);
export const invalidPassword = (message: string) => new CognitoError("InvalidPasswordException", message);
export const usernameExists = (message: string) => new CognitoError("UsernameExistsException", message);
export const aliasExists = (message: string) => new CognitoError("AliasExistsException", message);
export const unsupportedUserState = (message: string) => new CognitoError("UnsupportedUserStateException", message);
export const unsupportedOperation = (message: string) => new CognitoError("UnsupportedOperationException", message);
export const internalError = () => new CognitoError("InternalErrorException", "Internal server error.", 500);

export const INCORRECT_CREDENTIALS = "Incorrect username or password.";
export const USER_DISABLED = "User is disabled.";
export const PASSWORD_ATTEMPTS_EXCEEDED = "Password attempts exceeded";
export const SESSION_EXPIRED = "Invalid session for the user, session is expired.";
export const SESSION_USED = "Invalid session for the user, session can only be used once.";
export const SESSION_INVALID = "Invalid session for the user.";

// --- Coral (service framework) errors: raised before the operation runs

export const unknownOperation = () => new CognitoError("UnknownOperationException", "", 400, CORAL);
export const serialization = (message: string) => new CognitoError("SerializationException", message, 400, CORAL);
export const missingAuthenticationToken = () =>
  new CognitoError("MissingAuthenticationTokenException", "Missing Authentication Token", 400, CORAL);
export const incompleteSignature = (message: string) => new CognitoError("IncompleteSignatureException", message);
export const invalidSignature = (message: string) => new CognitoError("InvalidSignatureException", message);
/** An access key (or session token) AWS does not know: HTTP 400 from cognito-idp (see sigv4.ts for the sources). */
export const unrecognizedClient = (message: string) => new CognitoError("UnrecognizedClientException", message);
