/** Message templates with ESLint's `{{name}}` placeholders, rendered the way ESLint renders them. */

/**
 * Fills `{{name}}` placeholders exactly as ESLint does: a placeholder whose
 * name is not in `data` is left as it is.
 */
export function formatMessage(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{([^{}]+?)\}\}/gu, (whole, name: string) => {
    const key = name.trim();
    return Object.hasOwn(data, key) ? data[key]! : whole;
  });
}
