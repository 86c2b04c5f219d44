// Copies a text (a new key, a snippet) to the clipboard and says so.
import { useSignal } from "@preact/signals";
import { html } from "../components/html.ts";
import { Icon } from "../components/Icon.ts";

export interface CopyButtonProps {
  text: string;
  label: string;
}

export default function CopyButton(props: CopyButtonProps) {
  const copied = useSignal<boolean | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(props.text).then(
      () => copied.value = true,
      () => copied.value = false,
    );
  return html`
    <button class="btn small" type="button" onClick=${copy}>
      <${Icon} name="copy" />
      <span aria-live="polite">${copied.value === true
        ? "Copied"
        : copied.value === false
        ? "Select and copy by hand"
        : props.label}</span>
    </button>
  `;
}
