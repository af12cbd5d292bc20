/* bpfir: BPF-specific IR building over the LLVM C API. See bpfir.h.
 *
 * Why things are done the way they are (each point was a silent failure once):
 * - The CPU is passed explicitly (LLVM 19's BPF default is v1): v4 with all of its
 *   instructions but gotol turned off, which is v3's code, and gotol (a jump of a
 *   32-bit offset, Linux 6.6) only where a jump reaches past what a 16-bit offset does
 *   (LLVM estimates: past 16,383 instructions). 3,000 rules compared one by one, 36,000
 *   instructions, stopped LLVM with "Branch target out of insn range" at v3. A search
 *   tree's inline asm jumps 16 bits, and LLVM counts it as one instruction: in a
 *   program that might pass that reach, each tree is a subprogram (outline_searches).
 * - libbpf 1.x needs BTF, which the backend emits only when the module has a
 *   DICompileUnit, so every module gets one plus the two module flags.
 * - The ctx parameter's DILocalVariable is AlwaysPreserve'd and the DIBuilder is
 *   finalized before emission; without either the kernel rejects the BTF func info
 *   ("Invalid arg#1") and libbpf silently loads the program without line info.
 * - Each ctx access goes through llvm.preserve.static.offset and a fresh GEP, as
 *   clang's preserve_static_offset attribute does; otherwise CodeGenPrepare may stop
 *   folding offsets in large programs and the verifier rejects "modified ctx ptr".
 * - The context gets a diagnostic handler: LLVM's default handler exit()s on error. */
#include "bpfir.h"

#include <llvm-c/Analysis.h>
#include <llvm-c/DebugInfo.h>
#include <llvm-c/Support.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#define BIR_TRIPLE "bpfel"
#define BIR_CPU "v4"
/* O2, then EarlyCSE (with MemorySSA) and jump threading once more. The BPF target
 * turns each ctx access into a call at the start of the pipeline
 * (bpf-preserve-static-offset), and O2's GVN leaves such a call in a block with
 * several predecessors. Once O2 has simplified the CFG, EarlyCSE finds a word a
 * dominating test already read, and jump threading sends each path where the next
 * test is already decided straight on. An IPv4-mapped rule after an IPv6 rule in a 6
 * program then reads each word once: 31 instructions, 41 verified, against 32 and 49
 * (clang's C: 35 and 43). */
#define BIR_PASSES "default<O2>,function(early-cse<memssa>,jump-threading)"
/* O1 for a module of more than BIR_BIG_BLOCKS blocks (hundreds of rules compared one
 * by one): O2's GVN asks the memory dependence of each ctx read (a call) back along the
 * whole chain of rules. 1,000 rules `if dst.ip != A and dst.port == P { deny; }` took
 * 6.8 s and 225 MB at O2, 1.3 s and 46 MB at O1 (and verify in 15,477 instructions, not
 * 19,451); 4,000 took 224 s and 3 GB before LLVM found the program too long for BPF's
 * jumps, 18 s at O1. Then EarlyCSE, but no jump threading: over such a chain it copies
 * the blocks of every path it can decide, 1,000 rules `if uid == U and dst in P and
 * dst.port == N { allow; }` (50 uids, 7 ports) took 17 of their 18 s in it and came out
 * 23,054 instructions, not 18,006 (both verify); 2,000 took 87 s, not 4 s. The policies
 * of examples/ and bench/ have 44 blocks at most. */
#define BIR_PASSES_BIG "default<O1>,function(early-cse<memssa>)"
#define BIR_BIG_BLOCKS 2048
/* DW_ATE_* encodings; llvm-c has no names for them. */
#define BIR_ATE_SIGNED 0x05
#define BIR_ATE_UNSIGNED 0x07
#define BIR_ATE_UNSIGNED_CHAR 0x08

/* A stack slot of a program, by name, size and scope (bir_stack). */
typedef struct bir_slot {
    struct bir_slot *next;
    const char *name;
    unsigned size, scope;
    LLVMValueRef v;
} bir_slot;

struct bir_prog {
    bir_module *m;
    bir_prog *next;
    bir_slot *slots;
    LLVMValueRef fn;
    LLVMValueRef ctx;
    LLVMBasicBlockRef entry;
    LLVMMetadataRef sp;
    int ended;
};

struct bir_module {
    LLVMContextRef ctx;
    LLVMModuleRef mod;
    LLVMBuilderRef b;
    LLVMDIBuilderRef dib;
    LLVMTargetMachineRef tm;
    LLVMMetadataRef file, cu;
    LLVMTypeRef i8, i32, i64, ptr;
    LLVMTypeRef pso_ty; /* ptr (ptr) of llvm.preserve.static.offset */
    LLVMValueRef pso_fn;
    bir_prog *progs;
    int emitted;
    int failed;
    char err[512];
};

static once_flag bir_target_once = ONCE_FLAG_INIT;

static void bir_init_target(void)
{
    /* Registration is idempotent in LLVM as well; the once-flag just avoids racing
     * registrations from threads that each build a module. */
    LLVMInitializeBPFTargetInfo();
    LLVMInitializeBPFTarget();
    LLVMInitializeBPFTargetMC();
    LLVMInitializeBPFAsmPrinter();
    LLVMInitializeBPFAsmParser(); /* for bir_bounds_search's inline asm */
    /* BIR_CPU's instructions that v3 lacks, but gotol (LLVM's options, once) */
    const char *argv[] = {"sockc",           "--disable-ldsx",      "--disable-movsx",
                          "--disable-bswap", "--disable-sdiv-smod", "--disable-storeimm"};
    LLVMParseCommandLineOptions(sizeof argv / sizeof *argv, argv, NULL);
}

static void fail(bir_module *m, const char *fmt, ...)
{
    if (m->failed)
        return; /* the first error is the one that explains the rest */
    m->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->err, sizeof m->err, fmt, ap);
    va_end(ap);
}

static void diag_handler(LLVMDiagnosticInfoRef di, void *opaque)
{
    bir_module *m = opaque;
    if (LLVMGetDiagInfoSeverity(di) != LLVMDSError)
        return;
    char *msg = LLVMGetDiagInfoDescription(di);
    fail(m, "LLVM: %s", msg ? msg : "unknown error");
    LLVMDisposeMessage(msg);
}

const char *bir_error(const bir_module *m)
{
    return m && m->failed ? m->err : NULL;
}

