// The login and consent page (app/authorize/[id]) and the messages its server action answers with.
export const en = {
  pageTitle: "Sign in",
  wantsAccess: "wants to access your account",
  asksPermission: "It asks for permission to:",
  loginId: "Login ID",
  password: "Password",
  authorize: "Authorize",
  deny: "Deny",
  working: "Working…",
  privacyPolicy: "Privacy policy",
  termsOfService: "Terms of service",
  anApplication: "An application",
  enterCredentials: "Enter your login ID and password.",
  // One message for a wrong password and for an unknown, disabled, locked-out or reset-required account: nothing
  // reveals which accounts exist, and it says what to do in each case (lib/oauth/authorization.ts).
  invalidCredentials:
    "Incorrect login ID or password. After several failed attempts, wait a few minutes before trying again, or choose a new password with “Forgot password?”.",
  notConfirmed: "This account has not been confirmed yet. Contact your administrator.",
  throttled: "The sign-in service is busy right now. Please try again in a moment.",
  unavailable: "The sign-in service is temporarily unavailable. Please try again in a moment.",
  serverError: "Something went wrong and this sign-in could not be completed. Go back to the application and start again.",
  differentSubject: "Sign in with the account this application asked for.",
};

export const ja: typeof en = {
  pageTitle: "サインイン",
  wantsAccess: "があなたのアカウントへのアクセスを求めています",
  asksPermission: "次の操作の許可を求めています:",
  loginId: "ログイン ID",
  password: "パスワード",
  authorize: "許可する",
  deny: "拒否する",
  working: "処理中…",
  privacyPolicy: "プライバシーポリシー",
  termsOfService: "利用規約",
  anApplication: "アプリケーション",
  enterCredentials: "ログイン ID とパスワードを入力してください。",
  invalidCredentials:
    "ログイン ID またはパスワードが正しくありません。何度か失敗した場合は、数分待ってからもう一度お試しいただくか、「パスワードをお忘れですか？」から新しいパスワードを設定してください。",
  notConfirmed: "このアカウントはまだ確認されていません。管理者にお問い合わせください。",
  throttled: "サインインサービスが混み合っています。しばらくしてからもう一度お試しください。",
  unavailable: "サインインサービスは一時的にご利用いただけません。しばらくしてからもう一度お試しください。",
  serverError: "問題が発生したため、サインインを完了できませんでした。アプリケーションに戻り、最初からやり直してください。",
  differentSubject: "このアプリケーションが指定したアカウントでサインインしてください。",
};
