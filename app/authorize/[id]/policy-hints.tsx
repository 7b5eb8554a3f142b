// The user pool's password policy (DescribeUserPool, cached) as hints under a new-password field.
import type { Messages } from "@/lib/i18n";
import type { PasswordPolicy } from "@/lib/cognito/challenges";

type Text = Pick<Messages["challenge"], "policyIntro" | "policyMinLength" | "policyUppercase" | "policyLowercase" | "policyNumber" | "policySymbol">;

export function PolicyHints({ policy, text }: { policy: PasswordPolicy; text: Text }) {
  const rules = [
    text.policyMinLength.replace("{n}", String(policy.minimumLength)),
    ...(policy.requireUppercase ? [text.policyUppercase] : []),
    ...(policy.requireLowercase ? [text.policyLowercase] : []),
    ...(policy.requireNumbers ? [text.policyNumber] : []),
    ...(policy.requireSymbols ? [text.policySymbol] : []),
  ];
  return (
    <div className="text-sm text-slate-600" data-testid="password-policy">
      <p>{text.policyIntro}</p>
      <ul className="mt-1 list-disc pl-5">
        {rules.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </div>
  );
}
