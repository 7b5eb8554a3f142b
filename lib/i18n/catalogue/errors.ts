// Error and status pages: the ones route handlers render as plain HTML (lib/pages/html.ts) and the "expired"
// view of the sign-in page.
export const en = {
  badRequestTitle: "This sign-in request can't be processed",
  badRequestMessage:
    "The application that sent you here made a request this server cannot accept, so you cannot be sent back to it. Return to the application and try again, or contact its developer.",
  notFormTitle: "This sign-in request can't be processed",
  notFormMessage: "The request must be sent as an HTML form (application/x-www-form-urlencoded) of reasonable size.",
  serverErrorTitle: "Something went wrong",
  serverErrorMessage: "The sign-in service could not process this request. Please try again in a moment.",
  unavailableTitle: "Sign-in is temporarily unavailable",
  unavailableMessage: "The sign-in service could not be reached. Please try again in a moment.",
  expiredTitle: "This request has expired",
  expiredMessage: "This sign-in request has expired or was already used. Go back to the application and start signing in again.",
  notFoundTitle: "Page not found",
  notFoundMessage: "There is nothing at this address. If you followed a link from an application, go back to it and try again.",
  forbiddenTitle: "This request was refused",
  forbiddenMessage: "The form was not sent from this site. Go back to the application and start signing in again.",
  tooLargeTitle: "This request is too large",
  tooLargeMessage: "The request sent to this page was larger than allowed. Go back to the application and try again.",
  malformedTitle: "This address is not valid",
  malformedMessage: "The address of this page is malformed. Go back to the application and start signing in again.",
  unreadableFormTitle: "This form could not be read",
  unreadableFormMessage: "The form sent to this page was incomplete or malformed. Go back to the application and start signing in again.",
};

export const ja: typeof en = {
  badRequestTitle: "このサインイン要求は処理できません",
  badRequestMessage:
    "このページへ移動してきたアプリケーションの要求を受け付けられないため、アプリケーションへ戻ることができません。アプリケーションに戻ってもう一度お試しいただくか、アプリケーションの開発者にお問い合わせください。",
  notFormTitle: "このサインイン要求は処理できません",
  notFormMessage: "要求は適切なサイズの HTML フォーム（application/x-www-form-urlencoded）として送信する必要があります。",
  serverErrorTitle: "問題が発生しました",
  serverErrorMessage: "サインインサービスでこの要求を処理できませんでした。しばらくしてからもう一度お試しください。",
  unavailableTitle: "現在サインインをご利用いただけません",
  unavailableMessage: "サインインサービスに接続できませんでした。しばらくしてからもう一度お試しください。",
  expiredTitle: "この要求は有効期限が切れています",
  expiredMessage: "このサインイン要求は有効期限が切れているか、すでに使用されています。アプリケーションに戻り、最初からサインインし直してください。",
  notFoundTitle: "ページが見つかりません",
  notFoundMessage: "このアドレスには何もありません。アプリケーションのリンクからお越しの場合は、アプリケーションに戻ってもう一度お試しください。",
  forbiddenTitle: "この要求は拒否されました",
  forbiddenMessage: "このフォームは本サイトから送信されたものではありません。アプリケーションに戻り、最初からサインインし直してください。",
  tooLargeTitle: "要求のサイズが大きすぎます",
  tooLargeMessage: "このページに送信された要求が許容サイズを超えています。アプリケーションに戻ってもう一度お試しください。",
  malformedTitle: "このアドレスは正しくありません",
  malformedMessage: "このページのアドレスの形式が正しくありません。アプリケーションに戻り、最初からサインインし直してください。",
  unreadableFormTitle: "フォームを読み取れませんでした",
  unreadableFormMessage: "このページに送信されたフォームが不完全か、形式が正しくありません。アプリケーションに戻り、最初からサインインし直してください。",
};
