/**
 * Characters that show nothing: white space, and format characters (zero-width space and joiners, word
 * joiner, soft hyphen, byte-order mark), which `String.prototype.trim` keeps.
 */
const VISIBLE = /[^\p{White_Space}\p{Cf}]/u;

/**
 * Whether a name, title, comment or reason shows nothing: a zero-width space alone passes `trim()`,
 * and would make a delegation's comment or a user's name that nobody can see or click.
 */
export function isBlank(text: string): boolean {
  return !VISIBLE.test(text);
}