bir_module *bir_module_new(const char *name, const char *src_path, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    call_once(&bir_target_once, bir_init_target);

    LLVMTargetRef target;
    char *msg = NULL;
    if (LLVMGetTargetFromTriple(BIR_TRIPLE, &target, &msg)) {
        if (err && errlen)
            snprintf(err, errlen, "no BPF target in LLVM: %s", msg ? msg : "?");
        LLVMDisposeMessage(msg);
        return NULL;
    }
    bir_module *m = calloc(1, sizeof *m);
    if (!m) {
        if (err && errlen)
            snprintf(err, errlen, "out of memory");
        return NULL;
    }
    m->tm = LLVMCreateTargetMachine(target, BIR_TRIPLE, BIR_CPU, "", LLVMCodeGenLevelDefault,
                                    LLVMRelocDefault, LLVMCodeModelDefault);
    if (!m->tm) {
        if (err && errlen)
            snprintf(err, errlen, "cannot create a BPF target machine");
        free(m);
        return NULL;
    }
    m->ctx = LLVMContextCreate();
    LLVMContextSetDiagnosticHandler(m->ctx, diag_handler, m);
    m->mod = LLVMModuleCreateWithNameInContext(name ? name : "sockc", m->ctx);
    LLVMSetIsNewDbgInfoFormat(m->mod, 1);
    if (src_path)
        LLVMSetSourceFileName(m->mod, src_path, strlen(src_path));
    LLVMSetTarget(m->mod, BIR_TRIPLE);
    LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(m->tm);
    LLVMSetModuleDataLayout(m->mod, dl);
    LLVMDisposeTargetData(dl);
    m->b = LLVMCreateBuilderInContext(m->ctx);

    m->i8 = LLVMInt8TypeInContext(m->ctx);
    m->i32 = LLVMInt32TypeInContext(m->ctx);
    m->i64 = LLVMInt64TypeInContext(m->ctx);
    m->ptr = LLVMPointerTypeInContext(m->ctx, 0);

    /* Debug info: a compile unit for the policy file, so the backend emits BTF. */
    m->dib = LLVMCreateDIBuilder(m->mod);
    const char *path = src_path && *src_path ? src_path : "<policy>";
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t dirlen = slash ? (size_t)(slash - path) : 0;
    const char *dir = slash ? path : "";
    if (slash && dirlen == 0) {
        dir = "/";
        dirlen = 1;
    }
    m->file = LLVMDIBuilderCreateFile(m->dib, base, strlen(base), dir, dirlen);
    m->cu = LLVMDIBuilderCreateCompileUnit(m->dib, LLVMDWARFSourceLanguageC11, m->file, "sockc", 5,
                                           1, "", 0, 0, "", 0, LLVMDWARFEmissionFull, 0, 0, 0,
                                           "", 0, "", 0);
    LLVMAddModuleFlag(m->mod, LLVMModuleFlagBehaviorWarning, "Debug Info Version", 18,
                      LLVMValueAsMetadata(LLVMConstInt(m->i32, 3, 0)));
    LLVMAddModuleFlag(m->mod, LLVMModuleFlagBehaviorWarning, "Dwarf Version", 13,
                      LLVMValueAsMetadata(LLVMConstInt(m->i32, 5, 0)));

    static const char pso[] = "llvm.preserve.static.offset";
    unsigned id = LLVMLookupIntrinsicID(pso, sizeof pso - 1);
    if (!id) {
        if (err && errlen)
            snprintf(err, errlen, "LLVM lacks %s (needs LLVM >= 18)", pso);
        bir_module_free(m);
        return NULL;
    }
    m->pso_fn = LLVMGetIntrinsicDeclaration(m->mod, id, NULL, 0);
    m->pso_ty = LLVMIntrinsicGetType(m->ctx, id, NULL, 0);
    return m;
}

void bir_module_free(bir_module *m)
{
    if (!m)
        return;
    for (bir_prog *p = m->progs, *n; p; p = n) {
        n = p->next;
        for (bir_slot *sl = p->slots, *sn; sl; sl = sn) {
            sn = sl->next;
            free(sl);
        }
        free(p);
    }
    if (m->dib)
        LLVMDisposeDIBuilder(m->dib);
    if (m->b)
        LLVMDisposeBuilder(m->b);
    if (m->mod)
        LLVMDisposeModule(m->mod);
    if (m->ctx)
        LLVMContextDispose(m->ctx);
    if (m->tm)
        LLVMDisposeTargetMachine(m->tm);
    free(m);
}

LLVMContextRef bir_context(bir_module *m) { return m->ctx; }
LLVMModuleRef bir_llvm_module(bir_module *m) { return m->mod; }
LLVMBuilderRef bir_builder(bir_module *m) { return m->b; }

/* ---- debug-info types ---- */

static LLVMMetadataRef di_int(bir_module *m)
{
    return LLVMDIBuilderCreateBasicType(m->dib, "int", 3, 32, BIR_ATE_SIGNED, LLVMDIFlagZero);
}

static LLVMMetadataRef di_uint(bir_module *m, unsigned size)
{
    switch (size) {
    case 1:
        return LLVMDIBuilderCreateBasicType(m->dib, "unsigned char", 13, 8, BIR_ATE_UNSIGNED_CHAR,
                                            LLVMDIFlagZero);
    case 2:
        return LLVMDIBuilderCreateBasicType(m->dib, "unsigned short", 14, 16, BIR_ATE_UNSIGNED,
                                            LLVMDIFlagZero);
    case 4:
        return LLVMDIBuilderCreateBasicType(m->dib, "unsigned int", 12, 32, BIR_ATE_UNSIGNED,
                                            LLVMDIFlagZero);
    case 8:
        return LLVMDIBuilderCreateBasicType(m->dib, "unsigned long long", 18, 64,
                                            BIR_ATE_UNSIGNED, LLVMDIFlagZero);
    default:
        return NULL;
    }
}

static LLVMMetadataRef di_array(bir_module *m, LLVMMetadataRef elem, unsigned elem_bits,
                                unsigned count)
{
    LLVMMetadataRef sub = LLVMDIBuilderGetOrCreateSubrange(m->dib, 0, count);
    return LLVMDIBuilderCreateArrayType(m->dib, (uint64_t)elem_bits * count, elem_bits, elem,
                                        &sub, 1);
}

