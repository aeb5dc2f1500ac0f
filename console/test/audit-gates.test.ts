import { describe, expect, it } from 'vitest';
import { GATES as CORE_GATES } from '../../shared/core/decision.js';
import { GATES } from '../src/pages/audit/audit-types.js';

describe('the decision page orders gates as the core runs them', () => {
  // The console keeps its own copy (importing the core module would bring zod into the bundle).
  it('has exactly the core GATES, in the same order', () => {
    expect([...GATES]).toEqual([...CORE_GATES]);
  });
});
