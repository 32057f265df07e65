/* containers.c — lists, dicts, tuples and strings: literals, indexing,
 * slicing and their methods (rows `str.*`, `list.*`, `dict.*`, `sb.*`,
 * `file.*`, `jd.*` of builtins.def).
 *
 * Every list or dict made by an op gets the ListDef/DictDef of that op
 * (ann_site_*), so reflowing a block never makes a new one. Stores
 * generalize the item type; resizing operations mark the list resizable. */
#include <string.h>

#include "annint.h"

static bool is_str(const Ann *a) { return a->kind == ANN_STR || a->kind == ANN_CHAR; }
static bool is_index(const Ann *a) { return a->kind == ANN_INT || a->kind == ANN_BOOL; }

static Ann *type_error(Annotator *AN, Loc loc, const char *fmt, const Ann *a) {
  ann_error(AN, loc, fmt, ann_describe(AN, a));
  return ann_impossible();
}

/* ---- literals -------------------------------------------------------------------- */
Ann *ann_rule_newlist(Annotator *AN, Op *op, Ann **args) {
  ListDef *ld = ann_site_listdef(AN, op, 0, NULL);
  for (uint32_t i = 0; i < op->nargs; i++)
    ann_listdef_generalize(AN, ld, args[i], op->loc);
  return ann_list(AN, ld, op->loc);
}

Ann *ann_rule_newdict(Annotator *AN, Op *op, Ann **args) {
  DictDef *dd = ann_site_dictdef(AN, op, 0);
  for (uint32_t i = 0; i + 1 < op->nargs; i += 2)
    ann_dictdef_generalize(AN, dd, args[i], args[i + 1], op->loc);
  return ann_dict(AN, dd, op->loc);
}

Ann *ann_rule_newtuple(Annotator *AN, Op *op, Ann **args) {
  return ann_tuple(AN, op->nargs, args, op->loc);
}

/* ---- indexing ---------------------------------------------------------------------- */
static Ann *tuple_getitem(Annotator *AN, Op *op, Ann *t, Ann *i) {
  if (!is_index(i) || !(i->flags & AF_CONST)) {
    ann_error(AN, op->loc, "a tuple index must be a constant int");
    return ann_impossible();
  }
  int64_t k = i->c.i < 0 ? i->c.i + t->n : i->c.i;
  if (k < 0 || k >= (int64_t)t->n) {
    ann_error(AN, op->loc, "tuple index %lld out of range (the tuple has %u items)",
              (long long)i->c.i, t->n);
    return ann_impossible();
  }
  return t->u.items[k];
}

static bool key_compatible(Annotator *AN, DictDef *dd, Ann *k, Loc loc) {
  Ann *have = ann_dictdef_lookup(AN, dd, k, loc);
  if (have->kind == ANN_IMPOSSIBLE || ann_union(AN, have, k)) return true;
  ann_report_conflict(AN, loc, "the dict key type", have, k);
  return false;
}

Ann *ann_rule_getitem(Annotator *AN, Op *op, Ann **args) {
  Ann *a = args[0], *i = args[1];
  switch ((AnnKind)a->kind) {
  case ANN_TUPLE: return tuple_getitem(AN, op, a, i);
  case ANN_DICT:
    if (!key_compatible(AN, a->u.dict, i, op->loc)) return ann_impossible();
    return ann_dictdef_value(AN, a->u.dict);
  case ANN_LIST: case ANN_STR: case ANN_CHAR: case ANN_RANGE:
    if (!is_index(i)) return type_error(AN, op->loc, "an index must be an int, not %s", i);
    if (!ann_view_use(AN, a, op->loc, "indexing", VU_TOP)) return ann_impossible();
    if (a->kind == ANN_LIST) return ann_listdef_read(AN, a->u.list);
    if (a->kind == ANN_RANGE) return ann_int(AN, a->flags & AF_NONNEG, op->loc);
    return ann_char(AN, op->loc);
  default:
    return type_error(AN, op->loc, "indexing %s is not supported", a);
  }
}

