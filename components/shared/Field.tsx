import type { ComponentChildren } from 'preact';

/** A labelled control with optional help and error text wired through aria-describedby. */
export function Field({
  id,
  label,
  help,
  error,
  children,
  class: className,
}: {
  id: string;
  label: ComponentChildren;
  help?: ComponentChildren;
  error?: string | null;
  children: ComponentChildren;
  class?: string;
}) {
  return (
    <div class={`field${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {help && (
        <p id={`${id}-help`} class="help">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** aria props for the control inside a Field. */
export function describe(id: string, help: boolean, error: string | null | undefined) {
  const ids = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    id,
    'aria-describedby': ids || undefined,
    'aria-invalid': error ? ('true' as const) : undefined,
  };
}