static LLVMMetadataRef di_ptr(bir_module *m, LLVMMetadataRef to)
{
    return LLVMDIBuilderCreatePointerType(m->dib, to, 64, 0, 0, "", 0);
}

/* The BTF type of a map key or value. */
static LLVMMetadataRef di_user_type(bir_module *m, const bir_type *t, unsigned line,
                                    const char *what, const char *map)
{
    if (t->nfields == 0) {
        LLVMMetadataRef ty = di_uint(m, t->size);
        if (!ty)
            fail(m, "map %s: %s integer size %u is not 1, 2, 4 or 8", map, what, t->size);
        return ty;
    }
    if (!t->fields) {
        fail(m, "map %s: %s has %u fields but no field array", map, what, t->nfields);
        return NULL;
    }
    LLVMMetadataRef *members = calloc(t->nfields, sizeof *members);
    if (!members) {
        fail(m, "out of memory");
        return NULL;
    }
    uint64_t off = 0;
    unsigned max_align = 1;
    LLVMMetadataRef result = NULL;
    for (unsigned i = 0; i < t->nfields; i++) {
        const bir_field *f = &t->fields[i];
        LLVMMetadataRef elem = di_uint(m, f->size);
        if (!elem) {
            fail(m, "map %s: %s field %s: size %u is not 1, 2, 4 or 8", map, what,
                 f->name ? f->name : "?", f->size);
            goto out;
        }
        unsigned count = f->count ? f->count : 1;
        off = (off + f->size - 1) / f->size * f->size;
        if (f->size > max_align)
            max_align = f->size;
        LLVMMetadataRef fty = count > 1 ? di_array(m, elem, f->size * 8, count) : elem;
        const char *fname = f->name ? f->name : "";
        members[i] = LLVMDIBuilderCreateMemberType(m->dib, m->file, fname, strlen(fname), m->file,
                                                   line, (uint64_t)f->size * count * 8, 0, off * 8,
                                                   LLVMDIFlagZero, fty);
        off += (uint64_t)f->size * count;
    }
    off = (off + max_align - 1) / max_align * max_align;
    if (t->size && t->size != off) {
        fail(m, "map %s: %s struct %s is %llu bytes laid out naturally, not %u", map, what,
             t->name ? t->name : "?", (unsigned long long)off, t->size);
        goto out;
    }
    const char *sname = t->name ? t->name : "";
    result = LLVMDIBuilderCreateStructType(m->dib, m->file, sname, strlen(sname), m->file, line,
                                           off * 8, max_align * 8, LLVMDIFlagZero, NULL, members,
                                           t->nfields, 0, NULL, "", 0);
out:
    free(members);
    return result;
}

/* ---- globals ---- */

LLVMValueRef bir_map(bir_module *m, const bir_map_def *def)
{
    if (m->failed)
        return NULL;
    if (!def || !def->name || !*def->name) {
        fail(m, "map without a name");
        return NULL;
    }
    if (LLVMGetNamedGlobal(m->mod, def->name)) {
        fail(m, "map %s is defined twice", def->name);
        return NULL;
    }
    /* Members in libbpf's order: type, key, value, max_entries, map_flags. */
    struct {
        const char *name;
        LLVMMetadataRef ty;
    } mem[5];
    unsigned n = 0;
    LLVMMetadataRef dint = di_int(m);
#define INT_MEMBER(nm, val)                                                                   \
    do {                                                                                      \
        mem[n].name = (nm);                                                                   \
        mem[n].ty = di_ptr(m, di_array(m, dint, 32, (val)));                                  \
        n++;                                                                                  \
    } while (0)
    INT_MEMBER("type", def->type);
    if (def->key) {
        LLVMMetadataRef k = di_user_type(m, def->key, def->line, "key", def->name);
        if (!k)
            return NULL;
        mem[n].name = "key";
        mem[n++].ty = di_ptr(m, k);
    } else if (def->key_size) {
        INT_MEMBER("key_size", def->key_size);
    }
    if (def->value) {
        LLVMMetadataRef v = di_user_type(m, def->value, def->line, "value", def->name);
        if (!v)
            return NULL;
        mem[n].name = "value";
        mem[n++].ty = di_ptr(m, v);
    } else if (def->value_size) {
        INT_MEMBER("value_size", def->value_size);
    }
    if (def->max_entries)
        INT_MEMBER("max_entries", def->max_entries);
    if (def->flags)
        INT_MEMBER("map_flags", def->flags);
#undef INT_MEMBER

    LLVMMetadataRef members[5];
    LLVMTypeRef fields[5];
    for (unsigned i = 0; i < n; i++) {
        members[i] = LLVMDIBuilderCreateMemberType(m->dib, m->file, mem[i].name,
                                                   strlen(mem[i].name), m->file, def->line, 64, 0,
                                                   (uint64_t)i * 64, LLVMDIFlagZero, mem[i].ty);
        fields[i] = m->ptr;
    }
    LLVMMetadataRef st = LLVMDIBuilderCreateStructType(m->dib, m->file, "", 0, m->file, def->line,
                                                       (uint64_t)n * 64, 0, LLVMDIFlagZero, NULL,
                                                       members, n, 0, NULL, "", 0);
    LLVMTypeRef ty = LLVMStructTypeInContext(m->ctx, fields, n, 0);
    LLVMValueRef g = LLVMAddGlobal(m->mod, ty, def->name);
    LLVMSetInitializer(g, LLVMConstNull(ty));
    LLVMSetLinkage(g, LLVMExternalLinkage);
    LLVMSetSection(g, ".maps");
    LLVMSetAlignment(g, 8);
    LLVMMetadataRef gve = LLVMDIBuilderCreateGlobalVariableExpression(
        m->dib, m->cu, def->name, strlen(def->name), "", 0, m->file, def->line, st, 0,
        LLVMDIBuilderCreateExpression(m->dib, NULL, 0), NULL, 0);
    LLVMGlobalSetMetadata(g, LLVMGetMDKindIDInContext(m->ctx, "dbg", 3), gve);
    return g;
}

static LLVMValueRef byte_global(bir_module *m, const char *symbol, const char *section,
                                const void *data, size_t len)
{
    LLVMValueRef init = LLVMConstStringInContext2(m->ctx, data, len, 1);
    LLVMValueRef g = LLVMAddGlobal(m->mod, LLVMTypeOf(init), symbol);
    LLVMSetInitializer(g, init);
    LLVMSetLinkage(g, LLVMExternalLinkage);
    LLVMSetSection(g, section);
    LLVMSetAlignment(g, 1);
    return g;
}

