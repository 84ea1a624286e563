// The package version, inlined at bundle time (esbuild reads the JSON import). In core, since the
// CLI and the dev server both report it and neither may import the other.
import pkg from "../../package.json";

export const VERSION: string = pkg.version;
