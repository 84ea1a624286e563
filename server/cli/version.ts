// The package version, inlined at bundle time (esbuild reads the JSON import).
import pkg from "../../package.json";

export const VERSION: string = pkg.version;