void bir_license(bir_module *m, const char *license)
{
    if (!license)
        license = "GPL";
    /* With the terminating NUL: the kernel reads a C string. */
    byte_global(m, "_license", "license", license, strlen(license) + 1);
}

void bir_data_section(bir_module *m, const char *symbol, const char *section, const void *data,
                      size_t len)
{
    /* The ELF writer rejects a symbol named like its own section; say so here. */
    if (!strcmp(symbol, section)) {
        fail(m, "data symbol %s must not be named like its section", symbol);
        return;
    }
    LLVMValueRef g = byte_global(m, symbol, section, data, len);
    LLVMSetGlobalConstant(g, 1);
}

/* ---- programs ---- */

bir_prog *bir_prog_begin(bir_module *m, const char *fn, const char *section, unsigned line)
{
    if (LLVMGetNamedFunction(m->mod, fn)) {
        /* LLVM would silently rename the second one. */
        fail(m, "program %s is defined twice", fn);
        return NULL;
    }
    bir_prog *p = calloc(1, sizeof *p);
    if (!p) {
        fail(m, "out of memory");
        return NULL;
    }
    p->m = m;
    p->next = m->progs;
    m->progs = p;

    LLVMTypeRef fty = LLVMFunctionType(m->i32, &m->ptr, 1, 0);
    p->fn = LLVMAddFunction(m->mod, fn, fty);
    LLVMSetLinkage(p->fn, LLVMExternalLinkage);
    LLVMSetSection(p->fn, section);
    unsigned nounwind = LLVMGetEnumAttributeKindForName("nounwind", 8);
    LLVMAddAttributeAtIndex(p->fn, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(m->ctx, nounwind, 0));
    p->ctx = LLVMGetParam(p->fn, 0);
    LLVMSetValueName2(p->ctx, "ctx", 3);

    /* int fn(void *ctx) in debug info; the parameter must be named in BTF. */
    LLVMMetadataRef void_ptr = di_ptr(m, NULL);
    LLVMMetadataRef sig[2] = {di_int(m), void_ptr};
    LLVMMetadataRef sty = LLVMDIBuilderCreateSubroutineType(m->dib, m->file, sig, 2,
                                                            LLVMDIFlagZero);
    p->sp = LLVMDIBuilderCreateFunction(m->dib, m->file, fn, strlen(fn), fn, strlen(fn), m->file,
                                        line, sty, 0, 1, line, LLVMDIFlagPrototyped, 1);
    LLVMSetSubprogram(p->fn, p->sp);
    LLVMMetadataRef var = LLVMDIBuilderCreateParameterVariable(m->dib, p->sp, "ctx", 3, 1,
                                                               m->file, line, void_ptr, 1,
                                                               LLVMDIFlagZero);

    p->entry = LLVMAppendBasicBlockInContext(m->ctx, p->fn, "entry");
    LLVMPositionBuilderAtEnd(m->b, p->entry);
    LLVMMetadataRef loc = LLVMDIBuilderCreateDebugLocation(m->ctx, line, 0, p->sp, NULL);
    LLVMDIBuilderInsertDbgValueRecordAtEnd(m->dib, p->ctx, var,
                                           LLVMDIBuilderCreateExpression(m->dib, NULL, 0), loc,
                                           p->entry);
    LLVMSetCurrentDebugLocation2(m->b, loc);
    return p;
}

LLVMValueRef bir_prog_fn(bir_prog *p) { return p->fn; }

LLVMValueRef bir_ctx_ptr(bir_prog *p) { return p->ctx; }

void bir_loc(bir_prog *p, unsigned line, unsigned col)
{
    LLVMSetCurrentDebugLocation2(
        p->m->b, LLVMDIBuilderCreateDebugLocation(p->m->ctx, line, col, p->sp, NULL));
}

static LLVMTypeRef int_of_size(bir_module *m, unsigned size)
{
    switch (size) {
    case 1:
    case 2:
    case 4:
    case 8:
        return LLVMIntTypeInContext(m->ctx, size * 8);
    default:
        return NULL;
    }
}

/* A fresh `gep i8, preserve.static.offset(ctx), off` at the builder's position. */
static LLVMValueRef ctx_addr(bir_prog *p, unsigned off)
{
    bir_module *m = p->m;
    LLVMValueRef base = LLVMBuildCall2(m->b, m->pso_ty, m->pso_fn, &p->ctx, 1, "");
    LLVMValueRef idx = LLVMConstInt(m->i64, off, 0);
    return LLVMBuildInBoundsGEP2(m->b, m->i8, base, &idx, 1, "");
}

LLVMValueRef bir_ctx_load(bir_prog *p, unsigned off, unsigned size)
{
    LLVMTypeRef ty = int_of_size(p->m, size);
    if (!ty) {
        fail(p->m, "ctx load of %u bytes at %u: size must be 1, 2, 4 or 8", size, off);
        return LLVMGetUndef(p->m->i32);
    }
    LLVMValueRef v = LLVMBuildLoad2(p->m->b, ty, ctx_addr(p, off), "");
    LLVMSetAlignment(v, size);
    return v;
}

void bir_ctx_store(bir_prog *p, unsigned off, LLVMValueRef v)
{
    LLVMTypeRef ty = LLVMTypeOf(v);
    unsigned bits = LLVMGetTypeKind(ty) == LLVMIntegerTypeKind ? LLVMGetIntTypeWidth(ty) : 0;
    if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
        fail(p->m, "ctx store at %u: value is not an i8/i16/i32/i64", off);
        return;
    }
    LLVMValueRef s = LLVMBuildStore(p->m->b, v, ctx_addr(p, off));
    LLVMSetAlignment(s, bits / 8);
}

