/* bpfir: the thin layer over the LLVM C API that everything BPF-specific in code
 * generation goes through: the module (triple bpfel, cpu v3, a DICompileUnit so BTF
 * is emitted), BTF-defined maps in ".maps", program functions in libbpf sections with
 * a DISubprogram, context loads/stores through llvm.preserve.static.offset with a
 * fresh GEP per access, helper calls, per-statement debug locations, and emission
 * (O2 pipeline + BPF backend) to an object, assembly or IR text in memory.
 * codegen.c decides what to emit; this file knows how. */
#ifndef SOCKC_BPFIR_H
#define SOCKC_BPFIR_H
#include "bounds.h"

#include <llvm-c/Core.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bir_module bir_module;
typedef struct bir_prog bir_prog;

typedef enum bir_emit_kind { BIR_EMIT_OBJ, BIR_EMIT_ASM, BIR_EMIT_LLVM } bir_emit_kind;

/* A BTF type for a map key or value: with nfields == 0, an unsigned integer of `size`
 * bytes (1, 2, 4, 8); otherwise a struct `name` of unsigned-int fields or arrays of
 * them (count > 1), laid out in order with natural alignment. */
typedef struct bir_field {
    const char *name;
    unsigned size;  /* element size in bytes: 1, 2, 4, 8 */
    unsigned count; /* 1 = scalar, > 1 = array */
} bir_field;

typedef struct bir_type {
    const char *name;
    unsigned size; /* for an integer; for a struct the sum of its fields */
    unsigned nfields;
    const bir_field *fields;
} bir_type;

typedef struct bir_map_def {
    const char *name;
    unsigned type;                /* BPF_MAP_TYPE_* */
    const bir_type *key, *value;  /* BTF key/value types, or NULL: then key_size/value_size */
    unsigned key_size, value_size;
    unsigned max_entries;
    unsigned flags;               /* map_flags, e.g. BPF_F_NO_PREALLOC; 0 = omitted */
    unsigned line;                /* where the policy declares it (debug info) */
} bir_map_def;

/* src_path names the DIFile that line info points at. On failure returns NULL and
 * writes a message into err. */
bir_module *bir_module_new(const char *name, const char *src_path, char *err, size_t errlen);
void bir_module_free(bir_module *m);
/* The first error a builder call recorded (an invalid map def or access size, an LLVM
 * diagnostic), or NULL. Calls that fail return NULL/undef and bir_emit then fails with
 * this message, so callers may check once at the end. */
const char *bir_error(const bir_module *m);
LLVMContextRef bir_context(bir_module *m);
LLVMModuleRef bir_llvm_module(bir_module *m);
LLVMBuilderRef bir_builder(bir_module *m);

/* A BTF-defined map global in ".maps" (external linkage, zero initializer). Returns the
 * global, to pass as the map argument of helper calls; NULL for an invalid or duplicate
 * def (see bir_error). */
LLVMValueRef bir_map(bir_module *m, const bir_map_def *def);
/* char _license[] SEC("license"). */
void bir_license(bir_module *m, const char *license);
/* A constant byte array `symbol` in section `section` (no BTF), kept in the object. */
void bir_data_section(bir_module *m, const char *symbol, const char *section, const void *data, size_t len);

/* Starts `int fn(void *ctx)` in section `section` (libbpf's name, e.g.
 * "cgroup/connect4"); line is where its first rule is. The builder is positioned in
 * the entry block. NULL if `fn` is already defined (see bir_error). */
bir_prog *bir_prog_begin(bir_module *m, const char *fn, const char *section, unsigned line);
LLVMValueRef bir_prog_fn(bir_prog *p);
/* The debug location of the instructions emitted from now on (a policy line). */
void bir_loc(bir_prog *p, unsigned line, unsigned col);
/* Loads `size` bytes (1, 2, 4, 8) at ctx+off as an integer of that width. */
LLVMValueRef bir_ctx_load(bir_prog *p, unsigned off, unsigned size);
/* Stores integer v (i32 or i64) at ctx+off. */
void bir_ctx_store(bir_prog *p, unsigned off, LLVMValueRef v);
/* The ctx pointer itself (for helpers that take it, such as bpf_bind). */
LLVMValueRef bir_ctx_ptr(bir_prog *p);
/* A call of BPF helper `id` returning i64 (every helper returns long or a pointer;
 * ret_ptr selects ptr). Arguments are passed as given. */
LLVMValueRef bir_helper(bir_prog *p, unsigned id, int ret_ptr, LLVMValueRef *args, unsigned nargs);
/* A call of a helper of no arguments whose answer is the same throughout a run of the
 * program (bpf_get_current_uid_gid), marked as touching no memory: of such calls where
 * one comes before another on every path, LLVM keeps the first. */
LLVMValueRef bir_helper_same(bir_prog *p, unsigned id);
/* x's answer in s (common/bounds.h; i32, x i32), answer 0 as 0xffffffff (past any
 * array indexed by answers), from a balanced search of compares (at most log2(n) + 1)
 * written as one inline-asm block, which neither the IR passes nor instruction
 * selection see: a branch per bound costs them time that grows faster than the
 * bounds (4,096: 2 s). */
LLVMValueRef bir_bounds_search(bir_prog *p, LLVMValueRef x, const sc_search *s);
/* The same search ending the block: to `yes` where x's answer is 1 (a member, for a
 * search of the bounds of a set's members), else to `no`; no answer in a register,
 * each leaf jumps straight on (asm goto). */
void bir_bounds_branch(bir_prog *p, LLVMValueRef x, const sc_search *s, LLVMBasicBlockRef yes, LLVMBasicBlockRef no);
/* The answer's search, keyed: where k equals keys[i] (nkeys ascending words), x's
 * answer in per_key[i]; 0xffffffff for any other k. One asm block: a search over the
 * keys (a compare for equality each, under a balanced search of them), then x's. */
LLVMValueRef bir_keyed_search(bir_prog *p, LLVMValueRef k, const uint32_t *keys, size_t nkeys, LLVMValueRef x,
                              const sc_search *per_key);
/* A zeroed stack slot of `size` bytes for one use (a helper's key, say), zeroed where
 * this is called. Every call with the same name, size and scope returns the same slot,
 * allocated once in the entry block: a program with a thousand map lookups still has
 * one key on its 512-byte stack. Slots in use at the same time need names of their
 * own; code on paths that never meet (one family's and the other's) is best given
 * scopes of its own, so that LLVM sees each slot written whole on its path. `name`
 * must outlive the module (a string literal). */
LLVMValueRef bir_stack(bir_prog *p, unsigned size, const char *name, unsigned scope);
/* A 4-byte stack slot, not zeroed, for a word the verifier is not to track: 4 bytes
 * into an 8-byte slot, where it keeps no value stored but 0 (it tracks aligned
 * spills only). A map key stored there that differs from path to path (a search's
 * answer, say) lets the paths meet at the lookup instead of walking on each with
 * its own constant. Named and shared as bir_stack's. */
LLVMValueRef bir_stack_untracked(bir_prog *p, const char *name, unsigned scope);
/* A new basic block in the program. */
LLVMBasicBlockRef bir_block(bir_prog *p, const char *name);
/* Finishes the function (the caller has terminated every block). */
void bir_prog_end(bir_prog *p);

/* Finalizes debug info, verifies the module, runs default<O2> with the BPF target
 * machine, and emits. *out is malloc'ed (NUL-terminated for text). Returns 0, or -1
 * with a message in err. May be called once per module. */
int bir_emit(bir_module *m, bir_emit_kind kind, char **out, size_t *len, char *err, size_t errlen);
#endif
