/* llvm_types.c — LLVM types from low-level types, checked against the
 * LLType layout (ARCHITECTURE.md §7: one layout table, LLVM must agree).
 *
 * Registers: Bool i1, Char i8, Signed/Unsigned i64, Float double, every
 * pointer the opaque `ptr`. Memory: Bool is a byte; a struct is a named
 * LLVM struct {i64 GC header if gc, fields...}; an array is {i64 header if
 * gc, i64 length unless nolength, [0 x item]}; a struct's varsize tail is
 * its inlined array type, so a GEP to item i of it is in bounds of the
 * whole object. Prebuilt objects get literal types of the same shape with
 * [n x item]. LLVM lays structs out with the x86-64 SysV rules the
 * LLType layout uses; be_check_layout proves it for every type used. */
#include <string.h>

#include "llvm_internal.h"

void be_types_init(Be *be) {
  be->t_void = LLVMVoidTypeInContext(be->ctx);
  be->t_i1 = LLVMInt1TypeInContext(be->ctx);
  be->t_i8 = LLVMInt8TypeInContext(be->ctx);
  be->t_i32 = LLVMInt32TypeInContext(be->ctx);
  be->t_i64 = LLVMInt64TypeInContext(be->ctx);
  be->t_f64 = LLVMDoubleTypeInContext(be->ctx);
  be->t_ptr = LLVMPointerTypeInContext(be->ctx, 0);
  be->ntypes = be->prog->types->next_id;
  be->ty_mem = arena_alloc_array(&be->scratch, be->ntypes + 1,
                                 sizeof(LLVMTypeRef));
  be->ty_gcptrs = arena_alloc_array(&be->scratch, be->ntypes + 1, 1);
}

LLVMTypeRef be_reg_type(Be *be, const LLType *t) {
  switch ((LLKind)t->kind) {
  case LL_VOID: return NULL;
  case LL_BOOL: return be->t_i1;
  case LL_CHAR: return be->t_i8;
  case LL_SIGNED:
  case LL_UNSIGNED: return be->t_i64;
  case LL_FLOAT: return be->t_f64;
  case LL_PTR: return be->t_ptr;
  default: return be_mem_type(be, t);
  }
}

unsigned be_field_index(const LLType *s, uint32_t fi) {
  return fi + (s->gc ? 1u : 0u);
}

unsigned be_items_index(const LLType *a) {
  return (a->gc ? 1u : 0u) + (a->nolength ? 0u : 1u);
}

int be_find_field(const LLType *s, const char *name) {
  for (uint32_t i = 0; i < s->nfields; i++)
    if (s->fields[i].name == name || strcmp(s->fields[i].name, name) == 0)
      return (int)i;
  return -1;
}

static const char *type_name(Be *be, const LLType *t) {
  if (t->kind == LL_STRUCT && t->name) return t->name;
  return arena_printf(&be->scratch, "%sarray.%u", t->gc ? "gc" : "", t->id);
}

/* The members of an array type with `n` items. */
static unsigned array_members(Be *be, const LLType *a, uint64_t n,
                              LLVMTypeRef *m) {
  unsigned k = 0;
  if (a->gc) m[k++] = be->t_i64;
  if (!a->nolength) m[k++] = be->t_i64;
  m[k++] = LLVMArrayType2(be_mem_type(be, a->item), n);
  return k;
}

static LLVMTypeRef make_struct(Be *be, const LLType *t) {
  lltype_layout((LLType *)t);  /* idempotent; the layout is the reference */
  LLVMTypeRef st = LLVMStructCreateNamed(be->ctx, type_name(be, t));
  be->ty_mem[t->id] = st;  /* before the fields: pointers never recurse,
                              but keep the cache consistent */
  if (t->kind == LL_ARRAY) {
    LLVMTypeRef m[3];
    unsigned k = array_members(be, t, 0, m);
    LLVMStructSetBody(st, m, k, 0);
  } else {
    uint32_t n = t->nfields + (t->gc ? 1 : 0);
    LLVMTypeRef *m = arena_alloc_array(&be->scratch, n + 1, sizeof *m);
    unsigned k = 0;
    if (t->gc) m[k++] = be->t_i64;
    for (uint32_t i = 0; i < t->nfields; i++)
      m[k++] = be_mem_type(be, t->fields[i].type);
    LLVMStructSetBody(st, m, k, 0);
  }
  be_check_layout(be, t);
  return st;
}

LLVMTypeRef be_mem_type(Be *be, const LLType *t) {
  switch ((LLKind)t->kind) {
  case LL_VOID:
  case LL_BOOL:
  case LL_CHAR: return be->t_i8;
  case LL_SIGNED:
  case LL_UNSIGNED: return be->t_i64;
  case LL_FLOAT: return be->t_f64;
  case LL_PTR:
  case LL_FUNC: return be->t_ptr;
  case LL_STRUCT:
  case LL_ARRAY:
    if (t->id < be->ntypes && be->ty_mem[t->id]) return be->ty_mem[t->id];
    return make_struct(be, t);
  }
  return be->t_i8;
}

static bool check_ofs(Be *be, const LLType *t, LLVMTypeRef st, unsigned idx,
                      uint64_t want, const char *what) {
  unsigned long long got = LLVMOffsetOfElement(be->td, st, idx);
  if (got == want) return true;
  be_error(be, (Loc){0, 0, 0},
           "internal: LLVM puts %s of type %s at offset %llu, the layout "
           "says %llu", what, type_name(be, t), got,
           (unsigned long long)want);
  return false;
}

