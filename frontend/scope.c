/* scope.c — name resolution with Python's scoping rules (program.h).
 *
 * Three phases over the loaded program, all modules at a time:
 *   1. module level: every name a module binds outside def/class bodies
 *      (skipping its `if __name__ == "__main__":` body) becomes a global,
 *      with a Sym saying what it statically is (module, imported member,
 *      def, class) for decorators and re-exports;
 *   2. definitions: a FuncInfo/ClassInfo per def/class in source order,
 *      each with its Scope: a function's locals are its parameters and the
 *      names it binds, minus those declared `global` (which, when bound,
 *      become module globals); a class body's names are class attributes;
 *   3. checks: `from m import n` names, decorators, `*args` placement.
 * Lookups (scope_lookup) then follow Python: local, else (skipping class
 * bodies) a local of an enclosing function = a closure, which RL rejects,
 * else module global, else built-in. */
#include <string.h>

#include "program.h"

/* ---- binding walker ------------------------------------------------------ */
void scope_target_names(Node *t, BindFn fn, void *ctx, Node *stmt) {
  if (!t) return;
  if (t->kind == AST_NAME) {
    fn(ctx, t->u.name.id, stmt, t);
  } else if (t->kind == AST_TUPLE || t->kind == AST_LIST) {
    for (uint32_t i = 0; i < t->u.seq.elts.len; i++)
      scope_target_names(t->u.seq.elts.items[i], fn, ctx, stmt);
  }
}

typedef struct BindWalk {
  Interner *in;
  bool module_level;
  BindFn fn;
  void *ctx;
} BindWalk;

static void bind_list(BindWalk *w, NodeList body);

static void bind_import(BindWalk *w, Node *s) {
  for (uint32_t i = 0; i < s->u.names.items.len; i++) {
    Node *a = s->u.names.items.items[i];
    const char *n = a->u.alias.asname;
    if (!n) {
      const char *dot = strchr(a->u.alias.name, '.');
      n = dot ? intern(w->in, a->u.alias.name,
                       (size_t)(dot - a->u.alias.name))
              : a->u.alias.name;
    }
    w->fn(w->ctx, n, s, a);
  }
}

static void bind_importfrom(BindWalk *w, Node *s) {
  for (uint32_t i = 0; i < s->u.importfrom.names.len; i++) {
    Node *a = s->u.importfrom.names.items[i];
    const char *n = a->u.alias.asname ? a->u.alias.asname : a->u.alias.name;
    if (strcmp(n, "*") != 0) w->fn(w->ctx, n, s, a);
  }
}

static void bind_try(BindWalk *w, Node *s) {
  bind_list(w, s->u.try_.body);
  for (uint32_t i = 0; i < s->u.try_.handlers.len; i++) {
    Node *h = s->u.try_.handlers.items[i];
    if (h->u.handler.name) w->fn(w->ctx, h->u.handler.name, s, h);
    bind_list(w, h->u.handler.body);
  }
  bind_list(w, s->u.try_.orelse);
  bind_list(w, s->u.try_.finalbody);
}

static void bind_stmt(BindWalk *w, Node *s) {
  switch ((AstKind)s->kind) {
  case AST_ASSIGN:
    for (uint32_t i = 0; i < s->u.assign.targets.len; i++)
      scope_target_names(s->u.assign.targets.items[i], w->fn, w->ctx, s);
    break;
  case AST_AUGASSIGN: scope_target_names(s->u.aug.target, w->fn, w->ctx, s); break;
  case AST_FOR:
    scope_target_names(s->u.for_.target, w->fn, w->ctx, s);
    bind_list(w, s->u.for_.body);
    bind_list(w, s->u.for_.orelse);
    break;
  case AST_IF:
    if (!(w->module_level && prog_is_main_guard(s))) bind_list(w, s->u.if_.body);
    bind_list(w, s->u.if_.orelse);
    break;
  case AST_WHILE:
    bind_list(w, s->u.if_.body);
    bind_list(w, s->u.if_.orelse);
    break;
  case AST_TRY: bind_try(w, s); break;
  case AST_IMPORT: bind_import(w, s); break;
  case AST_IMPORTFROM: bind_importfrom(w, s); break;
  case AST_FUNCDEF: w->fn(w->ctx, s->u.func.name, s, s); break;
  case AST_CLASSDEF: w->fn(w->ctx, s->u.cls.name, s, s); break;
  case AST_GLOBAL:
    for (uint32_t i = 0; i < s->u.names.items.len; i++) {
      Node *n = s->u.names.items.items[i];
      if (n->kind == AST_NAME) w->fn(w->ctx, n->u.name.id, s, n);
    }
    break;
  default: break;
  }
}

