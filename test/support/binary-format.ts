// What a native binary was built for, read off its header: ELF (class, machine, ARM float ABI,
// and the C library from its DT_NEEDED entries), Mach-O (CPU type) and PE (machine). Ours: the
// three fields needed here are a few offsets each, and no maintained parser reads all three formats.

export type BinaryFormat =
  | { format: "elf"; bits: 32 | 64; machine: "x64" | "arm64" | "arm" | number; hardFloat: boolean; libc: "glibc" | "musl" | "unknown"; needed: string[] }
  | { format: "mach-o"; machine: "x64" | "arm64" | number }
  | { format: "pe"; machine: "x64" | "arm64" | number }
  | { format: "unknown" };

const ELF_MACHINES: Record<number, "x64" | "arm64" | "arm"> = { 62: "x64", 183: "arm64", 40: "arm" };
const MACHO_CPUS: Record<number, "x64" | "arm64"> = { 0x01000007: "x64", 0x0100000c: "arm64" };
const PE_MACHINES: Record<number, "x64" | "arm64"> = { 0x8664: "x64", 0xaa64: "arm64" };
const EF_ARM_ABI_FLOAT_HARD = 0x400;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const DT_NEEDED = 1;
const DT_STRTAB = 5;

export function readBinaryFormat(bytes: Buffer): BinaryFormat {
  if (bytes.readUInt32BE(0) === 0x7f454c46) return readElf(bytes);
  if (bytes.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = bytes.readUInt32LE(4);
    return { format: "mach-o", machine: MACHO_CPUS[cpu] ?? cpu };
  }
  if (bytes.toString("latin1", 0, 2) === "MZ") {
    const pe = bytes.readUInt32LE(0x3c);
    if (bytes.toString("latin1", pe, pe + 4) !== "PE\0\0") return { format: "unknown" };
    const machine = bytes.readUInt16LE(pe + 4);
    return { format: "pe", machine: PE_MACHINES[machine] ?? machine };
  }
  return { format: "unknown" };
}

function readElf(b: Buffer): BinaryFormat {
  const is64 = b[4] === 2;
  if (b[5] !== 1) throw new Error("big-endian ELF is not expected here");
  const word = (at: number) => (is64 ? Number(b.readBigUInt64LE(at)) : b.readUInt32LE(at));
  const machineCode = b.readUInt16LE(0x12);
  const flags = b.readUInt32LE(is64 ? 0x30 : 0x24);
  const phoff = word(is64 ? 0x20 : 0x1c);
  const phentsize = b.readUInt16LE(is64 ? 0x36 : 0x2a);
  const phnum = b.readUInt16LE(is64 ? 0x38 : 0x2c);
  const segments = Array.from({ length: phnum }, (_, i) => {
    const at = phoff + i * phentsize;
    return is64
      ? { type: b.readUInt32LE(at), offset: word(at + 8), vaddr: word(at + 16), filesz: word(at + 32) }
      : { type: b.readUInt32LE(at), offset: word(at + 4), vaddr: word(at + 8), filesz: word(at + 16) };
  });
  const toOffset = (vaddr: number) => {
    const load = segments.find((s) => s.type === PT_LOAD && vaddr >= s.vaddr && vaddr < s.vaddr + s.filesz);
    return load ? vaddr - load.vaddr + load.offset : -1;
  };
  const needed: string[] = [];
  const dynamic = segments.find((s) => s.type === PT_DYNAMIC);
  if (dynamic) {
    const size = is64 ? 16 : 8;
    const entries: { tag: number; value: number }[] = [];
    for (let at = dynamic.offset; at + size <= dynamic.offset + dynamic.filesz; at += size) {
      const tag = word(at);
      if (tag === 0) break;
      entries.push({ tag, value: word(at + size / 2) });
    }
    const strtab = toOffset(entries.find((e) => e.tag === DT_STRTAB)?.value ?? -1);
    if (strtab >= 0) {
      for (const e of entries.filter((x) => x.tag === DT_NEEDED)) {
        const start = strtab + e.value;
        needed.push(b.toString("latin1", start, b.indexOf(0, start)));
      }
    }
  }
  const libc = needed.includes("libc.so.6") ? "glibc" : needed.some((n) => n === "libc.so" || n.startsWith("libc.musl-")) ? "musl" : "unknown";
  return { format: "elf", bits: is64 ? 64 : 32, machine: ELF_MACHINES[machineCode] ?? machineCode, hardFloat: (flags & EF_ARM_ABI_FLOAT_HARD) !== 0, libc, needed };
}
