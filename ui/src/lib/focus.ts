// Keyboard help shared by the forms: when a form opens, the cursor goes to its first field.

const FIELD = 'input:not([type="hidden"]):not(:disabled), select:not(:disabled), textarea:not(:disabled)';

/** Svelte action: `<form use:focusFirstField>` focuses the form's first field once it is shown. */
export function focusFirstField(node: HTMLElement): void {
  node.querySelector<HTMLElement>(FIELD)?.focus();
}
