/* codegen: the planned programs and the policy's maps, as LLVM IR in a bpfir module. */
#ifndef SOCKC_CODEGEN_H
#define SOCKC_CODEGEN_H
#include "context.h"

struct bir_module;
/* Returns 0, 1 when a policy error was reported, -1 on internal failure. */
int sc_codegen_module(sc_ctx *c, struct bir_module *m);
#endif
