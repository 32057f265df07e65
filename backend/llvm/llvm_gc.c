/* llvm_gc.c — what the generational collector needs from generated code
 * (--gc=gen; runtime/rt_gc.h, "the generational collector"). Under Boehm
 * (the default) nothing here emits anything.
 *
 * - The type table: rl_gc_types[id] for every GC type of the program (a
 *   struct or array with the GC header; ids without one: zeroes),
 *   rl_gc_ntypes, and rl_gc_ptr_offsets, the byte offsets of the GC
 *   references of each fixed part and each item. Sizes come from
 *   be_alloc_shape, the function emit_malloc takes rt_gc_new*'s arguments
 *   from, so a nursery object's size is fixed + itemsize * length for
 *   every allocation generated code makes. A reference is what
 *   lltype_is_gcref says (a pointer to a GC struct or array): vtable
 *   pointers, function pointers and raw pointers (a dict's entries) are
 *   not; inlined structs are followed; the header is not a reference.
 * - The write barrier: before a store of a GC reference (not a constant:
 *   NULL and prebuilt objects are never young) into a GC object, a
 *   volatile load of the object's header and, when RT_GC_FLAG_TRACK is
 *   set (high word), a call of rt_gc_wb(obj) in a block of its own,
 *   marked unlikely. Volatile: the runtime sets TRACK behind LLVM's back
 *   (a minor collection makes the objects of a chunk the stack points
 *   into old where they are), and LLVM takes the allocation functions for
 *   noalias ones, so a plain load of an object it saw allocated would be
 *   folded to the header it was allocated with. No barrier for an object
 *   known young: allocated earlier in the same block, small enough for the
 *   nursery, with no call or allocation since; nor again for an object
 *   whose barrier ran in the block with no call or allocation since
 *   (rt_gc.h: once is enough until the next allocation).
 * - gc_identityhash calls rt_gc_identityhash (it pins the object). */
#include <string.h>

#include "llvm_internal.h"
#include "runtime/rt_gc.h"
#include "runtime/rt_obj.h"

#define B (F->be->b)

static void add_fn_attr(Be *be, LLVMValueRef fn, const char *name, uint64_t val) {
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                          LLVMCreateEnumAttribute(be->ctx, kind, val));
}

/* LLVM's memory(...) attribute: 2 bits (ref 1, mod 2) per location,
 * argmem at bit 0, inaccessiblemem at bit 2. */
enum { MEM_ARG_RW = 3, MEM_INACC_RW = 3 << 2 };

/* rt_gc_wb touches its object's header and the collector's own state
 * (it allocates no GC memory); rt_gc_identityhash the collector's state
 * only. Saying so keeps a barrier's slow path from making LLVM reload
 * every field and the exception state after it. */
void be_gc_declare(Be *be) {
  if (!be->gc_gen) return;
  LLVMTypeRef p = be->t_ptr;
  be->fty_gc_wb = LLVMFunctionType(be->t_void, &p, 1, 0);
  be->fty_gc_idhash = LLVMFunctionType(be->t_i64, &p, 1, 0);
  be->fn_gc_wb = LLVMAddFunction(be->mod, "rt_gc_wb", be->fty_gc_wb);
  be->fn_gc_idhash = LLVMAddFunction(be->mod, "rt_gc_identityhash", be->fty_gc_idhash);
  add_fn_attr(be, be->fn_gc_wb, "nounwind", 0);
  add_fn_attr(be, be->fn_gc_wb, "memory", MEM_ARG_RW | MEM_INACC_RW);
  add_fn_attr(be, be->fn_gc_idhash, "nounwind", 0);
  add_fn_attr(be, be->fn_gc_idhash, "memory", MEM_INACC_RW);
}

/* ---- the type table ------------------------------------------------------------- */

typedef VEC(uint32_t) Offsets;

static void struct_refs(Be *be, const LLType *s, uint32_t base, Offsets *out);

/* The references in a value of type t at byte `at`. */
static void value_refs(Be *be, const LLType *t, uint32_t at, Offsets *out) {
  if (lltype_is_gcref(t)) vec_push(&be->scratch, *out, at);
  else if (t->kind == LL_STRUCT && be_has_gcptrs(be, t)) struct_refs(be, t, at, out);
}

/* The references in the fields of struct s (at byte `base`) but a varsize
 * tail. Field offsets count the header of a GC struct. */
static void struct_refs(Be *be, const LLType *s, uint32_t base, Offsets *out) {
  const LLField *tail = lltype_varsize_field(s);
  for (uint32_t i = 0; i < s->nfields; i++)
    if (&s->fields[i] != tail) value_refs(be, s->fields[i].type, base + s->fields[i].offset, out);
}

