// The .env parser on hostile input: a 1 MB line of spaces around a value (quadratic before: 59,000
// spaces took 2.6–5 s), and a 60 KB body at the import limit. Prints the median of 5 runs.
import { median } from "./support/stats";
import { parseDotenv } from "../server/store/dotenv";

const TARGET_MS = 100;

function time(content: string): number {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    parseDotenv(content);
    runs.push(performance.now() - start);
  }
  return median(runs);
}

const spaces = " ".repeat(1_000_000);
const hostile = time(`A=x${spaces}y${spaces}# c`);
const body = time(Array.from({ length: 2_000 }, (_, i) => `KEY_${i}=value-${i}     # comment`).join("\n").slice(0, 60_000));
console.log(`parse 2 MB hostile line (1 MB runs of spaces): ${hostile.toFixed(1)} ms (median of 5)`);
console.log(`parse 60 KB .env of 2,000 assignments:        ${body.toFixed(2)} ms (median of 5)`);
console.log(`target: hostile line ≤ ${TARGET_MS} ms → ${hostile <= TARGET_MS ? "MET" : "MISSED"}`);
