/* llvm_data.c — static data: LLPrebuilt objects become LLVM globals.
 *
 * Every reachable LLPrebuilt gets one global of its own literal type (the
 * varsize part sized to its items), declared before any initializer is
 * built so that objects may point at each other in cycles. Immutable
 * objects (strings, vtables, tuples, frozen instances) are `constant` and
 * land in read-only data; the others are writable .data, which Boehm scans
 * as roots. GC objects get a header with their type id and
 * RT_GC_FLAG_PREBUILT (runtime/rt_obj.h); with --gc=gen the writable ones
 * also RT_GC_FLAG_TRACK, in section rl_gc_prebuilt, which the collector
 * does not scan (the write barrier records what is stored there). Objects
 * named by the program's exports keep that external symbol; all others
 * are private. */
#include <string.h>

#include "llvm_internal.h"

#include "runtime/rt_obj.h"

uint64_t be_gc_header(const LLType *t, bool prebuilt) {
  return (uint64_t)t->id | ((uint64_t)(prebuilt ? RT_GC_FLAG_PREBUILT : 0) << 32);
}

/* --gc=gen: a writable GC object, which the write barrier covers. */
static bool tracked(const Be *be, const LLPrebuilt *o) {
  return be->gc_gen && o->type->gc && !o->immutable;
}

LLVMValueRef be_global(Be *be, LLPrebuilt *o) {
  return bemap_get(&be->globals, o);
}

static void declare_obj(Be *be, LLPrebuilt *o, const char *symbol) {
  if (bemap_get(&be->globals, o)) return;
  LLVMTypeRef ty = be_obj_type(be, o);
  LLVMValueRef g = LLVMAddGlobal(be->mod, ty, symbol ? symbol
                                 : (o->name ? o->name : "obj"));
  LLVMSetLinkage(g, symbol ? LLVMExternalLinkage : LLVMPrivateLinkage);
  LLVMSetGlobalConstant(g, o->immutable);
  if (tracked(be, o)) LLVMSetSection(g, "rl_gc_prebuilt");
  unsigned align = o->type->align > 8 ? o->type->align : 8;
  LLVMSetAlignment(g, align);
  bemap_put(&be->globals, o, g);
}

void be_data_declare(Be *be) {
  for (uint32_t i = 0; i < be->prog->nexports; i++)
    declare_obj(be, be->prog->exports[i].obj, be->prog->exports[i].symbol);
  for (unsigned i = 0; i < be->objs.len; i++)
    declare_obj(be, be->objs.data[i], NULL);
}

static LLVMValueRef obj_init(Be *be, const LLPrebuilt *o);

static LLVMValueRef int_const(LLVMTypeRef ty, const Value *v) {
  int64_t i = 0;
  if (v->ckind == CONST_INT || v->ckind == CONST_BOOL) i = v->u.i;
  else if (v->ckind == CONST_STR && v->u.s.len == 1)
    i = (unsigned char)v->u.s.p[0];
  else if (v->ckind == CONST_FLOAT) i = (int64_t)v->u.f;
  return LLVMConstInt(ty, (unsigned long long)i, 0);
}

static LLVMValueRef ptr_const(Be *be, const Value *v) {
  switch ((ConstKind)v->ckind) {
  case CONST_LLOBJ: {
    LLVMValueRef g = be_global(be, v->u.ref.p);
    if (g) return g;
    be_error(be, v->loc, "internal: static object %s not declared",
             v->u.ref.name ? v->u.ref.name : "?");
    return LLVMConstNull(be->t_ptr);
  }
  case CONST_LLFUNC: return be_func(be, v->u.ref.p);
  default: return LLVMConstNull(be->t_ptr);
  }
}

