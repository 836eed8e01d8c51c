/** Paths in the commands the CLI tells people to run, written so that a POSIX shell takes each as one word. */

/**
 * `text` as one POSIX shell word: as it is when it holds only characters no shell treats specially, otherwise in
 * single quotes (a `'` inside written `'\''`).
 *
 * @param text any string, e.g. a path relative to the working directory.
 */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/u.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
