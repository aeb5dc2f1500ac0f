import type { ComponentChildren } from 'preact';

/**
 * A labelled form control with its hint and its error next to it: the control gets `id`, and
 * aria-describedby / aria-invalid point at the texts (pass them to the control through `describedBy`).
 */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: (a11y: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: boolean;
  }) => ComponentChildren;
}) {
  const hintId = props.hint === undefined ? undefined : `${props.id}-hint`;
  const errorId = props.error === undefined ? undefined : `${props.id}-error`;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(' ');
  return (
    <div class={props.error === undefined ? 'field' : 'field field-invalid'}>
      <label for={props.id}>{props.label}</label>
      {props.hint === undefined ? null : (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.children({
        id: props.id,
        ...(describedBy === '' ? {} : { 'aria-describedby': describedBy }),
        ...(props.error === undefined ? {} : { 'aria-invalid': true }),
      })}
      {props.error === undefined ? null : (
        <p class="field-error" id={errorId}>
          {props.error}
        </p>
      )}
    </div>
  );
}
