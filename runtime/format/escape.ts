/**
 * Control-character escaping for the text format and the console (SPEC §5): one record is
 * one line, and user data can neither forge a line nor send terminal escape sequences.
 *
 * Escaped: C0 controls and DEL (`\n`, `\r`, `\t`, else `\xHH`, so ESC is `\x1b`), C1
 * controls (`\u0085`, and `\u009b`, the one-byte CSI), the Unicode line and paragraph
 * separators (`\u2028`, `\u2029`) and the bidirectional overrides (`\u202a`-`\u202e`,
 * `\u2066`-`\u2069`) that can make a line display as something it is not. Backslashes are
 * left as they are so Windows paths stay readable.
 */

// One test before any work: most lines have nothing to escape.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function replacement(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0x0a) return "\\n";
  if (code === 0x0d) return "\\r";
  if (code === 0x09) return "\\t";
  if (code < 0x80) return "\\x" + code.toString(16).padStart(2, "0");
  return "\\u" + code.toString(16).padStart(4, "0");
}

export function escapeControl(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, replacement) : text;
}
