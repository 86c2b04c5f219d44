// PII redaction applied to prompts and completions before they are stored.

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, "[email]"],
  [/\b(?:sk|pk|rk|lmi|lmr|wt)[-_][A-Za-z0-9_-]{16,}\b/g, "[secret]"],
  [/\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/g, "Bearer [secret]"],
  [/\b(?:\d[ -]?){13,19}\b/g, "[card]"],
  [/\b\d{3}-\d{2}-\d{4}\b/g, "[ssn]"],
  [/(?:\+\d{1,3}[ .-]?)?\(?\b\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}\b/g, "[phone]"],
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, "[ip]"],
];

/** Replaces emails, secrets, card and phone numbers, SSNs and IPv4 addresses with tags. */
export function redactPii(text: string): string {
  return RULES.reduce((acc, [pattern, tag]) => acc.replace(pattern, tag), text);
}
