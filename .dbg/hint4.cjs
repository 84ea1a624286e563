"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// .dbg/hint4.ts
var import_node_fs = require("node:fs");
var import_node_path = __toESM(require("node:path"));
var texts = [];
var walk = (d) => {
  for (const n of (0, import_node_fs.readdirSync)(d)) {
    const f = import_node_path.default.join(d, n);
    if ((0, import_node_fs.statSync)(f).isDirectory()) walk(f);
    else if (f.endsWith(".ts")) texts.push((0, import_node_fs.readFileSync)(f, "utf8"));
  }
};
walk("server");
walk("test");
var src = (0, import_node_fs.readFileSync)("server/core/analysis/secret-literals.ts", "utf8");
var rules = [...src.matchAll(/\{ provider: "([^"]+)", hint: ([^,\]]+(?:\][^,]*)?), pattern: (\/.+\/g) \}/g)];
for (const r of rules) {
  const pattern = eval(r[3]);
  const hint = eval(r[2]);
  const t = performance.now();
  for (let k = 0; k < 3; k++) for (const x of texts) {
    if (typeof hint === "string" ? !x.includes(hint) : !hint.some((h) => x.includes(h))) continue;
    [...x.matchAll(pattern)];
  }
  const ms = (performance.now() - t) / 3;
  if (ms > 0.3) console.log(r[1], ms.toFixed(2));
}
