"use server";
// The login/consent form's server action. lib/oauth/authorization decides; this only turns a
// "go to the client" result into a redirect (which must be thrown outside any try/catch).
import { redirect } from "next/navigation";
import { decide, type DecisionState } from "@/lib/oauth/authorization";

export async function decideAction(id: string, _previous: DecisionState, form: FormData): Promise<DecisionState> {
  const result = await decide(id, form);
  if ("redirectTo" in result) redirect(result.redirectTo);
  return result.state;
}
