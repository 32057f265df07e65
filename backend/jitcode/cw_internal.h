/* cw_internal.h — the codewriter's context, shared by its files:
 *   cw_select.c  which graphs get jitcodes; loops; liveness
 *   cw_emit.c    one graph to one jitcode (registers, ops, exits)
 *   cw_tables.c  descriptors, addresses, stubs, constants; the image
 *   cw_vable.c   which residual calls leave virtualizables alone
 * One Cw per cw_write; nothing global. */
#ifndef RT_CW_INTERNAL_H
#define RT_CW_INTERNAL_H

#include "annotator/ann.h"
#include "backend/jitcode/codewriter.h"
#include "core/vec.h"
#include "frontend/program.h"
#include "rtyper/llfixed.h"
#include "runtime/jit/jitcode.h"

typedef VEC(uint8_t) Bytes;
typedef VEC(Block *) BlockVec;

/* One graph that gets a jitcode. */
/* An instance field: the same name at the same offset is one field in
 * every class struct that has it (a subclass's struct repeats its bases'
 * fields), so it gets one descr whatever struct a getfield names. */
typedef struct CwInstField {
  const char *name;        /* interned */
  uint32_t offset;
  uint32_t descr;
} CwInstField;

typedef struct CwCode {
  LLFunc *func;
  Graph *g;
  uint32_t index;          /* in the image's jitcode table */
  bool portal;
  bool indirect;           /* an indirect call may reach it: hdr.fn_addr */
  JcCode hdr;              /* filled by cw_emit_code */
  Bytes code;
  /* constants: values per bank, in register order above the variables */
  VEC(int64_t) ki;
  VEC(uint32_t) kr;        /* addr index or JC_NULL_ADDR */
  VEC(double) kf;
  HMap kmap[JC_NBANKS];    /* value key -> constant index + 1 */
  bool kzero[JC_NBANKS];   /* the 0 / NULL / 0.0 constant exists ... */
  uint16_t kzero_at[JC_NBANKS]; /* ... at this index */
} CwCode;

typedef struct Cw {
  Arena *A;
  Diag *D;
  const BeProgram *prog;
  bool failed;
  HMap codes_of;           /* LLFunc* -> CwCode* */
  VEC(CwCode *) codes;
  HMap portal_of;          /* Graph* -> (void *)1 for portal graphs */
  /* tables */
  VEC(JcDescr) descrs;
  HMap descr_map;          /* key object (LLField*, LLType*, ...) -> index + 1 */
  HMap descr_map2;         /* a second key space (interior arrays, indirect calls) */
  VEC(CwInstField) inst_fields; /* the one descr of each instance field */
  uint32_t typeptr_descr;        /* + 1: every struct's typeptr (0: none yet) */
  HMap vable_memo;               /* LLFunc* -> cw_vable.c's answer */
  int8_t frames_confined;        /* cw_frames_confined: 0 unknown, 1 yes, -1 no */
  HMap novable_calls;            /* LLFunc* -> its JC_FX_NOVABLE call descr + 1 */
  VEC(CwAddr) addrs;
  HMap addr_map;           /* LLFunc* / LLPrebuilt* -> index + 1 */
  VEC(const char *) stubs;
  VEC(const LLType *) stub_types;
  VEC(JcDriver) drivers;
  HMap driver_map;         /* FrozenDesc* -> driver index + 1 */
  VEC(const void *) driver_keys;
  VEC(uint32_t) driver_code;  /* per driver: its portal's CwCode index */
  Bytes pool;
  Bytes strings;
} Cw;

/* cw_select.c */
void cw_select(Cw *C);
bool cw_has_loop(Arena *A, Graph *g);
/* All blocks of g reachable from its start, start first (depth-first). */
void cw_blocks(Arena *A, Graph *g, BlockVec *out);
/* Liveness over the whole graph (flow graphs pass every variable through
 * block inputs, but the rtyper's helper graphs also use variables across
 * blocks). Sets are bitsets of g->next_var bits. */
