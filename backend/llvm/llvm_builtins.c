/* llvm_builtins.c — class vtables for single-inheritance trees, the
 * built-in exception classes, prebuilt strings: the static objects every
 * program has, made the way the rtyper makes its own (tests use them
 * directly). Class ids are preorder numbers, so a class's subclasses are
 * exactly the ids in [subclassrange_min, subclassrange_max). */
#include <string.h>

#include "llvm_backend.h"
#include "runtime/text/rt_hash.h"

const BeClassSpec be_builtin_class_specs[BE_NUM_BUILTIN_CLASSES] = {
    {"Exception", -1},        {"ArithmeticError", 0}, {"ZeroDivisionError", 1},
    {"OverflowError", 1},     {"LookupError", 0},     {"IndexError", 4},
    {"KeyError", 4},          {"RuntimeError", 0},    {"NotImplementedError", 7},
    {"RecursionError", 7},    {"OSError", 0},         {"ValueError", 0},
    {"TypeError", 0},         {"AssertionError", 0},  {"MemoryError", 0},
    {"StopIteration", 0},
};

static Value *cval(Arena *A, ConstKind k) {
  Value *v = arena_alloc(A, sizeof *v);
  v->kind = VAL_CONST;
  v->ckind = (uint8_t)k;
  return v;
}

static Value *cint(Arena *A, int64_t i, LLType *ll) {
  Value *v = cval(A, CONST_INT);
  v->u.i = i;
  v->ll = ll;
  return v;
}

static Value *cobj(Arena *A, LLPrebuilt *o, LLType *ll) {
  Value *v = cval(A, CONST_LLOBJ);
  v->u.ref.p = o;
  v->u.ref.name = o->name;
  v->ll = ll;
  return v;
}

LLPrebuilt *be_prebuilt_str(Arena *A, const LLFixed *F, const char *s,
                            uint32_t len) {
  LLPrebuilt *o = arena_alloc(A, sizeof *o);
  LLType *chr = F->str->fields[1].type->item;
  o->type = F->str;
  o->name = arena_printf(A, "str.%.*s", len > 24 ? 24 : (int)len, s);
  o->nfields = 1;
  o->fields = arena_alloc_array(A, 1, sizeof(Value *));
  o->fields[0] = cint(A, rt_str_hash(s, len), F->str->fields[0].type);
  o->nitems = len;
  o->items = arena_alloc_array(A, len ? len : 1, sizeof(Value *));
  for (uint32_t i = 0; i < len; i++)
    o->items[i] = cint(A, (unsigned char)s[i], chr);
  o->immutable = true;
  return o;
}

void be_make_vtables(Arena *A, const LLFixed *F, const BeClassSpec *specs,
                     uint32_t n, LLPrebuilt **vtables) {
  /* preorder: children in spec order after their parent */
  uint32_t *order = arena_alloc_array(A, n + 1, sizeof *order);
  uint32_t *stack = arena_alloc_array(A, n + 1, sizeof *stack);
  int64_t *lo = arena_alloc_array(A, n + 1, sizeof *lo);
  int64_t *hi = arena_alloc_array(A, n + 1, sizeof *hi);
  uint32_t k = 0, sp = 0;
  for (uint32_t r = 0; r < n; r++) {
    if (specs[r].parent >= 0) continue;
    stack[sp++] = r;
    while (sp) {
      uint32_t c = stack[--sp];
      order[k++] = c;
      for (uint32_t j = n; j-- > 0;)  /* push reversed: first child first */
        if (specs[j].parent == (int)c) stack[sp++] = j;
    }
  }
  for (uint32_t i = 0; i < k; i++) lo[order[i]] = i;
  for (uint32_t i = k; i-- > 0;) {
    uint32_t c = order[i];
    if (!hi[c]) hi[c] = lo[c] + 1;
    int p = specs[c].parent;
    if (p >= 0 && hi[c] > hi[p]) hi[p] = hi[c];
  }
  LLType *sig = F->vtable->fields[0].type;
  for (uint32_t i = 0; i < n; i++) {
    LLPrebuilt *o = arena_alloc(A, sizeof *o);
    o->type = F->vtable;
    o->name = arena_printf(A, "vtable.%s", specs[i].name);
    o->nfields = 3;
    o->fields = arena_alloc_array(A, 3, sizeof(Value *));
    o->fields[0] = cint(A, lo[i], sig);
    o->fields[1] = cint(A, hi[i], sig);
    LLPrebuilt *name = be_prebuilt_str(A, F, specs[i].name,
                                       (uint32_t)strlen(specs[i].name));
    o->fields[2] = cobj(A, name, F->str_ptr);
    o->immutable = true;
    vtables[i] = o;
  }
}

void be_builtin_exports(Arena *A, LLPrebuilt *const *vtables,
                        BeExport *exports) {
  for (uint32_t i = 0; i < BE_NUM_BUILTIN_CLASSES; i++) {
    exports[i].symbol =
        arena_printf(A, "rl_vtable_%s", be_builtin_class_specs[i].name);
    exports[i].obj = vtables[i];
  }
}
