/**
 * A multi-term matcher for the sensitive screen: does a name or reference contain any of a few hundred
 * terms? An Aho–Corasick automaton over the normalised alphabet answers in one pass over the text,
 * normalising as it goes (no intermediate strings), which keeps the screen well under a microsecond.
 * One big regular-expression alternation did the same job about ten times slower.
 *
 * Normalised text: lower case a–z and 0–9, every run of other characters read as a single space, and
 * an implicit space before and after the text. So a term " cda " is the whole word "CDA", "umc " is a
 * word ending in "umc" ("Radboudumc"), " rouw" a word starting with "rouw", and "apotheek" matches
 * anywhere. Text outside ASCII is first folded (NFKD, diacritics dropped: "Diëtist" -> "dietist").
 */

const ALPHABET = 37; // space, a–z, 0–9
const SPACE = 0;

/** ASCII code -> symbol; letters fold to lower case, everything else is a space. */
const SYMBOL = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 26; c++) {
    table[0x61 + c] = 1 + c;
    table[0x41 + c] = 1 + c;
  }
  for (let d = 0; d < 10; d++) table[0x30 + d] = 27 + d;
  return table;
})();

function symbolOf(code: number): number {
  return code < 128 ? (SYMBOL[code] ?? SPACE) : SPACE;
}

/** Letters that compatibility decomposition leaves alone, spelt out as their usual ASCII transcription. */
const LIGATURES: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
};

/**
 * Folds text outside ASCII: compatibility decomposition ("ĳ" -> "ij", "Nº" -> "No"), combining marks
 * removed ("Diëtist" -> "Dietist"), and the letters NFKD keeps (ß, æ, œ, ø, ł, đ, þ) transcribed.
 */
export function foldToAscii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßẞæÆœŒøØłŁđĐþÞı]/g, (letter) => LIGATURES[letter] ?? letter);
}

/** The normalised form of a term or text, as the matcher sees it (without the implicit edge spaces). */
export function normaliseText(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128) return normaliseFolded(foldToAscii(text));
    const symbol = SYMBOL[code] ?? SPACE;
    if (symbol === SPACE) {
      pendingSpace = out !== '';
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : text.charAt(i);
  }
  return out;
}