typedef struct CwLive {
  uint32_t words;
  uint64_t **in;           /* per block id: live on entry (NULL: not known) */
  uint64_t *tmp;           /* scratch */
} CwLive;
CwLive cw_liveness(Arena *A, Graph *g);
void cw_live_out(const CwLive *L, Block *b, uint64_t *s);
/* One op backwards: s = (s - result) + args. */
void cw_live_step(const Op *op, uint64_t *s);
/* The variables live right after op `k` of block b (arena memory). */
uint64_t *cw_live_after(Arena *A, Graph *g, Block *b, uint32_t k);

/* cw_regalloc.c */
void cw_assign_registers(Cw *C, Graph *g, BlockVec *order, uint16_t *reg,
                         uint16_t nvars[JC_NBANKS], uint16_t nparams[JC_NBANKS]);

/* cw_emit.c */
void cw_emit_code(Cw *C, CwCode *K);
/* True when every op of g can be written as jitcode. */
bool cw_supported(Graph *g);

/* cw_tables.c */
uint32_t cw_str(Cw *C, const char *s);
uint32_t cw_pool(Cw *C, const void *data, uint32_t size, uint32_t align);
uint32_t cw_addr(Cw *C, bool is_func, void *p);
uint32_t cw_field_descr(Cw *C, const LLType *s, const LLField *f);
uint32_t cw_array_descr(Cw *C, const LLType *a);
uint32_t cw_interior_descr(Cw *C, const LLType *s, const LLField *f);
uint32_t cw_size_descr(Cw *C, const LLType *s);
uint32_t cw_call_descr(Cw *C, LLFunc *f, const LLType *ftype);
/* The same with JC_FX_NOVABLE added (a call that leaves virtualizables alone). */
uint32_t cw_call_descr_novable(Cw *C, LLFunc *f, const LLType *ftype);
/* cw_emit.c: what pointer type t points to (NULL: t is no pointer); the
 * field a getfield/setfield op names (NULL: none). */
const LLType *cw_pointee(const LLType *t);
const LLField *cw_op_field(const Op *op);
/* cw_vable.c: whether f (its graph or one it calls) reads or writes a
 * field named in a `_virtualizable_`, or makes an indirect call. */
bool cw_touches_vable(Cw *C, LLFunc *f);
/* Whether no virtualizable frame can be stored in memory: no field of any
 * struct and no item of any array has a pointer type that may point to an
 * instance of a struct with `_virtualizable_` fields (its class, a base
 * class or a subclass). Then only code passed a frame can reach it, and
 * a recursive portal call from a trace (call_assembler, JEF_VABLE_ARGS)
 * leaves the other frames alone. */
bool cw_frames_confined(Cw *C);
/* Whether the direct call op k of block b leaves virtualizables alone:
 * its callee does not touch them, nor is it passed one or their lists. */
bool cw_call_leaves_vable(Cw *C, const Block *b, uint32_t k);
uint32_t cw_exc_descr(Cw *C, const LLPrebuilt *vtable, Loc loc);
uint32_t cw_switch_descr(Cw *C, uint32_t n, const int64_t *values,
                         const uint32_t *labels, uint32_t deflt);
/* Patches a switch descriptor's labels once they are known. */
void cw_switch_patch(Cw *C, uint32_t d, const uint32_t *labels, uint32_t deflt);
uint32_t cw_driver(Cw *C, const void *frozen, const char *name, CwCode *K,
                   uint32_t merge_pc, uint32_t ngreens, uint32_t nargs,
                   Value *const *args, Loc loc);
void cw_finish(Cw *C, CwImage *out);

/* byte buffers */
void cw_put8(Cw *C, Bytes *b, uint8_t v);
void cw_put16(Cw *C, Bytes *b, uint16_t v);
void cw_put32(Cw *C, Bytes *b, uint32_t v);
void cw_set32(Bytes *b, uint32_t at, uint32_t v);

#endif