Ann *ann_rule_setitem(Annotator *AN, Op *op, Ann **args) {
  Ann *a = args[0], *i = args[1], *v = args[2];
  if (a->kind == ANN_LIST) {
    if (!is_index(i)) return type_error(AN, op->loc, "an index must be an int, not %s", i);
    if (!ann_view_use(AN, a, op->loc, "assigning to an item of", VU_TOP))
      return ann_impossible();
    ann_listdef_generalize(AN, a->u.list, v, op->loc);
    ann_listdef_mutate(AN, a->u.list);
    return ann_none(AN, op->loc);
  }
  if (a->kind == ANN_DICT) {
    ann_dictdef_generalize(AN, a->u.dict, i, v, op->loc);
    return ann_none(AN, op->loc);
  }
  return type_error(AN, op->loc, "cannot assign to items of %s", a);
}

Ann *ann_rule_delitem(Annotator *AN, Op *op, Ann **args) {
  Ann *a = args[0];
  if (a->kind == ANN_LIST && is_index(args[1])) {
    if (!ann_view_use(AN, a, op->loc, "deleting an item of", VU_TOP)) return ann_impossible();
    ann_listdef_resize(AN, a->u.list);
    return ann_none(AN, op->loc);
  }
  if (a->kind == ANN_DICT) {
    key_compatible(AN, a->u.dict, args[1], op->loc);
    return ann_none(AN, op->loc);
  }
  return type_error(AN, op->loc, "cannot delete items of %s", a);
}

static bool bounds_ok(Annotator *AN, Op *op, Ann **args) {
  for (int k = 1; k <= 2; k++)
    if (!is_index(args[k]) && args[k]->kind != ANN_NONE) {
      type_error(AN, op->loc, "slice bounds must be ints, not %s", args[k]);
      return false;
    }
  return true;
}

Ann *ann_rule_getslice(Annotator *AN, Op *op, Ann **args) {
  if (!bounds_ok(AN, op, args)) return ann_impossible();
  Ann *a = args[0];
  if (is_str(a)) return ann_str(AN, false, op->loc);
  if (a->kind == ANN_LIST) {
    if (!ann_view_use(AN, a, op->loc, "slicing", VU_TOP)) return ann_impossible();
    ListDef *ld = ann_site_listdef(AN, op, 0, ann_listdef_read(AN, a->u.list));
    /* the sliced list's item generalizes to the slice's (ll_list_slice
     * copies items as they are) */
    ann_listdef_generalize(AN, a->u.list, ann_listdef_read(AN, ld), op->loc);
    return ann_list(AN, ld, op->loc);
  }
  return type_error(AN, op->loc, "slicing %s is not supported", a);
}

Ann *ann_rule_setslice(Annotator *AN, Op *op, Ann **args) {
  if (!bounds_ok(AN, op, args)) return ann_impossible();
  if (args[0]->kind != ANN_LIST || args[3]->kind != ANN_LIST)
    return type_error(AN, op->loc, "slice assignment to %s is not supported", args[0]);
  if (!ann_view_use(AN, args[0], op->loc, "assigning to a slice of", VU_TOP))
    return ann_impossible();
  ann_listdef_generalize(AN, args[0]->u.list, ann_listdef_read(AN, args[3]->u.list), op->loc);
  ann_listdef_resize(AN, args[0]->u.list);
  return ann_none(AN, op->loc);
}

Ann *ann_rule_delslice(Annotator *AN, Op *op, Ann **args) {
  if (!bounds_ok(AN, op, args)) return ann_impossible();
  if (args[0]->kind != ANN_LIST)
    return type_error(AN, op->loc, "cannot delete a slice of %s", args[0]);
  if (!ann_view_use(AN, args[0], op->loc, "deleting a slice of", VU_TOP))
    return ann_impossible();
  ann_listdef_resize(AN, args[0]->u.list);
  return ann_none(AN, op->loc);
}

/* ---- methods ------------------------------------------------------------------------- */
static const char *family(const Ann *a) {
  switch ((AnnKind)a->kind) {
  case ANN_CHAR: case ANN_STR: return "str";
  case ANN_LIST: return "list";
  case ANN_DICT: return "dict";
  case ANN_SBUILDER: return "sb";
  case ANN_FILE: return "file";
  case ANN_PBC: return "jd";
  default: return NULL;
  }
}