LLVMValueRef bir_helper(bir_prog *p, unsigned id, int ret_ptr, LLVMValueRef *args, unsigned nargs)
{
    bir_module *m = p->m;
    LLVMTypeRef params[5];
    if (nargs > 5) {
        fail(m, "helper %u called with %u arguments; BPF passes at most 5", id, nargs);
        return LLVMGetUndef(ret_ptr ? m->ptr : m->i64);
    }
    for (unsigned i = 0; i < nargs; i++)
        params[i] = LLVMTypeOf(args[i]);
    LLVMTypeRef fty = LLVMFunctionType(ret_ptr ? m->ptr : m->i64, params, nargs, 0);
    LLVMValueRef callee = LLVMConstIntToPtr(LLVMConstInt(m->i64, id, 0), m->ptr);
    return LLVMBuildCall2(m->b, fty, callee, args, nargs, "");
}

LLVMValueRef bir_helper_same(bir_prog *p, unsigned id)
{
    LLVMValueRef call = bir_helper(p, id, 0, NULL, 0);
    static const char *const attrs[] = {"memory", "nounwind", "willreturn"}; /* memory(none): 0 */
    for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++) {
        unsigned kind = LLVMGetEnumAttributeKindForName(attrs[i], strlen(attrs[i]));
        LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(p->m->ctx, kind, 0));
    }
    return call;
}

/* The text of one search block: bounded up front (put_search's lines are at most
 * LINE bytes, three a bound, and four lines an answer), and the answers its leaves
 * jump to, each written once at the end. */
enum { LINE = 64 }; /* "if $1 >= 0xffffffff goto .Lsc${:uid}_a4294967295\n" (49) and less */
typedef struct search_text {
    char *o;
    bool branch;       /* bir_bounds_branch's: a member's leaf jumps to label operand 1 */
    uint32_t *answers; /* those jumped to, in order (repeats too) */
    size_t nanswers;
} search_text;

/* The answer of interval k (after k bounds) of s. */
static uint32_t answer_of(const sc_search *s, size_t k)
{
    return k == 0 ? 0 : s->answer ? s->answer[k - 1] : (uint32_t)(k & 1);
}

/* The label a leaf of interval k of s jumps to: its answer's (t->branch: its
 * branch's). */
static void leaf_label(search_text *t, const sc_search *s, size_t k, char *buf, size_t len)
{
    uint32_t a = answer_of(s, k);
    if (t->branch) { /* any other leaf leaves at the block's end */
        snprintf(buf, len, a ? "${1:l}" : ".Lsc${:uid}_e");
        return;
    }
    t->answers[t->nanswers++] = a;
    snprintf(buf, len, ".Lsc${:uid}_a%u", a);
}

/* The search of operand op below bounds b[lo..hi) (lo < hi) of s, those not yet
 * compared, from the middle one. A half that is a leaf is a jump to its answer, taken
 * by the compare where it can be (the other half falls through): every path is a
 * compare a level and no jump between. A half with bounds left that is not the
 * fall-through is labelled ns and its bounds' ends; ${:uid} makes labels the asm
 * block's own. Each path ends in a jump. */
static void put_search(search_text *t, const char *op, const char *ns, const sc_search *s, size_t lo, size_t hi)
{
    size_t mid = lo + (hi - lo) / 2;
    char target[48];
    if (mid + 1 == hi && mid > lo) { /* the right half a leaf, the left falls through */
        leaf_label(t, s, hi, target, sizeof target);
        t->o += sprintf(t->o, "if %s >= %#x goto %s\n", op, s->bound[mid], target);
        put_search(t, op, ns, s, lo, mid);
        return;
    }
    if (mid == lo)
        leaf_label(t, s, lo, target, sizeof target);
    else
        snprintf(target, sizeof target, ".Lsc${:uid}_%s%zu_%zu", ns, lo, mid);
    t->o += sprintf(t->o, "if %s < %#x goto %s\n", op, s->bound[mid], target);
    if (mid + 1 == hi) {
        leaf_label(t, s, hi, target, sizeof target);
        t->o += sprintf(t->o, "goto %s\n", target);
    } else {
        put_search(t, op, ns, s, mid + 1, hi);
    }
    if (mid > lo) {
        t->o += sprintf(t->o, ".Lsc${:uid}_%s%zu_%zu:\n", ns, lo, mid);
        put_search(t, op, ns, s, lo, mid);
    }
}

/* The search of op in s from its root; an empty one is a jump to its answer. A
 * bound of 0 is not compared: nothing lies below it. */
static void put_root(search_text *t, const char *op, const char *ns, const sc_search *s)
{
    char target[48];
    size_t lo = s->n && s->bound[0] == 0;
    if (s->n > lo) {
        put_search(t, op, ns, s, lo, s->n);
        return;
    }
    leaf_label(t, s, lo, target, sizeof target);
    t->o += sprintf(t->o, "goto %s\n", target);
}

/* The search of key operand $1 among keys[lo..hi) (lo < hi), then of $2 in the key's
 * per_key search: splits at the middle key (the upper half falling through, the lower
 * labelled .Lsc${:uid}_k and its keys' ends), and a key alone its one test for
 * equality (else answer 0), the key's search falling through. */
static void put_keys(search_text *t, const uint32_t *keys, const sc_search *per_key, size_t lo, size_t hi)
{
    if (hi - lo == 1) {
        char ns[32], none[48];
        leaf_label(t, &(sc_search){0}, 0, none, sizeof none);
        t->o += sprintf(t->o, "if $1 != %#x goto %s\n", keys[lo], none);
        snprintf(ns, sizeof ns, "k%zu_", lo);
        put_root(t, "$2", ns, &per_key[lo]);
        return;
    }
    size_t mid = lo + (hi - lo) / 2;
    t->o += sprintf(t->o, "if $1 < %#x goto .Lsc${:uid}_k%zu_%zu\n", keys[mid], lo, mid);
    put_keys(t, keys, per_key, mid, hi);
    t->o += sprintf(t->o, ".Lsc${:uid}_k%zu_%zu:\n", lo, mid);
    put_keys(t, keys, per_key, lo, mid);
}

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The answers' blocks, each setting $0 once (answer 0 as 0xffffffff), and the block's
 * end; then the asm call. */