/* A constant in memory representation. */
static LLVMValueRef mem_const(Be *be, const Value *v, const LLType *t) {
  LLVMTypeRef ty = be_mem_type(be, t);
  if (!v || v->kind != VAL_CONST) return LLVMConstNull(ty);
  switch ((LLKind)t->kind) {
  case LL_BOOL: {
    int64_t b = v->ckind == CONST_BOOL || v->ckind == CONST_INT ? v->u.i : 0;
    return LLVMConstInt(be->t_i8, b != 0, 0);
  }
  case LL_CHAR:
  case LL_SIGNED:
  case LL_UNSIGNED: return int_const(ty, v);
  case LL_FLOAT:
    return LLVMConstReal(ty, v->ckind == CONST_FLOAT ? v->u.f : (double)v->u.i);
  case LL_PTR:
  case LL_FUNC: return ptr_const(be, v);
  case LL_STRUCT:
    if (v->ckind == CONST_LLOBJ) return obj_init(be, v->u.ref.p);
    return LLVMConstNull(ty);
  default: return LLVMConstNull(ty);
  }
}

/* Completes m[0..k) with an array's length and items: a literal struct. */
static LLVMValueRef items_const(Be *be, const LLType *a, uint32_t n,
                                Value **items, LLVMValueRef *m, unsigned k) {
  if (!a->nolength) m[k++] = LLVMConstInt(be->t_i64, n, 0);
  LLVMValueRef *iv = arena_alloc_array(&be->scratch, n + 1, sizeof *iv);
  for (uint32_t i = 0; i < n; i++) iv[i] = mem_const(be, items[i], a->item);
  m[k++] = LLVMConstArray2(be_mem_type(be, a->item), iv, n);
  return LLVMConstStructInContext(be->ctx, m, k, 0);
}

static LLVMValueRef obj_init(Be *be, const LLPrebuilt *o) {
  const LLType *t = o->type;
  LLVMValueRef *m = arena_alloc_array(&be->scratch, t->nfields + 4, sizeof *m);
  unsigned k = 0;
  uint64_t track = tracked(be, o) ? (uint64_t)RT_GC_FLAG_TRACK << 32 : 0;
  if (t->gc) m[k++] = LLVMConstInt(be->t_i64, be_gc_header(t, true) | track, 0);
  if (t->kind == LL_ARRAY)
    return items_const(be, t, o->nitems, o->items, m, k);
  const LLField *tail = lltype_varsize_field(t);
  uint32_t nfixed = t->nfields - (tail ? 1 : 0);
  for (uint32_t i = 0; i < nfixed; i++)
    m[k++] = mem_const(be, i < o->nfields ? o->fields[i] : NULL,
                       t->fields[i].type);
  if (!tail) return LLVMConstNamedStruct(be_mem_type(be, t), m, k);
  LLVMValueRef am[3];
  m[k++] = items_const(be, tail->type, o->nitems, o->items, am, 0);
  return LLVMConstStructInContext(be->ctx, m, k, 0);
}

void be_data_define(Be *be) {
  for (unsigned i = 0; i < be->objs.len; i++) {
    LLPrebuilt *o = be->objs.data[i];
    LLVMSetInitializer(be_global(be, o), obj_init(be, o));
  }
}

LLVMValueRef be_const(Be *be, const Value *v, const LLType *t) {
  if (v->ll) t = v->ll;
  LLVMTypeRef ty = t ? be_reg_type(be, t) : be->t_i64;
  if (!ty) return NULL;  /* Void */
  switch ((ConstKind)v->ckind) {
  case CONST_INT:
  case CONST_BOOL:
    if (ty == be->t_f64) return LLVMConstReal(ty, (double)v->u.i);
    if (ty == be->t_ptr) return LLVMConstNull(ty);
    return LLVMConstInt(ty, (unsigned long long)v->u.i, 0);
  case CONST_FLOAT: return LLVMConstReal(be->t_f64, v->u.f);
  case CONST_STR:
    if (v->u.s.len == 1 && ty == be->t_i8)
      return LLVMConstInt(ty, (unsigned char)v->u.s.p[0], 0);
    break;
  case CONST_LLOBJ:
  case CONST_LLFUNC:
  case CONST_LLNULL:
  case CONST_NONE: return ptr_const(be, v);
  default: break;
  }
  be_error(be, v->loc, "internal: constant of kind %d cannot be a value",
           v->ckind);
  return LLVMGetUndef(ty);
}