Ann *ann_method_of(Annotator *AN, Ann *self, const char *name, Loc loc) {
  const char *fam = family(self);
  if (fam) {
    const char *q = arena_printf(AN->A, "%s.%s", fam, name);
    uintptr_t id = (uintptr_t)hmap_get(&AN->bimap, HKEY(intern_cstr(AN->in, q)));
    if (id) return ann_builtin(AN, (BiId)(id - 1), self, loc);
  }
  ann_error(AN, loc, "%s has no attribute '%s'", ann_describe(AN, self), name);
  return NULL;
}

static bool nargs_ok(Annotator *AN, Call *c, uint32_t lo, uint32_t hi) {
  if (c->n >= lo && c->n <= hi && !c->nkw) return true;
  if (c->nkw)
    ann_error(AN, c->loc, "%s() takes no keyword arguments in RL", c->fname);
  else if (lo == hi)
    ann_error(AN, c->loc, "%s() takes %u argument%s but %u %s given", c->fname, lo,
              lo == 1 ? "" : "s", c->n, c->n == 1 ? "was" : "were");
  else
    ann_error(AN, c->loc, "%s() takes %u to %u arguments but %u %s given", c->fname, lo,
              hi, c->n, c->n == 1 ? "was" : "were");
  return false;
}

static bool want(Annotator *AN, Call *c, uint32_t i, bool ok, const char *what) {
  if (ok) return true;
  ann_error(AN, c->loc, "argument %u of %s() must be %s, not %s", i + 1, c->fname, what,
            ann_describe(AN, c->args[i]));
  return false;
}

static bool all_str(Annotator *AN, Call *c, uint32_t from) {
  for (uint32_t i = from; i < c->n; i++)
    if (!want(AN, c, i, is_str(c->args[i]), "a str")) return false;
  return true;
}

static Ann *str_method(Annotator *AN, Call *c, BiId id) {
  Loc o = c->loc;
  switch (id) {
  case BI_str_split: {
    if (!nargs_ok(AN, c, 0, 2) || (c->n && !want(AN, c, 0, is_str(c->args[0]), "a str")) ||
        (c->n > 1 && !want(AN, c, 1, is_index(c->args[1]), "an int")))
      return ann_impossible();
    ListDef *ld = ann_site_listdef(AN, c->op, 1, ann_str(AN, false, o));
    ann_listdef_resize(AN, ld);  /* rth_str_split builds it: an RlList */
    return ann_list(AN, ld, o);
  }
  case BI_str_join: {
    if (!nargs_ok(AN, c, 1, 1)) return ann_impossible();
    Ann *item = ann_iter_item(AN, c->args[0], o);
    if (item->kind != ANN_IMPOSSIBLE && !is_str(item))
      return type_error(AN, o, "str.join() needs a list of str, not of %s", item);
    return ann_str(AN, false, o);
  }
  case BI_str_strip: case BI_str_lstrip: case BI_str_rstrip: case BI_str_upper:
  case BI_str_lower:
    if (!nargs_ok(AN, c, 0, id >= BI_str_upper ? 0 : 1) || !all_str(AN, c, 0)) return ann_impossible();
    return ann_str(AN, false, o);
  case BI_str_replace:
    if (!nargs_ok(AN, c, 2, 2) || !all_str(AN, c, 0)) return ann_impossible();
    return ann_str(AN, false, o);
  case BI_str_startswith: case BI_str_endswith:
    if (!nargs_ok(AN, c, 1, 1) || !all_str(AN, c, 0)) return ann_impossible();
    return ann_bool(AN, o);
  case BI_str_isdigit: case BI_str_isalpha: case BI_str_isalnum: case BI_str_isspace:
    if (!nargs_ok(AN, c, 0, 0)) return ann_impossible();
    return ann_bool(AN, o);
  case BI_str_find: case BI_str_rfind: case BI_str_count: case BI_str_index:
    if (!nargs_ok(AN, c, 1, 3) || !want(AN, c, 0, is_str(c->args[0]), "a str"))
      return ann_impossible();
    return ann_int(AN, id == BI_str_find || id == BI_str_rfind ? 0 : AF_NONNEG, o);
  default: return ann_impossible();
  }
}

static bool sortable(const Ann *a) {
  return a->kind == ANN_INT || a->kind == ANN_FLOAT || is_str(a) ||
         a->kind == ANN_IMPOSSIBLE;
}

