/**
 * What the audit pages' filter forms share: the form state with its errors (shown once "Apply" was
 * pressed, then live), the form itself (labelled "Filters", the "Apply" button last), the applied filters
 * with the cursor pager (applying new filters goes back to the first page).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { FieldErrors } from '../pages/audit/period.js';
import { hasErrors } from '../pages/audit/period.js';
import { type PagerState, usePager } from './pager.js';

export interface FilterFormState<F, K extends string> {
  readonly form: F;
  readonly setForm: (form: F) => void;
  /** The errors to show next to the fields (none before the first Apply). */
  readonly shown: FieldErrors<K>;
  /** Applies the form when it has no error; shows the errors either way. */
  readonly submit: () => void;
}

export function useFilterForm<F, K extends string>(
  applied: F,
  errorsOf: (form: F) => FieldErrors<K>,
  onApply: (form: F) => void,
): FilterFormState<F, K> {
  const [form, setForm] = useState(applied);
  const [submitted, setSubmitted] = useState(false);
  const errors = errorsOf(form);
  return {
    form,
    setForm,
    shown: submitted ? errors : {},
    submit: () => {
      setSubmitted(true);
      if (!hasErrors(errors)) onApply(form);
    },
  };
}

export function FilterForm(props: { onSubmit: () => void; children: ComponentChildren }) {
  return (
    <form
      class="filters audit-filters"
      aria-label="Filters"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      {props.children}
      <button type="submit">Apply</button>
    </form>
  );
}

/** The filters a list is shown with, and its pager: applying filters starts again at the first page. */
export function useAppliedFilters<F>(initial: F): {
  readonly applied: F;
  readonly apply: (form: F) => void;
  readonly pager: PagerState;
} {
  const [applied, setApplied] = useState(initial);
  const pager = usePager();
  return {
    applied,
    pager,
    apply: (form) => {
      setApplied(form);
      pager.reset();
    },
  };
}
