/* dump.c — `--dump=prebuilt`: the module globals after module-level code
 * ran, one line per global, objects with identity numbered (docs/prebuild.md). */
#include <stdlib.h>
#include <string.h>

#include "pbint.h"

enum { DUMP_DEPTH = 64 };

typedef struct Dumper {
  Prebuild *PB;
  FILE *out;
  Arena A;
  HMap refs;       /* list/dict -> reference count (1 + n) */
  HMap ids;        /* object -> dump number */
  uint32_t next_id;
} Dumper;

/* ---- reference counts of lists and dicts (to show sharing) ---------------------------- */
static void count(Dumper *d, Dyn v, int depth);

static void count_items(Dumper *d, const Dyn *items, uint32_t n, int depth) {
  for (uint32_t i = 0; i < n; i++) count(d, items[i], depth + 1);
}

static void count(Dumper *d, Dyn v, int depth) {
  if (v.kind != DK_OBJ || depth > DUMP_DEPTH) return;
  uintptr_t n = (uintptr_t)hmap_get(&d->refs, HKEY(v.o));
  hmap_put(&d->refs, HKEY(v.o), (void *)(n + 1));
  if (n) return;
  switch ((PbType)v.o->type) {
  case PB_LIST: count_items(d, DYN_LIST(v)->items, DYN_LIST(v)->len, depth); break;
  case PB_TUPLE: count_items(d, DYN_TUPLE(v)->items, DYN_TUPLE(v)->len, depth); break;
  case PB_DICT:
    for (uint32_t i = 0; i < DYN_DICT(v)->nent; i++)
      if (DYN_DICT(v)->ent[i].live) {
        count(d, DYN_DICT(v)->ent[i].key, depth + 1);
        count(d, DYN_DICT(v)->ent[i].val, depth + 1);
      }
    break;
  case PB_INST: count_items(d, DYN_INST(v)->attrs.vals, DYN_INST(v)->attrs.len, depth); break;
  case PB_CLASS: count_items(d, DYN_CLASS(v)->attrs.vals, DYN_CLASS(v)->attrs.len, depth); break;
  default: break;
  }
}

/* ---- printing --------------------------------------------------------------------------- */
static void print(Dumper *d, Dyn v, int depth);

/* Numbers o on first sight: returns its number, *first true the first time. */
static uint32_t id_of(Dumper *d, PbObj *o, bool *first) {
  uintptr_t id = (uintptr_t)hmap_get(&d->ids, HKEY(o));
  *first = id == 0;
  if (!id) {
    id = ++d->next_id;
    hmap_put(&d->ids, HKEY(o), (void *)id);
  }
  return (uint32_t)id;
}

static void print_scalar(Dumper *d, Dyn v) {
  PbBuf b = {0};
  if (pb_repr_into(d->PB, &b, v, true, 0)) fwrite(b.p, 1, b.len, d->out);
  else pb_clear_exc(d->PB);
  free(b.p);
}

static void print_items(Dumper *d, const Dyn *items, uint32_t n, const char *sep, int depth) {
  for (uint32_t i = 0; i < n; i++) {
    if (i) fputs(sep, d->out);
    print(d, items[i], depth + 1);
  }
}

static void print_attrs(Dumper *d, const PbAttrs *a, int depth) {
  for (uint32_t i = 0; i < a->len; i++) {
    fprintf(d->out, " %s=", a->names[i]);
    print(d, a->vals[i], depth + 1);
  }
}

static void print_dict(Dumper *d, PbDict *x, int depth) {
  fputc('{', d->out);
  bool first = true;
  for (uint32_t i = 0; i < x->nent; i++) {
    if (!x->ent[i].live) continue;
    if (!first) fputs(", ", d->out);
    first = false;
    print(d, x->ent[i].key, depth + 1);
    fputs(": ", d->out);
    print(d, x->ent[i].val, depth + 1);
  }
  fputc('}', d->out);
}

static void print_container(Dumper *d, Dyn v, int depth) {
  bool shared = (uintptr_t)hmap_get(&d->refs, HKEY(v.o)) > 1, first = true;
  if (shared) {
    uint32_t id = id_of(d, v.o, &first);
    fprintf(d->out, first ? "#%u=" : "#%u", id);
    if (!first) return;
  }
  if (dyn_is(v, PB_LIST)) {
    fputc('[', d->out);
    print_items(d, DYN_LIST(v)->items, DYN_LIST(v)->len, ", ", depth);
    fputc(']', d->out);
  } else {
    print_dict(d, DYN_DICT(v), depth);
  }
}

static void print_flags(Dumper *d, const PbFunc *f) {
  const PbFuncFlags *fl = f->flags;
  static const char *const spec[] = {"", "argtype", "arg", "memo"};
  if (fl->elidable) fputs(fl->elidable_promote ? " elidable_promote" : " elidable", d->out);
  if (fl->unroll_safe) fputs(" unroll_safe", d->out);
  if (fl->dont_look_inside) fputs(" dont_look_inside", d->out);
  if (fl->look_inside) fputs(" look_inside", d->out);
  if (fl->staticmethod) fputs(" staticmethod", d->out);
  if (fl->look_inside_iff) fprintf(d->out, " look_inside_iff(%s)", fl->look_inside_iff->fi->qualname);
  if (fl->specialize) {
    fprintf(d->out, " specialize.%s(", spec[fl->specialize]);
    for (uint32_t i = 0; i < fl->nspec; i++) fprintf(d->out, i ? ", %lld" : "%lld", (long long)fl->spec_args[i]);
    fputc(')', d->out);
  }
}