static Ann *list_method(Annotator *AN, Call *c, BiId id) {
  ListDef *ld = ann_listdef(c->self->u.list);
  Loc o = c->loc;
  if (!ann_view_use(AN, c->self, o, arena_printf(AN->A, "%s() on", ann_builtin_name(id)),
                    VU_TOP))
    return ann_impossible();
  bool compares = id == BI_list_index || id == BI_list_count || id == BI_list_remove;
  if (compares && c->n && (!ann_view_use(AN, c->args[0], o, "comparing", VU_DEEP) ||
                           !ann_view_use(AN, c->self, o, "comparing", VU_ITEMS)))
    return ann_impossible();
  switch (id) {
  case BI_list_append:
    if (!nargs_ok(AN, c, 1, 1)) return ann_impossible();
    ann_listdef_generalize(AN, ld, c->args[0], o);
    ann_listdef_resize(AN, ld);
    return ann_none(AN, o);
  case BI_list_insert:
    if (!nargs_ok(AN, c, 2, 2) || !want(AN, c, 0, is_index(c->args[0]), "an int"))
      return ann_impossible();
    ann_listdef_generalize(AN, ld, c->args[1], o);
    ann_listdef_resize(AN, ld);
    return ann_none(AN, o);
  case BI_list_extend: {
    if (!nargs_ok(AN, c, 1, 1)) return ann_impossible();
    Ann *item = ann_iter_item(AN, c->args[0], o);
    if (item->kind != ANN_IMPOSSIBLE) ann_listdef_generalize(AN, ld, item, o);
    ann_listdef_resize(AN, ld);
    return ann_none(AN, o);
  }
  case BI_list_pop:
    if (!nargs_ok(AN, c, 0, 1)) return ann_impossible();
    ann_listdef_resize(AN, ld);
    return ann_listdef_read(AN, ld);
  case BI_list_remove:
    if (!nargs_ok(AN, c, 1, 1)) return ann_impossible();
    ann_listdef_lookup(AN, ld, c->args[0], o);
    ann_listdef_resize(AN, ld);
    return ann_none(AN, o);
  case BI_list_reverse: case BI_list_sort:
    if (id == BI_list_sort && !c->n && c->nkw == 1 && !strcmp(c->kwnames[0], "reverse"))
      ;   /* l.sort(reverse=E) */
    else if (!nargs_ok(AN, c, 0, 0))
      return ann_impossible();
    if (id == BI_list_sort && !sortable(ann_listdef_read(AN, ld)))
      return type_error(AN, o, "sort() of a list of %s is not supported (ints, floats "
                        "or strs only)", ld->item);
    ann_listdef_mutate(AN, ld);
    return ann_none(AN, o);
  case BI_list_index: case BI_list_count:
    if (!nargs_ok(AN, c, 1, 1)) return ann_impossible();
    ann_listdef_lookup(AN, ld, c->args[0], o);
    return ann_int(AN, AF_NONNEG, o);
  default: return ann_impossible();
  }
}

static Ann *dict_lookup_default(Annotator *AN, Call *c, DictDef *dd, const char *what) {
  if (!nargs_ok(AN, c, 1, 2) || !key_compatible(AN, dd, c->args[0], c->loc))
    return ann_impossible();
  Ann *v = ann_dictdef_value(AN, dd);
  if (c->n < 2) return v;
  Ann *u = ann_union(AN, v, c->args[1]);
  if (!u) {
    ann_report_conflict(AN, c->loc, arena_printf(AN->A, "the result of %s()", what), v,
                        c->args[1]);
    return ann_impossible();
  }
  return u;
}

static Ann *dict_view(Annotator *AN, Call *c, DictDef *dd, BiId id) {
  if (!nargs_ok(AN, c, 0, 0)) return ann_impossible();
  Ann *k = ann_dictdef_key(AN, dd), *v = ann_dictdef_value(AN, dd);
  Ann *item = id == BI_dict_keys ? k : id == BI_dict_values ? v : NULL;
  if (!item) {
    if (k->kind == ANN_IMPOSSIBLE || v->kind == ANN_IMPOSSIBLE) item = ann_impossible();
    else {
      Ann *kv[2] = {k, v};
      item = ann_tuple(AN, 2, kv, c->loc);
    }
  }
  ListDef *ld = ann_site_listdef(AN, c->op, 1, item);
  ann_listdef_resize(AN, ld);  /* rth_dict_list builds keys and values: RlLists */
  if (!ld->view) {
    ld->view = id == BI_dict_keys ? "keys" : id == BI_dict_values ? "values" : "items";
    ld->view_loc = c->loc;
  }
  return ann_list(AN, ld, c->loc);
}