/* The offsets offs[start..len) just appended: where the same run already
 * is (dropping the copy), else start. Types share their lists. */
static uint32_t share_run(Offsets *offs, uint32_t start) {
  uint32_t n = offs->len - start;
  if (!n) return 0;
  for (uint32_t i = 0; i + n <= start; i++)
    if (memcmp(offs->data + i, offs->data + start, n * sizeof offs->data[0]) == 0) {
      offs->len = start;
      return i;
    }
  return start;
}

static LLVMValueRef u32c(Be *be, int64_t x) {
  return LLVMConstInt(be->t_i32, (unsigned long long)(uint32_t)x, 0);
}

/* Type t's entry; its offsets are appended to `offs`. */
static LLVMValueRef type_entry(Be *be, LLVMTypeRef row, const LLType *t, Offsets *offs) {
  lltype_layout((LLType *)t);  /* idempotent */
  BeAllocShape s = be_alloc_shape(t);
  const LLField *tail = lltype_varsize_field(t);
  if (tail && s.fixed != tail->offset + tail->type->items_offset)
    be_error(be, (Loc){0, 0, 0}, "internal: the items of %s do not start at its size",
             t->name ? t->name : "?");
  uint32_t start = offs->len;
  if (t->kind == LL_STRUCT) struct_refs(be, t, 0, offs);
  uint32_t nptrs = offs->len - start;
  uint32_t ptrs = share_run(offs, start);
  start = offs->len;
  if (s.item) value_refs(be, s.item, 0, offs);
  uint32_t item_nptrs = offs->len - start;
  uint32_t item_ptrs = share_run(offs, start);
  LLVMValueRef f[8] = {u32c(be, s.fixed), u32c(be, s.itemsize), u32c(be, s.lenofs),
                       u32c(be, nptrs), u32c(be, ptrs), u32c(be, item_nptrs),
                       u32c(be, item_ptrs), u32c(be, RT_GC_TYPE_GC)};
  return LLVMConstNamedStruct(row, f, 8);
}

static void const_global(Be *be, const char *name, LLVMValueRef init) {
  LLVMValueRef g = LLVMAddGlobal(be->mod, LLVMTypeOf(init), name);
  LLVMSetInitializer(g, init);
  LLVMSetGlobalConstant(g, 1);
  LLVMSetLinkage(g, LLVMExternalLinkage);
}

/* Every GC type of the program gets its entry, whether or not a malloc
 * names it: the runtime allocates by type ids it is given as integers
 * (dict_list's list types, the rl_tid_* types). */
void be_gc_tables(Be *be) {
  if (!be->gc_gen) return;
  const LLTypes *L = be->prog->types;
  uint32_t n = 0;
  for (unsigned i = 0; i < L->containers.len; i++) {
    const LLType *t = L->containers.data[i];
    if (t->gc && t->id + 1 > n) n = t->id + 1;
  }
  _Static_assert(sizeof(RtGcType) == 8 * sizeof(uint32_t), "RtGcType: 8 words");
  LLVMTypeRef w[8];
  for (int i = 0; i < 8; i++) w[i] = be->t_i32;
  LLVMTypeRef row = LLVMStructCreateNamed(be->ctx, "rl.gc_type");
  LLVMStructSetBody(row, w, 8, 0);
  LLVMValueRef *rows = arena_alloc_array(&be->scratch, n + 1, sizeof *rows);
  for (uint32_t i = 0; i < n; i++) rows[i] = LLVMConstNull(row);
  Offsets offs = {0};
  for (unsigned i = 0; i < L->containers.len; i++) {
    const LLType *t = L->containers.data[i];
    if (t->gc) rows[t->id] = type_entry(be, row, t, &offs);
  }
  const_global(be, "rl_gc_types", LLVMConstArray2(row, rows, n));
  const_global(be, "rl_gc_ntypes", u32c(be, n));
  LLVMValueRef *ov = arena_alloc_array(&be->scratch, offs.len + 1, sizeof *ov);
  for (unsigned i = 0; i < offs.len; i++) ov[i] = u32c(be, offs.data[i]);
  const_global(be, "rl_gc_ptr_offsets", LLVMConstArray2(be->t_i32, ov, offs.len));
}

/* ---- the write barrier ------------------------------------------------------------- */

static bool nobar_has(const BeFn *F, const Value *p) {
  for (unsigned i = 0; i < F->nnobar; i++)
    if (F->nobar[i] == p) return true;
  return false;
}

