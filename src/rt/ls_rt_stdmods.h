/* ls_rt_stdmods — the sys, functools and random modules and the calendar
 * functions of time (ls_rt_stdmods.c), registered into a VM whose time
 * module already exists. */
#ifndef LS_RT_STDMODS_H
#define LS_RT_STDMODS_H

#include <stdbool.h>
#include "ls_vm.h"

/* Register the modules in vm->modules. false when memory is exhausted. */
bool ls_rt_stdmods_setup(LsVm *vm);

/* Is v a functools.partial? Then *func and *args are its parts. */
bool ls_rt_partial_parts(LsValue v, LsValue *func, LsTuple **args);

/* After ls_vm_load: sys.argv becomes [the program's path]. */
void ls_rt_stdmods_program_loaded(LsVm *vm);

#endif