/* ---- dict views ---------------------------------------------------------------------- */
/* d.keys()/values()/items() give a list (RPython's), Python 3 a view: it
 * iterates, has a len() and `in` like the list, but prints as
 * dict_keys([...]), is never equal to a list, and cannot be indexed,
 * sliced, concatenated or changed. The ListDef remembers the method (and
 * a merge passes it on), and those uses of a list that may be a view are
 * refused, where they are flowed and again after the fixpoint. */
static ListDef *view_in(Ann *a, ViewMode mode) {
  switch ((AnnKind)a->kind) {
  case ANN_LIST: {
    ListDef *ld = ann_listdef(a->u.list);
    if (ld->view && mode != VU_ITEMS) return ld;
    return mode == VU_TOP ? NULL : view_in(ld->item, VU_DEEP);
  }
  case ANN_TUPLE:
    for (uint32_t i = 0; mode != VU_TOP && i < a->n; i++) {
      ListDef *ld = view_in(a->u.items[i], VU_DEEP);
      if (ld) return ld;
    }
    return NULL;
  case ANN_DICT: {
    DictDef *dd = ann_dictdef(a->u.dict);
    if (mode == VU_TOP) return NULL;
    ListDef *ld = view_in(dd->key, VU_DEEP);
    return ld ? ld : view_in(dd->value, VU_DEEP);
  }
  default: return NULL;
  }
}

static void view_report(Annotator *AN, ListDef *ld, Loc loc, const char *what) {
  if (!ann_error(AN, loc, "%s a dict view (the result of .%s()) is not supported in "
                 "RL; write list(d.%s()) for a list", what, ld->view, ld->view))
    return;
  if (ld->view_loc.file != loc.file || ld->view_loc.start != loc.start)
    diag_note(AN->D, ld->view_loc, "the view comes from here");
}

bool ann_view_use(Annotator *AN, Ann *a, Loc loc, const char *what, ViewMode mode) {
  if (a->kind != ANN_LIST && (mode == VU_TOP || (a->kind != ANN_TUPLE && a->kind != ANN_DICT)))
    return true;
  ViewUse u = {.a = a, .loc = loc, .what = what, .mode = mode};
  vec_push(AN->A, AN->view_uses, u);
  ListDef *ld = view_in(a, mode);
  if (ld) view_report(AN, ld, loc, what);
  return !ld;
}

void ann_check_view_uses(Annotator *AN) {
  for (unsigned i = 0; i < AN->view_uses.len && !AN->D->stop; i++) {
    ViewUse *u = &AN->view_uses.data[i];
    ListDef *ld = view_in(u->a, u->mode);
    if (ld) view_report(AN, ld, u->loc, u->what);
  }
}

static Ann *dict_method(Annotator *AN, Call *c, BiId id) {
  DictDef *dd = ann_dictdef(c->self->u.dict);
  Loc o = c->loc;
  switch (id) {
  case BI_dict_get: {
    if (c->n == 1) {
      Ann *v = dict_lookup_default(AN, c, dd, "dict.get");
      if (v->kind == ANN_IMPOSSIBLE) return v;
      Ann *u = ann_union(AN, v, ann_none(AN, o));
      if (!u) return type_error(AN, o, "dict.get() without a default returns None, which "
                                "a %s cannot be; pass a default", v);
      return u;
    }
    return dict_lookup_default(AN, c, dd, "dict.get");
  }
  case BI_dict_pop: return dict_lookup_default(AN, c, dd, "dict.pop");
  case BI_dict_setdefault:
    if (!nargs_ok(AN, c, 2, 2)) return ann_impossible();
    ann_dictdef_generalize(AN, dd, c->args[0], c->args[1], o);
    return ann_dictdef_value(AN, dd);
  case BI_dict_keys: case BI_dict_values: case BI_dict_items:
    return dict_view(AN, c, dd, id);
  case BI_dict_clear:
    if (!nargs_ok(AN, c, 0, 0)) return ann_impossible();
    return ann_none(AN, o);
  case BI_dict_copy:
    /* the copy shares the dictdef (as RPython): rth_dict_copy copies the
     * slots as they are, so both dicts must have one key and value type */
    if (!nargs_ok(AN, c, 0, 0)) return ann_impossible();
    return ann_dict(AN, dd, o);
  default: return ann_impossible();
  }
}