function normaliseFolded(ascii: string): string {
  return ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** One occurrence of a term in the padded normalised text ` ${normaliseText(text)} `. */
export interface TermMatch {
  /** Index of the term in the list the matcher was built from. */
  readonly term: number;
  /** First and one-past-last position of its letters in the padded normalised text (boundary spaces excluded). */
  readonly start: number;
  readonly end: number;
}

export interface TextMatcher {
  /** True when the text contains any term. One pass, no allocation for ASCII text. */
  test(text: string): boolean;
  /** A term the text contains (the first one the scan meets), or -1; as cheap as `test`. */
  first(text: string): number;
  /** Every occurrence of every term (slower: normalises the text first); for the few texts `test` flags. */
  find(text: string): TermMatch[];
  /** As `find`, on a text already in padded normalised form (` ${normaliseText(text)} `). */
  findNormalised(padded: string): TermMatch[];
}

/**
 * Builds the matcher. Terms are written in normalised form; a leading or trailing space anchors the
 * term to a word boundary. Empty terms are refused (they would match everything).
 */
const NO_TERMS: readonly number[] = [];

export function buildTextMatcher(terms: readonly string[]): TextMatcher {
  // Trie in one flat, growable table: entry state * ALPHABET + symbol is the child state (0 = none).
  let trie = new Int32Array(64 * ALPHABET);
  let count = 1;
  const endingAt = new Map<number, number[]>();
  const lengths = terms.map((term) => term.length);
  terms.forEach((term, termIndex) => {
    if (term.trim() === '') throw new RangeError('empty term');
    let state = 0;
    for (let i = 0; i < term.length; i++) {
      const slot = state * ALPHABET + symbolOf(term.charCodeAt(i));
      let next = trie[slot] ?? 0;
      if (next === 0) {
        next = count++;
        if (count * ALPHABET > trie.length) {
          const grown = new Int32Array(trie.length * 2);
          grown.set(trie);
          trie = grown;
        }
        trie[slot] = next;
      }
      state = next;
    }
    const list = endingAt.get(state);
    if (list === undefined) endingAt.set(state, [termIndex]);
    else list.push(termIndex);
  });

  // Number the states breadth-first: the shallow states, where almost every scan of an innocuous text
  // stays, then sit together at the start of the table and stay in cache.
  const states = count;
  const order = new Int32Array(states);
  const renumbered = new Int32Array(states);
  let filled = 1;
  for (let head = 0; head < filled; head++) {
    const base = (order[head] ?? 0) * ALPHABET;
    for (let s = 0; s < ALPHABET; s++) {
      const child = trie[base + s] ?? 0;
      if (child !== 0) {
        renumbered[child] = filled;
        order[filled++] = child;
      }
    }
  }
  const terminal = new Uint8Array(states);
  const ending: (readonly number[])[] = new Array(states).fill(NO_TERMS);
  for (let position = 0; position < states; position++) {
    const list = endingAt.get(order[position] ?? 0);
    if (list !== undefined) {
      ending[position] = list;
      terminal[position] = 1;
    }
  }

  // Breadth-first (the numbering already is): failure links, then a complete transition table (a DFA)
  // with outputs propagated. Uint16 entries halve the table whenever the states fit (the shipped lexicon).
  const delta = states <= 0xffff ? new Uint16Array(states * ALPHABET) : new Int32Array(states * ALPHABET);
  const output = new Uint8Array(states);
  const fail = new Int32Array(states);
  /** The nearest proper suffix state (via failure links) where a term ends, or -1: the output chain. */
  const dictionary = new Int32Array(states).fill(-1);
  for (let state = 0; state < states; state++) {
    const failure = fail[state] ?? 0;
    if (state !== 0) {
      output[state] = terminal[state] === 1 || output[failure] === 1 ? 1 : 0;
      dictionary[state] = terminal[failure] === 1 ? failure : (dictionary[failure] ?? -1);
    }
    const oldBase = (order[state] ?? 0) * ALPHABET;
    for (let s = 0; s < ALPHABET; s++) {
      const oldChild = trie[oldBase + s] ?? 0;
      const child = oldChild === 0 ? 0 : (renumbered[oldChild] ?? 0);
      if (state === 0) {
        delta[s] = child;
      } else if (child === 0) {
        delta[state * ALPHABET + s] = delta[failure * ALPHABET + s] ?? 0;
      } else {
        fail[child] = delta[failure * ALPHABET + s] ?? 0;
        delta[state * ALPHABET + s] = child;
      }
    }
  }

  /** The first state where a term ends, or -1. */
  const scan = (text: string, folded: boolean): number => {
    let state = delta[SPACE] ?? 0; // the implicit leading space
    if (output[state] === 1) return state;
    let lastWasSpace = true;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128 && !folded) return scan(foldToAscii(text), true);
      const symbol = symbolOf(code);
      if (symbol === SPACE) {
        if (lastWasSpace) continue;
        lastWasSpace = true;
      } else {
        lastWasSpace = false;
      }
      state = delta[state * ALPHABET + symbol] ?? 0;
      if (output[state] === 1) return state;
    }
    if (!lastWasSpace) state = delta[state * ALPHABET + SPACE] ?? 0; // the implicit trailing space
    return output[state] === 1 ? state : -1;
  };
  /** One term that ends at an output state (the lowest index among those ending there or on its chain). */
  const representative = (state: number): number => {
    let best = -1;
    for (let at = terminal[state] ? state : (dictionary[state] ?? -1); at > 0; at = dictionary[at] ?? -1) {
      for (const term of ending[at] ?? []) if (best === -1 || term < best) best = term;
    }
    return best;
  };
  const findNormalised = (padded: string): TermMatch[] => {
    const found: TermMatch[] = [];
    let state = 0;
    for (let i = 0; i < padded.length; i++) {
      state = delta[state * ALPHABET + symbolOf(padded.charCodeAt(i))] ?? 0;
      for (let at = terminal[state] ? state : (dictionary[state] ?? -1); at > 0; at = dictionary[at] ?? -1) {
        for (const term of ending[at] ?? []) {
          // Report the letters only: a term's boundary spaces are not part of what it covers.
          const first = i + 1 - (lengths[term] ?? 0);
          const start = padded.charCodeAt(first) === 0x20 ? first + 1 : first;
          const end = padded.charCodeAt(i) === 0x20 ? i : i + 1;
          found.push({ term, start, end });
        }
      }
    }
    return found;
  };
  return {
    test: (text) => scan(text, false) !== -1,
    first: (text) => {
      const state = scan(text, false);
      return state === -1 ? -1 : representative(state);
    },
    find: (text) => findNormalised(` ${normaliseText(text)} `),
    findNormalised,
  };
}