bool be_check_layout(Be *be, const LLType *t) {
  LLVMTypeRef st = be->ty_mem[t->id];
  bool ok = true;
  if (t->kind == LL_ARRAY) {
    ok = check_ofs(be, t, st, be_items_index(t), t->items_offset, "items");
    return ok;
  }
  for (uint32_t i = 0; i < t->nfields; i++) {
    const LLField *f = &t->fields[i];
    ok &= check_ofs(be, t, st, be_field_index(t, i), f->offset, f->name);
    if (f->type->kind == LL_ARRAY) {
      LLVMTypeRef at = be_mem_type(be, f->type);
      uint64_t got = LLVMOffsetOfElement(be->td, at, be_items_index(f->type));
      if (got != f->type->items_offset) {
        be_error(be, (Loc){0, 0, 0}, "internal: items of %s.%s misplaced",
                 type_name(be, t), f->name);
        ok = false;
      }
    }
  }
  if (!lltype_varsize_field(t) &&
      LLVMABISizeOfType(be->td, st) != t->size) {
    be_error(be, (Loc){0, 0, 0}, "internal: LLVM's size of %s differs",
             type_name(be, t));
    ok = false;
  }
  return ok;
}

LLVMTypeRef be_obj_type(Be *be, const LLPrebuilt *o) {
  const LLType *t = o->type;
  if (t->kind == LL_ARRAY) {
    LLVMTypeRef m[3];
    unsigned k = array_members(be, t, o->nitems, m);
    return LLVMStructTypeInContext(be->ctx, m, k, 0);
  }
  const LLField *tail = lltype_varsize_field(t);
  if (!tail) return be_mem_type(be, t);
  uint32_t n = t->nfields + (t->gc ? 1 : 0);
  LLVMTypeRef *m = arena_alloc_array(&be->scratch, n, sizeof *m);
  unsigned k = 0;
  if (t->gc) m[k++] = be->t_i64;
  for (uint32_t i = 0; i + 1 < t->nfields; i++)
    m[k++] = be_mem_type(be, t->fields[i].type);
  LLVMTypeRef am[3];
  unsigned ak = array_members(be, tail->type, o->nitems, am);
  m[k++] = LLVMStructTypeInContext(be->ctx, am, ak, 0);
  return LLVMStructTypeInContext(be->ctx, m, k, 0);
}

LLVMTypeRef be_func_type(Be *be, const LLType *ft) {
  LLVMTypeRef *ps = arena_alloc_array(&be->scratch, ft->nargs + 1,
                                      sizeof *ps);
  unsigned k = 0;
  for (uint32_t i = 0; i < ft->nargs; i++) {
    LLVMTypeRef r = be_reg_type(be, ft->args[i]);
    if (r) ps[k++] = r;
  }
  LLVMTypeRef res = be_reg_type(be, ft->result);
  return LLVMFunctionType(res ? res : be->t_void, ps, k, 0);
}

/* zeroext on Bool and Char arguments and results, as C compilers expect. */
void be_attr_ext(Be *be, LLVMValueRef v, bool call, const LLType *ft) {
  unsigned kind = LLVMGetEnumAttributeKindForName("zeroext", 7);
  LLVMAttributeRef a = LLVMCreateEnumAttribute(be->ctx, kind, 0);
  unsigned idx = 1;
  for (uint32_t i = 0; i <= ft->nargs; i++) {
    const LLType *t = i < ft->nargs ? ft->args[i] : ft->result;
    unsigned at = i < ft->nargs ? idx : LLVMAttributeReturnIndex;
    if (t->kind == LL_VOID) continue;
    if (t->kind == LL_BOOL || t->kind == LL_CHAR) {
      if (call) LLVMAddCallSiteAttribute(v, at, a);
      else LLVMAddAttributeAtIndex(v, at, a);
    }
    if (i < ft->nargs) idx++;
  }
}

bool be_has_gcptrs(Be *be, const LLType *t) {
  if (t->kind == LL_PTR) return t->to->gc;
  if (t->kind != LL_STRUCT && t->kind != LL_ARRAY) return false;
  unsigned char *c = t->id < be->ntypes ? &be->ty_gcptrs[t->id] : NULL;
  if (c && *c) return *c == 2;
  bool yes = false;
  if (t->kind == LL_ARRAY) {
    yes = be_has_gcptrs(be, t->item);
  } else {
    for (uint32_t i = 0; i < t->nfields && !yes; i++)
      yes = be_has_gcptrs(be, t->fields[i].type);
  }
  if (c) *c = yes ? 2 : 1;
  return yes;
}

BeAllocShape be_alloc_shape(const LLType *t) {
  BeAllocShape s = {.fixed = t->size, .itemsize = 0, .lenofs = -1, .item = NULL};
  const LLType *arr = t;
  if (t->kind == LL_ARRAY) {
    s.fixed = t->items_offset;
    s.lenofs = t->nolength ? -1 : (t->gc ? 8 : 0);
  } else {
    const LLField *tail = lltype_varsize_field(t);
    if (!tail) return s;
    arr = tail->type;
    s.lenofs = arr->nolength ? -1 : (int64_t)tail->offset + (arr->gc ? 8 : 0);
  }
  s.item = arr->item;
  s.itemsize = arr->item->size;
  return s;
}