static void print_func(Dumper *d, const PbFunc *f, int depth) {
  fprintf(d->out, "<function %s", f->fi->qualname);
  print_flags(d, f);
  if (f->ndefaults) {
    fputs(" defaults=(", d->out);
    print_items(d, f->defaults, f->ndefaults, ", ", depth);
    fputc(')', d->out);
  }
  fputc('>', d->out);
}

static void print_jitdriver(Dumper *d, PbJitDriver *j, int depth) {
  fputs(" greens=", d->out);
  print(d, j->greens, depth + 1);
  fputs(" reds=", d->out);
  print(d, j->reds, depth + 1);
  if (j->virtualizables.kind != DK_NONE) {
    fputs(" virtualizables=", d->out);
    print(d, j->virtualizables, depth + 1);
  }
  if (j->get_printable_location.kind != DK_NONE) {
    fputs(" get_printable_location=", d->out);
    print(d, j->get_printable_location, depth + 1);
  }
  if (pb_truth(j->is_recursive)) fputs(" is_recursive=True", d->out);
}

/* Objects shown as <Name#N ...> the first time and <Name#N> after. */
static void print_identified(Dumper *d, Dyn v, int depth) {
  bool first;
  uint32_t id = id_of(d, v.o, &first);
  PbObj *o = v.o;
  if (o->type == PB_CLASS) fprintf(d->out, "<class %s#%u", DYN_CLASS(v)->name, id);
  else fprintf(d->out, "<%s#%u", pb_type_name(v), id);
  if (first) {
    switch ((PbType)o->type) {
    case PB_CLASS:
      if (DYN_CLASS(v)->base) fprintf(d->out, "(%s)", DYN_CLASS(v)->base->name);
      print_attrs(d, &DYN_CLASS(v)->attrs, depth);
      break;
    case PB_INST:
      if (dyn_is(DYN_INST(v)->exc_args, PB_TUPLE)) {
        fputs(" args=", d->out);
        print(d, DYN_INST(v)->exc_args, depth + 1);
      }
      print_attrs(d, &DYN_INST(v)->attrs, depth);
      break;
    case PB_JITDRIVER: print_jitdriver(d, (PbJitDriver *)o, depth); break;
    case PB_BUILDER: {
      PbBuilder *b = (PbBuilder *)o;
      fputc(' ', d->out);
      print_scalar(d, pb_str(d->PB, b->buf ? b->buf : "", b->len));
      break;
    }
    default: break;
    }
  }
  fputc('>', d->out);
}

static void print(Dumper *d, Dyn v, int depth) {
  if (depth > DUMP_DEPTH) { fputs("...", d->out); return; }
  if (v.kind != DK_OBJ || v.o->type == PB_STR) { print_scalar(d, v); return; }
  switch ((PbType)v.o->type) {
  case PB_LIST: case PB_DICT: print_container(d, v, depth); return;
  case PB_TUPLE:
    fputc('(', d->out);
    print_items(d, DYN_TUPLE(v)->items, DYN_TUPLE(v)->len, ", ", depth);
    fputs(DYN_TUPLE(v)->len == 1 ? ",)" : ")", d->out);
    return;
  case PB_FUNC: print_func(d, DYN_FUNC(v), depth); return;
  case PB_METHOD:
    fprintf(d->out, "<method %s of ", ((PbMethod *)v.o)->func->fi->qualname);
    print(d, ((PbMethod *)v.o)->self, depth + 1);
    fputc('>', d->out);
    return;
  case PB_MODULE: fprintf(d->out, "<module %s>", ((PbModule *)v.o)->m->name); return;
  case PB_BUILTIN: fprintf(d->out, "<built-in %s>", ((PbBuiltin *)v.o)->name); return;
  case PB_CLASS:
    if (DYN_CLASS(v)->builtin) { fprintf(d->out, "<class %s>", DYN_CLASS(v)->name); return; }
    print_identified(d, v, depth);
    return;
  case PB_UINTBOX: fprintf(d->out, "r_uint(%llu)", (unsigned long long)((PbUintBox *)v.o)->u); return;
  case PB_ITER: fputs("<iterator>", d->out); return;
  case PB_DRIVER: fputs("<driver>", d->out); return;
  default: print_identified(d, v, depth); return;
  }
}

void pb_dump(FILE *out, Prebuild *PB) {
  Dumper d = {.PB = PB, .out = out};
  arena_init(&d.A);
  hmap_init(&d.refs, &d.A);
  hmap_init(&d.ids, &d.A);
  Program *P = PB->P;
  for (uint32_t i = 0; i < P->modules.len; i++) {
    PbModule *m = pb_module_obj(PB, P->modules.data[i]);
    for (uint32_t j = 0; j < m->globals.len; j++) count(&d, m->globals.vals[j], 0);
  }
  for (uint32_t i = 0; i < P->modules.len; i++) {
    PbModule *m = pb_module_obj(PB, P->modules.data[i]);
    fprintf(out, "module %s\n", m->m->name);
    for (uint32_t j = 0; j < m->globals.len; j++) {
      fprintf(out, "  %s.%s = ", m->m->name, m->globals.names[j]);
      print(&d, m->globals.vals[j], 0);
      fputc('\n', out);
    }
  }
  if (PB->entry) fprintf(out, "entry point: %s\n", PB->entry->fi->qualname);
  else fputs("entry point: none\n", out);
  arena_free(&d.A);
}
