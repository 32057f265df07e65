/* lltype.c — low-level types, x86-64 SysV layout, the llop table. */
#include "lltype.h"

#include <string.h>

const LLOpInfo llop_info[LLOP_COUNT] = {
#define LLOP(name, nargs, result, flags, meaning) \
  {#name, nargs, #result[0], flags, meaning},
#include "llops.def"
#undef LLOP
};

static LLType *lltype_new(LLTypes *L, LLKind kind) {
  LLType *t = arena_alloc(L->arena, sizeof *t);
  t->kind = (uint8_t)kind;
  t->id = L->next_id++;
  return t;
}

static LLType *lltype_prim(LLTypes *L, LLKind kind, uint32_t size,
                           const char *name) {
  LLType *t = lltype_new(L, kind);
  t->size = t->align = size;
  t->name = name;
  t->laid_out = true;
  return t;
}

void lltypes_init(LLTypes *L, Arena *A) {
  L->arena = A;
  L->next_id = 0;
  memset(&L->containers, 0, sizeof L->containers);
  L->void_ = lltype_prim(L, LL_VOID, 0, "Void");
  L->void_->align = 1;
  L->bool_ = lltype_prim(L, LL_BOOL, 1, "Bool");
  L->char_ = lltype_prim(L, LL_CHAR, 1, "Char");
  L->signed_ = lltype_prim(L, LL_SIGNED, 8, "Signed");
  L->unsigned_ = lltype_prim(L, LL_UNSIGNED, 8, "Unsigned");
  L->float_ = lltype_prim(L, LL_FLOAT, 8, "Float");
}

LLType *lltype_struct(LLTypes *L, const char *name, bool gc, uint32_t nfields,
                      const LLField *fields) {
  LLType *t = lltype_new(L, LL_STRUCT);
  vec_push(L->arena, L->containers, t);
  t->name = name;
  t->gc = gc;
  t->nfields = nfields;
  t->fields = arena_alloc_array(L->arena, nfields ? nfields : 1,
                                sizeof(LLField));
  if (nfields) memcpy(t->fields, fields, nfields * sizeof(LLField));
  return t;
}

LLType *lltype_array(LLTypes *L, LLType *item, bool gc, bool nolength) {
  LLType *t = lltype_new(L, LL_ARRAY);
  vec_push(L->arena, L->containers, t);
  t->item = item;
  t->gc = gc;
  t->nolength = nolength;
  return t;
}

LLType *lltype_ptr(LLTypes *L, LLType *to) {
  LLType *t = lltype_new(L, LL_PTR);
  t->to = to;
  t->size = t->align = 8;
  t->laid_out = true;
  return t;
}

LLType *lltype_func(LLTypes *L, LLType *result, uint32_t nargs,
                    LLType *const *args) {
  LLType *t = lltype_new(L, LL_FUNC);
  t->result = result;
  t->nargs = nargs;
  t->args = arena_alloc_array(L->arena, nargs ? nargs : 1, sizeof(LLType *));
  if (nargs) memcpy(t->args, args, nargs * sizeof(LLType *));
  t->laid_out = true;
  return t;
}

static uint32_t align_up(uint32_t n, uint32_t a) {
  return (n + a - 1) & ~(a - 1);
}

static void layout_array(LLType *t) {
  lltype_layout(t->item);
  uint32_t off = t->gc ? LL_GC_HEADER_SIZE : 0;
  if (!t->nolength) off = align_up(off, 8) + 8;
  uint32_t ia = t->item->align ? t->item->align : 1;
  t->items_offset = align_up(off, ia);
  uint32_t base_align = (t->gc || !t->nolength) ? 8 : 1;
  t->align = ia > base_align ? ia : base_align;
  t->size = t->items_offset;
}

static void layout_struct(LLType *t) {
  uint32_t off = t->gc ? LL_GC_HEADER_SIZE : 0;
  uint32_t align = t->gc ? 8 : 1;
  for (uint32_t i = 0; i < t->nfields; i++) {
    LLType *ft = t->fields[i].type;
    lltype_layout(ft);
    uint32_t fa = ft->align ? ft->align : 1;
    off = align_up(off, fa);
    t->fields[i].offset = off;
    if (ft->kind == LL_ARRAY) {
      off += ft->items_offset;  /* a varsize tail: only its fixed part */
    } else {
      off += ft->size;
    }
    if (fa > align) align = fa;
  }
  t->align = align;
  const LLField *tail = lltype_varsize_field(t);
  t->size = tail ? off : align_up(off, align);
}

void lltype_layout(LLType *t) {
  if (t->laid_out) return;
  t->laid_out = true;  /* set first: pointers may lead back here */
  if (t->kind == LL_ARRAY) layout_array(t);
  else if (t->kind == LL_STRUCT) layout_struct(t);
}

const LLField *lltype_field(const LLType *s, const char *name) {
  for (uint32_t i = 0; i < s->nfields; i++)
    if (s->fields[i].name == name) return &s->fields[i];
  return NULL;
}

const LLField *lltype_varsize_field(const LLType *s) {
  if (s->kind != LL_STRUCT || s->nfields == 0) return NULL;
  const LLField *last = &s->fields[s->nfields - 1];
  return last->type->kind == LL_ARRAY ? last : NULL;
}

bool lltype_is_gcref(const LLType *t) {
  return t->kind == LL_PTR && t->to->gc;
}

void lltype_print(FILE *out, const LLType *t) {
  switch ((LLKind)t->kind) {
  case LL_PTR:
    fputs("Ptr(", out);
    lltype_print(out, t->to);
    fputc(')', out);
    break;
  case LL_STRUCT:
    fprintf(out, "%sStruct %s", t->gc ? "Gc" : "", t->name ? t->name : "?");
    break;
  case LL_ARRAY:
    fprintf(out, "%sArray%s(", t->gc ? "Gc" : "", t->nolength ? "NoLength" : "");
    lltype_print(out, t->item);
    fputc(')', out);
    break;
  case LL_FUNC:
    fputs("Func(", out);
    for (uint32_t i = 0; i < t->nargs; i++) {
      if (i) fputs(", ", out);
      lltype_print(out, t->args[i]);
    }
    fputs(" -> ", out);
    lltype_print(out, t->result);
    fputc(')', out);
    break;
  default:
    fputs(t->name, out);
    break;
  }
}