static void bind_list(BindWalk *w, NodeList body) {
  for (uint32_t i = 0; i < body.len; i++)
    if (body.items[i]) bind_stmt(w, body.items[i]);
}

void scope_bindings(Interner *I, NodeList body, bool module_level, BindFn fn,
                    void *ctx) {
  BindWalk w = {I, module_level, fn, ctx};
  bind_list(&w, body);
}

/* ---- scopes -------------------------------------------------------------- */
static Scope *scope_new(Program *P, ScopeKind k, Scope *parent, Module *m) {
  Scope *s = arena_alloc(P->arena, sizeof *s);
  s->kind = (uint8_t)k;
  s->parent = parent;
  s->mod = m;
  hmap_init(&s->names, P->arena);
  hmap_init(&s->globals, P->arena);
  return s;
}

static void scope_add_local(Program *P, Scope *s, const char *name) {
  if (hmap_get(&s->names, HKEY(name))) return;
  vec_push(P->arena, s->slots, name);
  hmap_put(&s->names, HKEY(name), (void *)(uintptr_t)s->slots.len);
}

static Sym *sym_new(Program *P, SymKind k) {
  Sym *y = arena_alloc(P->arena, sizeof *y);
  y->kind = (uint8_t)k;
  return y;
}

typedef struct ModBind { Program *P; Module *m; } ModBind;

static Sym *import_sym(ModBind *c, Node *stmt, Node *alias) {
  Program *P = c->P;
  if (stmt->kind == AST_IMPORT) {
    Sym *y = sym_new(P, SYM_MODULE);
    const char *full = alias->u.alias.name;
    const char *dot = strchr(full, '.');
    const char *key = alias->u.alias.asname || !dot
                          ? full : intern(P->in, full, (size_t)(dot - full));
    y->mod = prog_imported(P, c->m, key);
    return y;
  }
  Module *tm = prog_imported(P, c->m, stmt->u.importfrom.module);
  const char *member = intern_cstr(P->in, alias->u.alias.name);
  Module *sub = tm ? hmap_get(&tm->submods, HKEY(member)) : NULL;
  Sym *y = sym_new(P, sub ? SYM_MODULE : SYM_MEMBER);
  y->mod = sub ? sub : tm;
  y->member = member;
  return y;
}

static void module_bind(void *ctx, const char *name, Node *stmt, Node *where) {
  ModBind *c = ctx;
  if (stmt->kind == AST_GLOBAL) return;
  Sym *y;
  if (stmt->kind == AST_IMPORT || stmt->kind == AST_IMPORTFROM) {
    y = import_sym(c, stmt, where);
  } else if (stmt->kind == AST_FUNCDEF || stmt->kind == AST_CLASSDEF) {
    y = sym_new(c->P, stmt->kind == AST_FUNCDEF ? SYM_FUNC : SYM_CLASS);
    y->node = stmt;
  } else {
    y = sym_new(c->P, SYM_OTHER);
  }
  Sym *old = hmap_get(&c->m->globals, HKEY(name));
  if (!old || old->kind == SYM_OTHER) hmap_put(&c->m->globals, HKEY(name), y);
}

static void module_globals(Program *P, Module *m) {
  ModBind c = {P, m};
  m->scope = scope_new(P, SCOPE_MODULE, NULL, m);
  if (m->ast) scope_bindings(P->in, m->ast->u.module.body, true, module_bind, &c);
}

/* Collects a function's or class body's bindings. */
typedef struct BodyBind {
  Program *P;
  Scope *s;
  VEC(const char *) bound;
} BodyBind;

static void body_bind(void *ctx, const char *name, Node *stmt, Node *where) {
  BodyBind *c = ctx;
  (void)where;
  if (stmt->kind == AST_GLOBAL) hmap_put(&c->s->globals, HKEY(name), (void *)1);
  else vec_push(c->P->arena, c->bound, name);
}

