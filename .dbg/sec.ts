import { secretCandidates } from "../server/core/analysis/secret-literals";
function gen(seed: number, length: number, alphabet: string): string { let x = seed; let out = ""; while (out.length < length) { x = (x * 1103515245 + 12345) % 2147483648; out += alphabet[x % alphabet.length]; } return out; }
const ALNUM = "QWERTZUPLKJHGFDSAYVNMqwrtzuplkjhgfdsayvnm23456789"; const HEXL = "0123456789abcdef";
for (const v of [`SK${gen(16, 32, HEXL)}`, `SG.${gen(17, 22, ALNUM)}.${gen(18, 43, ALNUM)}`, `npm_${gen(19, 36, ALNUM)}`, `pypi-AgEIcHlwaS5vcmc${gen(20, 60, ALNUM)}`, `lin_api_${gen(21, 40, ALNUM)}`, `shpat_${gen(22, 32, HEXL)}`, `dop_v1_${gen(23, 64, HEXL)}`, `${gen(25, 32, HEXL)}-us14`, `key-${gen(26, 32, HEXL)}`])
  console.log(v, JSON.stringify(secretCandidates(`"${v}"`)));
