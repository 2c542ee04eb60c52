/**
 * Text from a registry made safe to print: control characters (terminal escape sequences
 * that could rewrite the screen or a window title) shown as `\u001b` and so on, and length
 * bounded. Registry metadata is the attacker's text.
 */
export function printable(text: string, max = 500): string {
  const safe = text.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}