static void func_scope_names(Program *P, Scope *s, Node *def) {
  BodyBind c = {P, s, {0}};
  NodeList params = def->u.func.params;
  for (uint32_t i = 0; i < params.len; i++)
    scope_add_local(P, s, params.items[i]->u.param.name);
  scope_bindings(P->in, def->u.func.body, false, body_bind, &c);
  for (uint32_t i = 0; i < c.bound.len; i++) {
    const char *n = c.bound.data[i];
    if (!hmap_get(&s->globals, HKEY(n))) {
      scope_add_local(P, s, n);
    } else if (!hmap_get(&s->mod->globals, HKEY(n))) {
      hmap_put(&s->mod->globals, HKEY(n), sym_new(P, SYM_OTHER));
    }
  }
}

static void class_scope_names(Program *P, Scope *s, Node *cls) {
  BodyBind c = {P, s, {0}};
  scope_bindings(P->in, cls->u.cls.body, false, body_bind, &c);
  for (uint32_t i = 0; i < c.bound.len; i++)
    hmap_put(&s->names, HKEY(c.bound.data[i]), (void *)1);
}

/* ---- definitions ----------------------------------------------------------- */
typedef struct DefWalk {
  Program *P;
  Module *m;
  Scope *scope;
  const char *prefix;
  ClassInfo *cls;
  bool module_level;
} DefWalk;

static void defs_list(DefWalk *w, NodeList body);

static void def_func(DefWalk *w, Node *s) {
  Program *P = w->P;
  FuncInfo *f = arena_alloc(P->arena, sizeof *f);
  f->name = s->u.func.name;
  f->qualname = arena_printf(P->arena, "%s.%s", w->prefix, f->name);
  f->node = s;
  f->mod = w->m;
  f->cls = w->cls;
  f->scope = scope_new(P, SCOPE_FUNC, w->scope, w->m);
  func_scope_names(P, f->scope, s);
  vec_push(P->arena, w->m->funcs, f);
  hmap_put(&P->funcs, HKEY(s), f);
  DefWalk inner = {P, w->m, f->scope, f->qualname, NULL, false};
  defs_list(&inner, s->u.func.body);
}

static void def_class(DefWalk *w, Node *s) {
  Program *P = w->P;
  ClassInfo *c = arena_alloc(P->arena, sizeof *c);
  c->name = s->u.cls.name;
  c->qualname = arena_printf(P->arena, "%s.%s", w->prefix, c->name);
  c->node = s;
  c->mod = w->m;
  c->scope = scope_new(P, SCOPE_CLASS, w->scope, w->m);
  class_scope_names(P, c->scope, s);
  hmap_put(&P->classes, HKEY(s), c);
  DefWalk inner = {P, w->m, c->scope, c->qualname, c, false};
  defs_list(&inner, s->u.cls.body);
}

static void defs_stmt(DefWalk *w, Node *s) {
  switch ((AstKind)s->kind) {
  case AST_FUNCDEF: def_func(w, s); break;
  case AST_CLASSDEF: def_class(w, s); break;
  case AST_IF:
    if (!(w->module_level && prog_is_main_guard(s))) defs_list(w, s->u.if_.body);
    defs_list(w, s->u.if_.orelse);
    break;
  case AST_WHILE:
    defs_list(w, s->u.if_.body);
    defs_list(w, s->u.if_.orelse);
    break;
  case AST_FOR:
    defs_list(w, s->u.for_.body);
    defs_list(w, s->u.for_.orelse);
    break;
  case AST_TRY:
    defs_list(w, s->u.try_.body);
    for (uint32_t i = 0; i < s->u.try_.handlers.len; i++)
      defs_list(w, s->u.try_.handlers.items[i]->u.handler.body);
    defs_list(w, s->u.try_.orelse);
    defs_list(w, s->u.try_.finalbody);
    break;
  default: break;
  }
}

static void defs_list(DefWalk *w, NodeList body) {
  for (uint32_t i = 0; i < body.len; i++)
    if (body.items[i]) defs_stmt(w, body.items[i]);
}

/* ---- lookups ------------------------------------------------------------- */
static NameKind module_lookup(const Program *P, const Module *m,
                              const char *name) {
  if (hmap_get(&m->globals, HKEY(name))) return NK_GLOBAL;
  if (prog_is_builtin_name(P, name)) return NK_BUILTIN;
  return NK_UNDEF;
}

static NameKind enclosing_lookup(const Program *P, const Scope *s,
                                 const char *name) {
  for (const Scope *p = s; p && p->kind != SCOPE_MODULE; p = p->parent) {
    if (p->kind == SCOPE_FUNC && hmap_get(&p->names, HKEY(name)) &&
        !hmap_get(&p->globals, HKEY(name)))
      return NK_CLOSURE;
  }
  return module_lookup(P, s->mod, name);
}

