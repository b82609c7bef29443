/**
 * A pure function of a text with its answers kept by text, for work a lint run repeats (the same
 * query in many panels, the same variable selector in every dashboard of a mixin). Bounded: the
 * answers are dropped once `max` are kept, since a long-lived process lints many files.
 */
export function memoByText<T>(compute: (text: string) => T, max = 5000): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    const known = answers.get(text);
    if (known !== undefined) return known;
    const answer = compute(text);
    if (answers.size >= max) answers.clear();
    answers.set(text, answer);
    return answer;
  };
}
