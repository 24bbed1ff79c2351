/**
 * `noun` after "a" or "an", by how its first letter sounds in the nouns the
 * reasons use ("an Australian passport", "an Azerbaijani passport", "a Finnish
 * passport"; a U as in "UK" or "Utopian" takes "a").
 */
export function withArticle(noun: string): string {
  return `${/^[AEIO]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
