// The web addresses `keystroke connect` prints, to offer them in a notification: http(s) only
// (never file:, javascript: or a custom scheme), without the sentence's trailing punctuation.

export function httpUrls(line: string): string[] {
  const found = line.match(/\bhttps?:\/\/[^\s"'<>`]+/gi) ?? [];
  return found.map((url) => url.replace(/[.,;:!?)\]]+$/, "")).filter((url) => {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "https:" || parsed.protocol === "http:";
    } catch {
      return false;
    }
  });
}