static LLVMValueRef finish_search(bir_module *m, search_text *t, char *text, const char *constraints,
                                  LLVMValueRef *args, unsigned nargs)
{
    qsort(t->answers, t->nanswers, sizeof *t->answers, by_u32);
    for (size_t i = 0; i < t->nanswers; i++) {
        if (i > 0 && t->answers[i] == t->answers[i - 1])
            continue;
        t->o += sprintf(t->o, ".Lsc${:uid}_a%u:\n$0 = %d\n", t->answers[i], t->answers[i] ? (int32_t)t->answers[i] : -1);
        if (t->answers[i] != t->answers[t->nanswers - 1]) /* the last falls through to the end */
            t->o += sprintf(t->o, "goto .Lsc${:uid}_e\n");
    }
    strcpy(t->o, ".Lsc${:uid}_e:");
    LLVMTypeRef params[2] = {m->i32, m->i32};
    LLVMTypeRef fty = LLVMFunctionType(m->i32, params, nargs, 0);
    LLVMValueRef fn = LLVMGetInlineAsm(fty, text, strlen(text), (char *)constraints, strlen(constraints), 0, 0,
                                       LLVMInlineAsmDialectATT, 0);
    free(text);
    free(t->answers);
    return LLVMBuildCall2(m->b, fty, fn, args, nargs, "");
}

/* Room for a search block of `bounds` bounds in all and `leaves` leaves. */
static char *search_room(bir_module *m, search_text *t, size_t bounds, size_t leaves)
{
    char *text = malloc(3 * LINE * bounds + 4 * LINE * (leaves + 1));
    t->answers = malloc((leaves + 1) * sizeof *t->answers);
    t->nanswers = 0;
    t->branch = false;
    if (!text || !t->answers) {
        free(text);
        free(t->answers);
        fail(m, "out of memory for a search of %zu bounds", bounds);
        return NULL;
    }
    t->o = text;
    return text;
}

LLVMValueRef bir_bounds_search(bir_prog *p, LLVMValueRef x, const sc_search *s)
{
    bir_module *m = p->m;
    search_text t;
    char *text = search_room(m, &t, s->n, s->n + 1);
    if (!text)
        return LLVMGetUndef(m->i32);
    put_root(&t, "$1", "", s);
    return finish_search(m, &t, text, "=w,w", &x, 1); /* 32-bit registers: the answer, x */
}

void bir_bounds_branch(bir_prog *p, LLVMValueRef x, const sc_search *s, LLVMBasicBlockRef yes, LLVMBasicBlockRef no)
{
    bir_module *m = p->m;
    search_text t;
    char *text = search_room(m, &t, s->n, s->n + 1);
    if (!text) {
        LLVMBuildBr(m->b, no);
        return;
    }
    t.branch = true;
    put_root(&t, "$0", "", s);
    static const char last[] = "goto .Lsc${:uid}_e\n"; /* a jump to right after it */
    if ((size_t)(t.o - text) >= strlen(last) && strcmp(t.o - strlen(last), last) == 0)
        t.o -= strlen(last);
    strcpy(t.o, ".Lsc${:uid}_e:");
    LLVMTypeRef fty = LLVMFunctionType(LLVMVoidTypeInContext(m->ctx), &m->i32, 1, 0);
    static const char constraints[] = "w,!i"; /* x in a 32-bit register; the member's label */
    LLVMValueRef fn = LLVMGetInlineAsm(fty, text, strlen(text), (char *)constraints, strlen(constraints), 1, 0,
                                       LLVMInlineAsmDialectATT, 0);
    LLVMBuildCallBr(m->b, fty, fn, no, &yes, 1, &x, 1, NULL, 0, "");
    free(text);
    free(t.answers);
}

LLVMValueRef bir_keyed_search(bir_prog *p, LLVMValueRef k, const uint32_t *keys, size_t nkeys, LLVMValueRef x,
                              const sc_search *per_key)
{
    bir_module *m = p->m;
    size_t total = 0;
    for (size_t i = 0; i < nkeys; i++)
        total += per_key[i].n;
    search_text t;
    char *text = search_room(m, &t, total + nkeys, total + 2 * nkeys + 1);
    if (!text)
        return LLVMGetUndef(m->i32);
    if (nkeys)
        put_keys(&t, keys, per_key, 0, nkeys);
    else
        put_root(&t, "$2", "", &(sc_search){0}); /* no key: answer 0 */
    LLVMValueRef args[2] = {k, x};
    return finish_search(m, &t, text, "=w,w,w", args, 2); /* the answer, k, x */
}

/* The slot of that name, size and scope, allocated in the entry block on first use. */
static LLVMValueRef stack_slot(bir_prog *p, unsigned size, const char *name, unsigned scope)
{
    bir_module *m = p->m;
    bir_slot *sl = p->slots;
    while (sl && (sl->size != size || sl->scope != scope || strcmp(sl->name, name) != 0))
        sl = sl->next;
    if (sl)
        return sl->v;
    LLVMBuilderRef tmp = LLVMCreateBuilderInContext(m->ctx);
    LLVMValueRef first = LLVMGetFirstInstruction(p->entry);
    if (first)
        LLVMPositionBuilderBefore(tmp, first);
    else
        LLVMPositionBuilderAtEnd(tmp, p->entry);
    LLVMValueRef v = LLVMBuildAlloca(tmp, LLVMArrayType2(m->i8, size), name);
    LLVMSetAlignment(v, 8);
    LLVMDisposeBuilder(tmp);
    if (!(sl = calloc(1, sizeof *sl))) {
        fail(m, "out of memory");
        return v;
    }
    *sl = (bir_slot){p->slots, name, size, scope, v};
    p->slots = sl;
    return v;
}

LLVMValueRef bir_stack(bir_prog *p, unsigned size, const char *name, unsigned scope)
{
    if (size == 0) {
        fail(p->m, "zero-sized stack slot %s", name ? name : "");
        size = 1;
    }
    LLVMValueRef v = stack_slot(p, size, name ? name : "", scope);
    LLVMBuildMemSet(p->m->b, v, LLVMConstInt(p->m->i8, 0, 0), LLVMConstInt(p->m->i64, size, 0), 8);
    return v;
}

LLVMValueRef bir_stack_untracked(bir_prog *p, const char *name, unsigned scope)
{
    LLVMValueRef off = LLVMConstInt(p->m->i64, 4, 0);
    return LLVMBuildInBoundsGEP2(p->m->b, p->m->i8, stack_slot(p, 8, name ? name : "", scope), &off, 1, "");
}

LLVMBasicBlockRef bir_block(bir_prog *p, const char *name)
{
    return LLVMAppendBasicBlockInContext(p->m->ctx, p->fn, name ? name : "");
}