NameKind scope_lookup(const Program *P, const Scope *s, const char *name,
                      uint32_t *slot) {
  if (s->kind == SCOPE_MODULE || hmap_get(&s->globals, HKEY(name)))
    return module_lookup(P, s->mod, name);
  uintptr_t v = (uintptr_t)hmap_get(&s->names, HKEY(name));
  if (v && s->kind == SCOPE_FUNC) {
    *slot = (uint32_t)(v - 1);
    return NK_LOCAL;
  }
  if (v) return NK_CLASSATTR;
  return enclosing_lookup(P, s->parent, name);
}

NameKind scope_store(const Scope *s, const char *name, uint32_t *slot) {
  if (s->kind == SCOPE_MODULE || hmap_get(&s->globals, HKEY(name)))
    return NK_GLOBAL;
  if (s->kind == SCOPE_CLASS) return NK_CLASSATTR;
  uintptr_t v = (uintptr_t)hmap_get(&s->names, HKEY(name));
  if (!v) return NK_GLOBAL;  /* not a binding the walker saw: treat as global */
  *slot = (uint32_t)(v - 1);
  return NK_LOCAL;
}

const Sym *scope_global_sym(const Module *m, const char *name) {
  const Sym *y = hmap_get(&m->globals, HKEY(name));
  for (int hops = 0; y && y->kind == SYM_MEMBER && hops < 32; hops++) {
    if (!y->mod || y->mod->builtin) return y;
    const Sym *next = hmap_get(&y->mod->globals, HKEY(y->member));
    if (!next) return y;
    y = next;
  }
  return y;
}

/* ---- checks ------------------------------------------------------------------ */
/* A statically known reference: module `mod` itself (path NULL), or the
 * dotted `path` inside it (mod NULL: a built-in name). */
typedef struct StaticRef { Module *mod; const char *path; } StaticRef;

static bool static_ref(Program *P, Scope *s, Node *e, StaticRef *r) {
  if (e->kind == AST_NAME) {
    uint32_t slot;
    NameKind k = scope_lookup(P, s, e->u.name.id, &slot);
    if (k == NK_BUILTIN) { r->mod = NULL; r->path = e->u.name.id; return true; }
    if (k != NK_GLOBAL) return false;
    const Sym *y = scope_global_sym(s->mod, e->u.name.id);
    if (!y || !y->mod) return false;
    if (y->kind == SYM_MODULE) { r->mod = y->mod; r->path = NULL; return true; }
    if (y->kind != SYM_MEMBER) return false;
    r->mod = y->mod;
    r->path = y->member;
    return true;
  }
  if (e->kind != AST_ATTR || !static_ref(P, s, e->u.attr.value, r)) return false;
  Module *sub = r->mod && !r->path ? hmap_get(&r->mod->submods, HKEY(e->u.attr.attr))
                                   : NULL;
  if (sub) { r->mod = sub; return true; }
  if (!r->mod && !r->path) return false;
  r->path = r->path ? arena_printf(P->arena, "%s.%s", r->path, e->u.attr.attr)
                    : e->u.attr.attr;
  return true;
}

static const char *source_text(Program *P, Loc l) {
  SourceFile *f = sm_file(P->sm, l.file);
  if (!f || l.end > f->len) return "?";
  return arena_strndup(P->arena, f->text + l.start, l.end - l.start);
}

static void check_decorator(Program *P, Scope *s, Node *d) {
  Node *e = d->kind == AST_CALL ? d->u.call.func : d;
  StaticRef r = {0};
  uintptr_t kind = 0;
  if (static_ref(P, s, e, &r) && r.path) {
    const char *q = r.mod ? arena_printf(P->arena, "%s.%s", r.mod->name, r.path)
                          : r.path;
    kind = (uintptr_t)hmap_get(&P->decorators, HKEY(intern_cstr(P->in, q)));
  }
  if (kind && (kind == 2) == (d->kind == AST_CALL)) return;
  diag_error(P->diag, d->loc, "decorator '%s' is not supported in RL",
             source_text(P, d->loc));
}

static void check_params(Program *P, FuncInfo *f) {
  bool ok = !f->cls && f->scope->parent->kind == SCOPE_MODULE &&
            strcmp(f->name, "target") == 0;
  NodeList ps = f->node->u.func.params;
  for (uint32_t i = 0; i < ps.len && !ok; i++) {
    Node *p = ps.items[i];
    if (p->u.param.pkind == PARAM_STAR)
      diag_error(P->diag, p->loc, "*args is not supported in RL (only in target)");
    else if (p->u.param.pkind == PARAM_DSTAR)
      diag_error(P->diag, p->loc,
                 "**kwargs is not supported in RL (only in target)");
  }
}

