/* rt_program_fixture.h — for unit tests linked with the runtime but no
 * translated program: the symbols such a program defines (the built-in
 * exception vtables, the runtime's own type ids 1-4). Include it in one
 * file per test binary. */
#ifndef RT_PROGRAM_FIXTURE_H
#define RT_PROGRAM_FIXTURE_H

#include <stdint.h>

#include "runtime/rt_exc.h"
#include "runtime/rt_obj.h"

#define TEST_VTABLE(name) const RlVtable rl_vtable_##name = {900, 901, NULL};
RT_BUILTIN_EXCEPTIONS(TEST_VTABLE)
#undef TEST_VTABLE
const uint32_t rl_tid_rpy_string = 1;
const uint32_t rl_tid_rl_exception = 2;
const uint32_t rl_tid_argv_list = 3;
const uint32_t rl_tid_argv_items = 4;

#endif