static void nobar_add(BeFn *F, const Value *p) {
  if (nobar_has(F, p)) return;
  if (F->nnobar == BE_NOBAR) {  /* forget the oldest */
    memmove(F->nobar, F->nobar + 1, (BE_NOBAR - 1) * sizeof F->nobar[0]);
    F->nnobar--;
  }
  F->nobar[F->nnobar++] = p;
}

void be_gc_store_barrier(BeFn *F, const Op *op, const LLType *elem, const Value *v) {
  Be *be = F->be;
  const Value *p = op->args[0];
  const LLType *pt = p->ll;
  if (!be->gc_gen || !lltype_is_gcref(elem) || v->kind == VAL_CONST) return;
  if (!pt || pt->kind != LL_PTR || !pt->to->gc || nobar_has(F, p)) return;
  LLVMValueRef obj = be_value(F, p);
  LLVMValueRef h = LLVMBuildLoad2(B, be->t_i64, obj, "gc.hdr");
  LLVMSetVolatile(h, 1);
  be_tag_heap(be, h);
  LLVMValueRef bit = LLVMConstInt(be->t_i64, (uint64_t)RT_GC_FLAG_TRACK << 32, 0);
  LLVMValueRef track = LLVMBuildICmp(B, LLVMIntNE, LLVMBuildAnd(B, h, bit, ""),
                                     LLVMConstInt(be->t_i64, 0, 0), "gc.track");
  LLVMBasicBlockRef slow = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "gc.wb");
  LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "gc.stored");
  be_mark_unlikely(be, LLVMBuildCondBr(B, track, slow, cont));
  LLVMPositionBuilderAtEnd(B, slow);
  be_call(be, be->fty_gc_wb, be->fn_gc_wb, &obj, 1);
  LLVMBuildBr(B, cont);
  LLVMPositionBuilderAtEnd(B, cont);
  nobar_add(F, p);
}

/* A malloc whose object is surely young: rt_gc_gen_new* put every object
 * of a type in the table of at most RT_GC_CHUNK / 4 bytes (rounded up to
 * 8) in the nursery; a varsize one needs a constant length. */
static bool young_alloc(const Op *op) {
  const Value *tv = op->args[0];
  if (tv->kind != VAL_CONST || tv->ckind != CONST_LLTYPE) return false;
  const LLType *t = tv->u.ref.p;
  if (!t->gc) return false;
  BeAllocShape s = be_alloc_shape(t);
  uint64_t size = s.fixed;
  if (op->opc == LLOP_malloc_varsize) {
    const Value *n = op->args[1];
    if (n->kind != VAL_CONST || n->ckind != CONST_INT || n->u.i < 0 || n->u.i > RT_GC_CHUNK)
      return false;
    size += (uint64_t)n->u.i * s.itemsize;
  }
  return ((size + 7) & ~(uint64_t)7) <= RT_GC_CHUNK / 4;
}

/* Ops that neither call nor allocate: what needed no barrier still
 * needs none after them. */
static bool keeps_nobar(LLOp opc) {
  switch (opc) {
  case LLOP_getfield: case LLOP_setfield: case LLOP_getarrayitem:
  case LLOP_setarrayitem: case LLOP_getarraysize: case LLOP_getinteriorfield:
  case LLOP_setinteriorfield: case LLOP_getinteriorarraysize:
  case LLOP_gc_write_barrier:
    return true;
  case LLOP_gc_identityhash: case LLOP_float_floordiv: case LLOP_float_mod:
    return false;  /* calls */
  default:
    return (llop_info[opc].flags & LL_PURE) != 0;
  }
}

void be_gc_after_op(BeFn *F, const Op *op) {
  if (!F->be->gc_gen || op->opc >= LLOP_COUNT) return;
  LLOp opc = (LLOp)op->opc;
  if (opc == LLOP_malloc || opc == LLOP_malloc_varsize) {
    F->nnobar = 0;
    if (op->result && young_alloc(op)) nobar_add(F, op->result);
  } else if (opc == LLOP_same_as || opc == LLOP_cast_pointer) {
    if (op->result && op->nargs == 1 && nobar_has(F, op->args[0])) nobar_add(F, op->result);
  } else if (!keeps_nobar(opc)) {
    F->nnobar = 0;
  }
}

LLVMValueRef be_gc_identityhash(BeFn *F, LLVMValueRef p) {
  return be_call(F->be, F->be->fty_gc_idhash, F->be->fn_gc_idhash, &p, 1);
}
