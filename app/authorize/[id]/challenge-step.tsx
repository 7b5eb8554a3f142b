// The step after the password that Cognito asked for (server component): prepares what the step form shows —
// the pool's password policy for a new password, the QR code and grouped key for authenticator-app enrolment —
// and renders it in the page's language.
import QRCode from "qrcode";
import { getConfig } from "@/lib/config";
import type { Messages } from "@/lib/i18n";
import { groupSecret, otpauthUri, policyHints, type ChallengeState } from "@/lib/oauth/challenge";
import { answerStepAction } from "./challenge-actions";
import { StepForm } from "./step-form";

export async function ChallengeStep({ id, state, t }: { id: string; state: ChallengeState; t: Messages }) {
  const policy = state.step.kind === "newPassword" ? await policyHints() : undefined;
  let qrDataUri: string | undefined;
  let secret: string | undefined;
  if (state.step.kind === "setupTotp" && state.totpSecret) {
    // The issuer label authenticator apps show: this server's host name.
    const uri = otpauthUri(new URL(getConfig().issuer).host, state.loginId, state.totpSecret);
    const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
    qrDataUri = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
    secret = groupSecret(state.totpSecret);
  }
  return (
    <StepForm
      // A new step (or a new Session for the same one) starts with a clean form state.
      key={`${state.name}:${state.expiresAt}`}
      action={answerStepAction.bind(null, id)}
      step={state.step}
      text={t.challenge}
      expiredText={{ title: t.errors.expiredTitle, message: t.errors.expiredMessage }}
      policy={policy}
      secret={secret}
      qrDataUri={qrDataUri}
    />
  );
}
