import type { Problem } from '../api/client.js';

/** An API refusal, readable: title, detail, and each field error with what was expected. */
export function ProblemView(props: { problem: Problem | undefined }) {
  const { problem } = props;
  if (problem === undefined) return null;
  return (
    <div class="problem" role="alert">
      <p>
        <strong>{problem.title ?? 'The request failed'}</strong>
        {problem.status === undefined ? null : ` (${problem.status})`}
        {problem.detail === undefined ? null : `: ${problem.detail}`}
      </p>
      {problem.errors !== undefined && problem.errors.length > 0 ? (
        <ul>
          {problem.errors.map((error) => (
            <li key={`${error.in}:${error.field}`}>
              <code>{error.field}</code>: expected {error.expected}
            </li>
          ))}
        </ul>
      ) : null}
      {problem.problems !== undefined && problem.problems.length > 0 ? (
        <ul>
          {problem.problems.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