void bir_prog_end(bir_prog *p)
{
    if (!p || p->ended)
        return;
    p->ended = 1;
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(p->fn); bb; bb = LLVMGetNextBasicBlock(bb))
        if (!LLVMGetBasicBlockTerminator(bb)) {
            fail(p->m, "program %s: block %s has no terminator", LLVMGetValueName(p->fn),
                 LLVMGetBasicBlockName(bb));
            break;
        }
    LLVMSetCurrentDebugLocation2(p->m->b, NULL);
    LLVMClearInsertionPosition(p->m->b);
}

/* ---- emission ---- */

static int copy_out(const char *data, size_t n, char **out, size_t *len)
{
    char *buf = malloc(n + 1);
    if (!buf)
        return -1;
    memcpy(buf, data, n);
    buf[n] = '\0';
    *out = buf;
    if (len)
        *len = n;
    return 0;
}

/* Every program returns 0 or 1 (a verdict), which the verifier must see in R0 at each
 * exit. LLVM returns a value it knows to be the verdict on that path where it can:
 * CodeGenPrepare puts the switch's value x in place of the constant c in a phi of
 * `switch x { case c: ... }` (`uid == 0 { deny; }` beside `uid == 1000 { ... }`), and
 * after `if w0 == 0` the verifier knows w0's low 32 bits, not R0's 64 (the helper's
 * gid is above). Each return of a value that is no constant is masked to its low bit
 * here, after the optimizer: instruction selection drops the `and` where the value's
 * bits are known (a phi of constants), and keeps it (one instruction) where they are
 * not. */
static void mask_returns(bir_module *m)
{
    for (LLVMValueRef fn = LLVMGetFirstFunction(m->mod); fn; fn = LLVMGetNextFunction(fn))
        for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
            LLVMValueRef ret = LLVMGetBasicBlockTerminator(bb);
            if (!ret || LLVMGetInstructionOpcode(ret) != LLVMRet || LLVMGetNumOperands(ret) != 1 ||
                LLVMIsConstant(LLVMGetOperand(ret, 0)))
                continue;
            LLVMPositionBuilderBefore(m->b, ret);
            LLVMSetOperand(ret, 0, LLVMBuildAnd(m->b, LLVMGetOperand(ret, 0), LLVMConstInt(m->i32, 1, 0), "verdict"));
        }
}

/* ---- search trees out of line ---- */

/* LLVM relaxes a jump that it estimates passes 16,383 instructions into a gotol
 * (BPFMIPreEmitPeephole::adjustBranch), but it counts an inline asm block as one
 * instruction, and a search tree's asm jumps out with 16 bits. So a program whose
 * trees and other code together might pass what a jump reaches (a tree of 4,096
 * bounds before 3,000 rules compared one by one: "Branch target out of insn range")
 * has each tree's asm moved into a function of its own, a BPF subprogram (static:
 * the verifier walks it at its call), called with the same operands; a tree that
 * branched then returns 1 for its member's label and 0 for its end, and the program
 * branches on that. The program's jumps then span only what LLVM counts, and a
 * tree's stay within its function (a tree has at most SC_TREE_MAX_BOUNDS bounds). A
 * smaller program keeps its trees inline, where they cost no call. */
enum { BIR_OUTLINE_SIZE = 16384 }; /* estimated instructions: IR ones twice, asm ones once */

/* The asm block that call runs, or NULL. */
static LLVMValueRef asm_of(LLVMValueRef call)
{
    LLVMOpcode op = LLVMGetInstructionOpcode(call);
    return op == LLVMCall || op == LLVMCallBr ? LLVMIsAInlineAsm(LLVMGetCalledValue(call)) : NULL;
}

/* The instructions of an asm block: its lines that are not labels. */
static size_t asm_insns(LLVMValueRef ia)
{
    size_t len, n = 0;
    const char *s = LLVMGetInlineAsmAsmString(ia, &len), *end = s + len;
    for (const char *l = s; l < end;) {
        const char *e = memchr(l, '\n', (size_t)(end - l));
        e = e ? e : end;
        n += e > l && e[-1] != ':';
        l = e + 1;
    }
    return n;
}

/* The function that runs search asm ia of type aty on nargs i32 operands (k, x or x)
 * and returns its answer (branch: 1 where it jumps to its label, else 0), with the
 * debug info that BTF needs of it (named parameters) at line. */
static LLVMValueRef search_fn(bir_module *m, bir_prog *p, unsigned n, LLVMValueRef ia, LLVMTypeRef aty, unsigned nargs,
                              bool branch, unsigned line)
{
    char name[96];
    snprintf(name, sizeof name, "%s__tree%u", LLVMGetValueName(p->fn), n);
    LLVMTypeRef params[2] = {m->i32, m->i32};
    LLVMValueRef fn = LLVMAddFunction(m->mod, name, LLVMFunctionType(m->i32, params, nargs, 0));
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    static const char *const attrs[] = {"noinline", "nounwind"};
    for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
        LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                                LLVMCreateEnumAttribute(m->ctx, LLVMGetEnumAttributeKindForName(attrs[i], strlen(attrs[i])), 0));
    LLVMMetadataRef sig[3] = {di_int(m), di_int(m), di_int(m)};
    LLVMMetadataRef sp = LLVMDIBuilderCreateFunction(
        m->dib, m->file, name, strlen(name), name, strlen(name), m->file, line,
        LLVMDIBuilderCreateSubroutineType(m->dib, m->file, sig, nargs + 1, LLVMDIFlagZero), 1, 1, line,
        LLVMDIFlagPrototyped, 1);
    LLVMSetSubprogram(fn, sp);
    LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(m->ctx, fn, "entry");
    LLVMMetadataRef loc = LLVMDIBuilderCreateDebugLocation(m->ctx, line, 0, sp, NULL);
    static const char *const names[2][2] = {{"x"}, {"k", "x"}};
    LLVMValueRef arg[2];
    for (unsigned i = 0; i < nargs; i++) {
        arg[i] = LLVMGetParam(fn, i);
        const char *pn = names[nargs - 1][i];
        LLVMMetadataRef var = LLVMDIBuilderCreateParameterVariable(m->dib, sp, pn, strlen(pn), i + 1, m->file, line,
                                                                   di_int(m), 1, LLVMDIFlagZero);
        LLVMDIBuilderInsertDbgValueRecordAtEnd(m->dib, arg[i], var, LLVMDIBuilderCreateExpression(m->dib, NULL, 0),
                                               loc, entry);
    }
    LLVMDIBuilderFinalizeSubprogram(m->dib, sp);
    LLVMPositionBuilderAtEnd(m->b, entry);
    LLVMSetCurrentDebugLocation2(m->b, loc);
    if (!branch) {
        LLVMBuildRet(m->b, LLVMBuildCall2(m->b, aty, ia, arg, nargs, ""));
        return fn;
    }
    LLVMBasicBlockRef yes = LLVMAppendBasicBlockInContext(m->ctx, fn, "member"),
                      no = LLVMAppendBasicBlockInContext(m->ctx, fn, "none");
    LLVMBuildCallBr(m->b, aty, ia, no, &yes, 1, arg, nargs, NULL, 0, "");
    LLVMPositionBuilderAtEnd(m->b, yes);
    LLVMBuildRet(m->b, LLVMConstInt(m->i32, 1, 0));
    LLVMPositionBuilderAtEnd(m->b, no);
    LLVMBuildRet(m->b, LLVMConstInt(m->i32, 0, 0));
    return fn;
}

