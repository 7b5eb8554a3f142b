// RP-Initiated Logout (the end_session_endpoint, /api/logout): the confirmation, the logged-out page and the
// refusal of a request that cannot be verified.
export const en = {
  confirmTitle: "Log out?",
  confirmMessage: "An application asked to log you out of this sign-in service. Do you want to log out?",
  confirmSignedInAs: "Signed in as {user}",
  logOut: "Log out",
  staySignedIn: "Stay signed in",
  loggedOutTitle: "You have logged out",
  loggedOutMessage: "You have logged out of this sign-in service. You can close this window.",
  stayedTitle: "You are still signed in",
  stayedMessage: "You did not log out. You can close this window or go back to the application.",
  invalidTitle: "This log-out request can't be processed",
  invalidMessage:
    "The application sent a log-out request this server cannot verify, so you have not been logged out. Go back to the application and try again.",
};

export const ja: typeof en = {
  confirmTitle: "ログアウトしますか？",
  confirmMessage: "アプリケーションから、このサインインサービスからのログアウトを求められました。ログアウトしますか？",
  confirmSignedInAs: "{user} でサインインしています",
  logOut: "ログアウト",
  staySignedIn: "サインインしたままにする",
  loggedOutTitle: "ログアウトしました",
  loggedOutMessage: "このサインインサービスからログアウトしました。このウィンドウは閉じてかまいません。",
  stayedTitle: "サインインしたままです",
  stayedMessage: "ログアウトしていません。このウィンドウを閉じるか、アプリケーションに戻ってください。",
  invalidTitle: "このログアウト要求は処理できません",
  invalidMessage: "アプリケーションから送られたログアウト要求を確認できなかったため、ログアウトしていません。アプリケーションに戻って、もう一度お試しください。",
};
