// Public pages never show a child's full name (PIPL art. 28/31, the 2019 rules
// on children's personal information): "张三明" → "张*明". Works on code
// points, so rare characters outside the BMP (𠀀) count as one character.

function maskWord(word: string): string {
  const chars = Array.from(word);
  if (chars.length <= 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

function maskLatinWord(word: string): string {
  const chars = Array.from(word);
  return chars.length <= 1 ? "*" : `${chars[0]}${"*".repeat(Math.min(chars.length - 1, 3))}`;
}

/**
 * Chinese names keep the first and last character ("欧阳小明" → "欧**明",
 * "张明" → "张*"); names written with spaces (Latin script, "Alice Wang")
 * keep each word's initial ("A*** W***"). Dots in minority names
 * ("阿依古丽·买买提") split words too.
 */
export function maskName(name: string): string {
  const trimmed = name.normalize("NFC").trim().replace(/\s+/g, " ");
  if (trimmed === "") return "";
  const words = trimmed.split(/([ ·•・])/u);
  if (words.length === 1) return /^[\p{Script=Latin}]/u.test(trimmed) ? maskLatinWord(trimmed) : maskWord(trimmed);
  return words
    .map((w, i) => (i % 2 === 1 ? w : /^[\p{Script=Latin}]/u.test(w) ? maskLatinWord(w) : maskWord(w)))
    .join("");
}