/* A method named __x__ other than __init__ would overload an operator or a
 * built-in under CPython (==, str(), len() ...), which RL does not do:
 * refused rather than translated differently. */
static void check_method_name(Program *P, FuncInfo *f) {
  const char *n = f->name;
  size_t len = strlen(n);
  if (!f->cls || len < 5 || strncmp(n, "__", 2) || strcmp(n + len - 2, "__") ||
      !strcmp(n, "__init__"))
    return;
  diag_error(P->diag, f->node->loc,
             "special method '%s' is not supported in RL (no operator overloading; "
             "only __init__)", n);
}

static void check_importfrom(Program *P, Module *m, Node *s) {
  Module *tm = prog_imported(P, m, s->u.importfrom.module);
  if (!tm) return;
  for (uint32_t i = 0; i < s->u.importfrom.names.len; i++) {
    Node *a = s->u.importfrom.names.items[i];
    if (strcmp(a->u.alias.name, "*") != 0 && !prog_module_has(P, tm, a->u.alias.name))
      diag_error(P->diag, a->loc, "module '%s' has no name '%s'",
                 s->u.importfrom.module, a->u.alias.name);
  }
}

static void check_list(Program *P, Module *m, Scope *s, NodeList body, bool ml);

static void check_def(Program *P, Module *m, Scope *s, Node *d) {
  if (d->kind == AST_FUNCDEF) {
    FuncInfo *f = prog_func(P, d);
    for (uint32_t i = 0; i < d->u.func.decorators.len; i++)
      check_decorator(P, s, d->u.func.decorators.items[i]);
    check_params(P, f);
    check_method_name(P, f);
    check_list(P, m, f->scope, d->u.func.body, false);
    return;
  }
  for (uint32_t i = 0; i < d->u.cls.decorators.len; i++) {
    Node *e = d->u.cls.decorators.items[i];
    diag_error(P->diag, e->loc, "decorator '%s' is not supported in RL",
               source_text(P, e->loc));
  }
  check_list(P, m, prog_class(P, d)->scope, d->u.cls.body, false);
}

static void check_stmt(Program *P, Module *m, Scope *s, Node *st, bool ml) {
  switch ((AstKind)st->kind) {
  case AST_IMPORTFROM: check_importfrom(P, m, st); break;
  case AST_FUNCDEF: case AST_CLASSDEF: check_def(P, m, s, st); break;
  case AST_IF:
    if (!(ml && prog_is_main_guard(st))) check_list(P, m, s, st->u.if_.body, ml);
    check_list(P, m, s, st->u.if_.orelse, ml);
    break;
  case AST_WHILE:
    check_list(P, m, s, st->u.if_.body, ml);
    check_list(P, m, s, st->u.if_.orelse, ml);
    break;
  case AST_FOR:
    check_list(P, m, s, st->u.for_.body, ml);
    check_list(P, m, s, st->u.for_.orelse, ml);
    break;
  case AST_TRY:
    check_list(P, m, s, st->u.try_.body, ml);
    for (uint32_t i = 0; i < st->u.try_.handlers.len; i++)
      check_list(P, m, s, st->u.try_.handlers.items[i]->u.handler.body, ml);
    check_list(P, m, s, st->u.try_.orelse, ml);
    check_list(P, m, s, st->u.try_.finalbody, ml);
    break;
  default: break;
  }
}

static void check_list(Program *P, Module *m, Scope *s, NodeList body, bool ml) {
  for (uint32_t i = 0; i < body.len && !P->diag->stop; i++)
    if (body.items[i]) check_stmt(P, m, s, body.items[i], ml);
}

void scope_program(Program *P) {
  for (uint32_t i = 0; i < P->modules.len; i++)
    module_globals(P, P->modules.data[i]);
  for (uint32_t i = 0; i < P->modules.len; i++) {
    Module *m = P->modules.data[i];
    DefWalk w = {P, m, m->scope, m->name, NULL, true};
    if (m->ast) defs_list(&w, m->ast->u.module.body);
  }
  for (uint32_t i = 0; i < P->modules.len; i++) {
    Module *m = P->modules.data[i];
    if (m->ast) check_list(P, m, m->scope, m->ast->u.module.body, true);
  }
}
