// Keyboard help shared by the forms: when a form opens, the cursor goes to its first field.

const FIELD = 'input:not([type="hidden"]):not(:disabled), select:not(:disabled), textarea:not(:disabled)';

/** Svelte action: `<form use:focusFirstField>` focuses the form's first field once it is shown. */
export function focusFirstField(node: HTMLElement): void {
  node.querySelector<HTMLElement>(FIELD)?.focus();
}

/**
 * Svelte action: `<form use:escapeCloses={cancel}>` calls `cancel` when Escape is pressed
 * anywhere inside (an inline form or a confirmation panel).
 */
export function escapeCloses(node: HTMLElement, cancel: () => void) {
  let current = cancel;
  const listener = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    current();
  };
  node.addEventListener('keydown', listener);
  return {
    update(next: () => void) {
      current = next;
    },
    destroy() {
      node.removeEventListener('keydown', listener);
    },
  };
}