/* Moves the search asm of program p out of line (above) where it is large enough. */
static void outline_searches(bir_module *m, bir_prog *p)
{
    size_t ir = 0, tree = 0;
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(p->fn); bb; bb = LLVMGetNextBasicBlock(bb))
        for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
            LLVMValueRef ia = asm_of(i);
            ir++;
            tree += ia ? asm_insns(ia) : 0;
        }
    if (!tree || 2 * ir + tree <= BIR_OUTLINE_SIZE)
        return;
    unsigned n = 0;
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(p->fn); bb; bb = LLVMGetNextBasicBlock(bb))
        for (LLVMValueRef i = LLVMGetFirstInstruction(bb), next; i; i = next) {
            next = LLVMGetNextInstruction(i);
            LLVMValueRef ia = asm_of(i);
            if (!ia)
                continue;
            bool branch = LLVMGetInstructionOpcode(i) == LLVMCallBr;
            unsigned nargs = LLVMGetNumArgOperands(i);
            LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(i);
            LLVMValueRef fn = search_fn(m, p, n++, ia, LLVMGetCalledFunctionType(i), nargs, branch,
                                        loc ? LLVMDILocationGetLine(loc) : 0);
            LLVMValueRef arg[2] = {LLVMGetOperand(i, 0), nargs > 1 ? LLVMGetOperand(i, 1) : NULL};
            LLVMPositionBuilderBefore(m->b, i);
            LLVMSetCurrentDebugLocation2(m->b, loc);
            LLVMValueRef answer = LLVMBuildCall2(m->b, LLVMGlobalGetValueType(fn), fn, arg, nargs, "");
            if (branch)
                LLVMBuildCondBr(m->b, LLVMBuildICmp(m->b, LLVMIntNE, answer, LLVMConstInt(m->i32, 0, 0), ""),
                                LLVMGetCallBrIndirectDest(i, 0), LLVMGetCallBrDefaultDest(i));
            else
                LLVMReplaceAllUsesWith(i, answer);
            LLVMInstructionEraseFromParent(i);
        }
    LLVMSetCurrentDebugLocation2(m->b, NULL);
    LLVMClearInsertionPosition(m->b);
}

int bir_emit(bir_module *m, bir_emit_kind kind, char **out, size_t *len, char *err, size_t errlen)
{
    char *msg = NULL;
    int rc = -1;
    *out = NULL;
    if (len)
        *len = 0;
#define ERR(...)                                                                              \
    do {                                                                                      \
        if (err && errlen)                                                                    \
            snprintf(err, errlen, __VA_ARGS__);                                               \
        goto done;                                                                            \
    } while (0)
    if (m->emitted)
        ERR("bir_emit: module %s was already emitted", LLVMGetSourceFileName(m->mod, &(size_t){0}));
    m->emitted = 1;
    if (m->failed)
        ERR("%s", m->err);
    for (bir_prog *p = m->progs; p; p = p->next)
        if (!p->ended)
            ERR("program %s was not finished with bir_prog_end", LLVMGetValueName(p->fn));

    LLVMDIBuilderFinalize(m->dib);
    if (LLVMVerifyModule(m->mod, LLVMReturnStatusAction, &msg))
        ERR("invalid IR: %s", msg ? msg : "?");
    LLVMDisposeMessage(msg);
    msg = NULL;

    LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
    size_t blocks = 0;
    for (LLVMValueRef fn = LLVMGetFirstFunction(m->mod); fn; fn = LLVMGetNextFunction(fn))
        blocks += LLVMCountBasicBlocks(fn);
    LLVMErrorRef e = LLVMRunPasses(m->mod, blocks > BIR_BIG_BLOCKS ? BIR_PASSES_BIG : BIR_PASSES, m->tm, opts);
    LLVMDisposePassBuilderOptions(opts);
    if (e) {
        msg = LLVMGetErrorMessage(e);
        if (err && errlen)
            snprintf(err, errlen, "optimizing: %s", msg);
        LLVMDisposeErrorMessage(msg);
        msg = NULL;
        goto done;
    }
    if (m->failed)
        ERR("%s", m->err);
    mask_returns(m);
    for (bir_prog *p = m->progs; p; p = p->next)
        outline_searches(m, p);

    if (kind == BIR_EMIT_LLVM) {
        char *text = LLVMPrintModuleToString(m->mod);
        int r = copy_out(text, strlen(text), out, len);
        LLVMDisposeMessage(text);
        if (r)
            ERR("out of memory");
        rc = 0;
        goto done;
    }
    LLVMMemoryBufferRef mb = NULL;
    if (LLVMTargetMachineEmitToMemoryBuffer(m->tm, m->mod,
                                            kind == BIR_EMIT_ASM ? LLVMAssemblyFile
                                                                 : LLVMObjectFile,
                                            &msg, &mb))
        ERR("emitting: %s", msg ? msg : "?");
    if (m->failed) {
        LLVMDisposeMemoryBuffer(mb);
        ERR("%s", m->err);
    }
    int r = copy_out(LLVMGetBufferStart(mb), LLVMGetBufferSize(mb), out, len);
    LLVMDisposeMemoryBuffer(mb);
    if (r)
        ERR("out of memory");
    rc = 0;
#undef ERR
done:
    LLVMDisposeMessage(msg);
    return rc;
}
