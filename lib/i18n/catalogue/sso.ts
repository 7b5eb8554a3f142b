// The signed-in parts of the login/consent page (app/authorize/[id]): the consent page of a signed-in user, the
// account chooser (prompt=select_account) and the notes that say why the sign-in form is shown again.
export const en = {
  signedInAs: "Signed in as {user}",
  useAnotherAccount: "Use another account",
  chooserTitle: "Choose an account",
  chooserIntro: "to continue to {client}",
  chooserSignedIn: "Signed in",
  chooserSignedOut: "Signed out — sign in again",
  loginIdLocked: "The application asked for this account.",
  // Why the sign-in form is shown although someone may be signed in (lib/oauth/policy.ts, SignInReason).
  reasonPromptLogin: "The application asks you to sign in again.",
  reasonMaxAge: "The application needs a recent sign-in. Sign in again to continue.",
  reasonSessionExpired: "Your sign-in has expired. Sign in again to continue.",
  reasonDifferentSubject: "The application asked for a specific account. Sign in with that account.",
  reasonIdTokenHint: "The application asks you to sign in with a specific account.",
  reasonAcr: "The application needs a stronger sign-in, with a second verification step.",
};

export const ja: typeof en = {
  signedInAs: "{user} でサインインしています",
  useAnotherAccount: "別のアカウントを使う",
  chooserTitle: "アカウントを選択",
  chooserIntro: "{client} に進むアカウントを選んでください",
  chooserSignedIn: "サインイン中",
  chooserSignedOut: "サインアウト済み（もう一度サインインが必要です）",
  loginIdLocked: "アプリケーションがこのアカウントを指定しています。",
  reasonPromptLogin: "アプリケーションから、もう一度サインインするよう求められています。",
  reasonMaxAge: "アプリケーションは直近のサインインを必要としています。続けるには、もう一度サインインしてください。",
  reasonSessionExpired: "サインインの有効期限が切れました。続けるには、もう一度サインインしてください。",
  reasonDifferentSubject: "アプリケーションが特定のアカウントを指定しています。そのアカウントでサインインしてください。",
  reasonIdTokenHint: "アプリケーションから、特定のアカウントでサインインするよう求められています。",
  reasonAcr: "このアプリケーションでは、追加の確認手順を含む、より安全なサインインが必要です。",
};