static Ann *sb_file_method(Annotator *AN, Call *c, BiId id) {
  Loc o = c->loc;
  switch (id) {
  case BI_sb_append: case BI_file_write:
    if (!nargs_ok(AN, c, 1, 1) || !all_str(AN, c, 0)) return ann_impossible();
    return ann_none(AN, o);
  case BI_sb_build: case BI_file_readline:
    if (!nargs_ok(AN, c, 0, 0)) return ann_impossible();
    return ann_str(AN, false, o);
  case BI_file_read:
    if (!nargs_ok(AN, c, 0, 1)) return ann_impossible();
    return ann_str(AN, false, o);
  case BI_sb_getlength:
    if (!nargs_ok(AN, c, 0, 0)) return ann_impossible();
    return ann_int(AN, AF_NONNEG, o);
  case BI_file_close:
    if (!nargs_ok(AN, c, 0, 0)) return ann_impossible();
    return ann_none(AN, o);
  default: return ann_impossible();
  }
}

static bool name_in(const void *vecp, const char *n) {
  const VEC(const char *) *v = vecp;
  for (unsigned i = 0; i < v->len; i++)
    if (strcmp(v->data[i], n) == 0) return true;
  return false;
}

/* get_printable_location(*greens) is called by the JIT: annotate that call
 * with the greens' annotations; it must return a str. */
static void printable_location(Annotator *AN, Call *c, FrozenDesc *fz) {
  Ann **greens = arena_alloc_array(AN->A, fz->greens.len + 1, sizeof(Ann *));
  for (unsigned g = 0; g < fz->greens.len; g++)
    for (uint32_t k = 0; k < c->nkw; k++)
      if (strcmp(c->kwnames[k], fz->greens.data[g]) == 0) greens[g] = c->kw[k];
  Call pc = {.op = c->op, .loc = c->loc, .n = fz->greens.len, .args = greens,
             .fname = "get_printable_location"};
  Ann *r = ann_call(AN, &pc, fz->get_printable_location);
  if (r->kind != ANN_IMPOSSIBLE && !is_str(r))
    ann_error(AN, c->loc, "get_printable_location must return a str, not %s",
              ann_describe(AN, r));
}

/* jit_merge_point / can_enter_jit: keywords only, exactly greens ∪ reds. */
static Ann *jitdriver_method(Annotator *AN, Call *c, BiId id) {
  FrozenDesc *fz = c->self->u.descs[0]->u.frozen;
  const char *what = id == BI_jd_jit_merge_point ? "jit_merge_point" : "can_enter_jit";
  if (c->n) {
    ann_error(AN, c->loc, "%s() takes keyword arguments only (name=value)", what);
    return ann_impossible();
  }
  for (uint32_t k = 0; k < c->nkw; k++) {
    const char *n = c->kwnames[k];
    if (!name_in(&fz->greens, n) && (fz->reds_auto || !name_in(&fz->reds, n))) {
      ann_error(AN, c->loc, "%s(): '%s' is neither a green nor a red of this JitDriver",
                what, n);
      return ann_impossible();
    }
  }
  unsigned total = fz->greens.len + (fz->reds_auto ? 0 : fz->reds.len);
  if (!fz->reds_auto && c->nkw != total) {
    ann_error(AN, c->loc, "%s() must name every green and red of its JitDriver (%u "
              "given, %u expected)", what, c->nkw, total);
    return ann_impossible();
  }
  if (id == BI_jd_jit_merge_point && fz->get_printable_location)
    printable_location(AN, c, fz);
  return ann_none(AN, c->loc);
}

Ann *ann_method_call(Annotator *AN, Call *c, BiId id) {
  if (id >= BI_str_split && id <= BI_str_index) return str_method(AN, c, id);
  if (id >= BI_list_append && id <= BI_list_remove) return list_method(AN, c, id);
  if (id >= BI_dict_get && id <= BI_dict_copy) return dict_method(AN, c, id);
  if (id >= BI_sb_append && id <= BI_file_close) return sb_file_method(AN, c, id);
  return jitdriver_method(AN, c, id);
}
