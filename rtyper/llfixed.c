/* llfixed.c — the program-independent low-level types (see llfixed.h). */
#include "llfixed.h"
#include <string.h>

#include "../core/graph.h"

static LLField field(Interner *I, const char *name, LLType *type) {
  LLField f = {intern_cstr(I, name), type, 0, 0};
  return f;
}

void llfixed_init(LLFixed *F, LLTypes *L, Interner *I) {
  LLType *chars = lltype_array(L, L->char_, false, false);
  LLField sf[] = {field(I, "hash", L->signed_), field(I, "chars", chars)};
  F->str = lltype_struct(L, "rpy_string", true, 2, sf);
  F->str->immutable = true;
  F->str_ptr = lltype_ptr(L, F->str);

  LLField vf[] = {field(I, "subclassrange_min", L->signed_),
                  field(I, "subclassrange_max", L->signed_),
                  field(I, "name", F->str_ptr)};
  F->vtable = lltype_struct(L, "object_vtable", false, 3, vf);
  F->vtable->immutable = true;
  F->vtable_ptr = lltype_ptr(L, F->vtable);

  LLField of[] = {field(I, "typeptr", F->vtable_ptr)};
  F->object = lltype_struct(L, "object", true, 1, of);
  F->object_ptr = lltype_ptr(L, F->object);

  LLField ef[] = {field(I, "typeptr", F->vtable_ptr),
                  field(I, "message", F->str_ptr)};
  F->exception = lltype_struct(L, "rl_exception", true, 2, ef);

  F->array_signed = lltype_array(L, L->signed_, true, false);
  LLField lf[] = {field(I, "length", L->signed_),
                  field(I, "items", lltype_ptr(L, F->array_signed))};
  F->list_header = lltype_struct(L, "list_header", true, 2, lf);

  LLType *all[] = {F->str, F->vtable, F->object, F->exception,
                   F->list_header, F->array_signed};
  for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)
    lltype_layout(all[i]);
}

bool llfixed_vtable_range(const LLPrebuilt *vt, int64_t *min, int64_t *max) {
  while (vt && vt->type->kind == LL_STRUCT && vt->nfields >= 1) {
    const LLField *f0 = &vt->type->fields[0];
    if (strcmp(f0->name, "subclassrange_min") == 0) {
      if (vt->nfields < 2) return false;
      const Value *a = vt->fields[0], *b = vt->fields[1];
      if (!a || !b || a->kind != VAL_CONST || b->kind != VAL_CONST ||
          a->ckind != CONST_INT || b->ckind != CONST_INT)
        return false;
      *min = a->u.i;
      *max = b->u.i;
      return true;
    }
    if (f0->type->kind != LL_STRUCT || !vt->fields[0] ||
        vt->fields[0]->ckind != CONST_LLOBJ)
      return false;
    vt = vt->fields[0]->u.ref.p;  /* a subclass vtable embeds its parent's */
  }
  return false;
}
