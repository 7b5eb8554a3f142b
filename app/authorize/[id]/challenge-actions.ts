"use server";
// The server action of the steps after the password (MFA codes, choosing a factor, a new password, TOTP
// enrolment). lib/oauth/challenge decides; this only turns "go elsewhere" into a redirect (thrown outside any
// try/catch): the next step or the password step on this page, or the client's redirect URI.
import { redirect } from "next/navigation";
import { answerStep, type StepState } from "@/lib/oauth/challenge";

export async function answerStepAction(id: string, _previous: StepState, form: FormData): Promise<StepState> {
  const result = await answerStep(id, form);
  if ("redirectTo" in result) redirect(result.redirectTo);
  return result.state;
}
