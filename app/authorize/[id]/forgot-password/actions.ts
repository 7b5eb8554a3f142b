"use server";
// The password-reset form's server action. lib/oauth/password-reset decides; this only turns "back to sign-in"
// into a redirect (thrown outside any try/catch).
import { redirect } from "next/navigation";
import { resetPassword, type ResetState } from "@/lib/oauth/password-reset";

export async function resetPasswordAction(id: string, _previous: ResetState, form: FormData): Promise<ResetState> {
  const result = await resetPassword(id, form);
  if ("redirectTo" in result) redirect(result.redirectTo);
  return result.state;
}
