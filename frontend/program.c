/* program.c — modules and imports: loading the program's files (program.h). */
#include "program.h"

#include <errno.h>
#include <string.h>

#include "parse.h"

/* ---- HMap ---------------------------------------------------------------- */
void hmap_init(HMap *m, Arena *A) {
  memset(m, 0, sizeof *m);
  m->arena = A;
}

static uint32_t hmap_slot(uint64_t key, uint32_t cap) {
  return (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
}

void *hmap_get(const HMap *m, uint64_t key) {
  if (!m->cap) return NULL;
  for (uint32_t j = hmap_slot(key, m->cap);; j = (j + 1) & (m->cap - 1)) {
    if (m->keys[j] == key) return m->vals[j];
    if (!m->keys[j]) return NULL;
  }
}

static void hmap_grow(HMap *m) {
  uint32_t ncap = m->cap ? m->cap * 2 : 16;
  uint64_t *keys = arena_alloc_array(m->arena, ncap, sizeof *keys);
  void **vals = arena_alloc_array(m->arena, ncap, sizeof *vals);
  for (uint32_t i = 0; i < m->cap; i++) {
    if (!m->keys[i]) continue;
    uint32_t j = hmap_slot(m->keys[i], ncap);
    while (keys[j]) j = (j + 1) & (ncap - 1);
    keys[j] = m->keys[i];
    vals[j] = m->vals[i];
  }
  m->keys = keys;
  m->vals = vals;
  m->cap = ncap;
}

void hmap_put(HMap *m, uint64_t key, void *val) {
  if ((m->count + 1) * 2 > m->cap) hmap_grow(m);
  uint32_t j = hmap_slot(key, m->cap);
  while (m->keys[j] && m->keys[j] != key) j = (j + 1) & (m->cap - 1);
  if (!m->keys[j]) m->count++;
  m->keys[j] = key;
  m->vals[j] = val;
}

/* ---- built-in tables ----------------------------------------------------- */
static Module *module_new(Program *P, const char *name) {
  Module *m = arena_alloc(P->arena, sizeof *m);
  m->name = name;
  hmap_init(&m->members, P->arena);
  hmap_init(&m->submods, P->arena);
  hmap_init(&m->imports, P->arena);
  hmap_init(&m->globals, P->arena);
  return m;
}

static void add_members(Program *P, Module *m, const char *list) {
  const char *s = list;
  while (*s) {
    while (*s == ' ') s++;
    const char *e = s;
    while (*e && *e != ' ') e++;
    if (e > s) hmap_put(&m->members, HKEY(intern(P->in, s, (size_t)(e - s))),
                        (void *)1);
    s = e;
  }
}

static Module *builtin_module(const Program *P, const char *dotted) {
  Module *m = hmap_get(&P->modmap, HKEY(dotted));
  return m && m->builtin ? m : NULL;
}

/* Links "a.b" as submodule b of "a" when both are built-in modules. */
static void link_parent(Program *P, const char *dotted, Module *m) {
  const char *dot = strrchr(dotted, '.');
  if (!dot) return;
  const char *pname = intern(P->in, dotted, (size_t)(dot - dotted));
  Module *parent = builtin_module(P, pname);
  if (parent)
    hmap_put(&parent->submods, HKEY(intern_cstr(P->in, dot + 1)), m);
}

static void add_builtin_module(Program *P, const char *dotted,
                               const char *members) {
  const char *name = intern_cstr(P->in, dotted);
  Module *m = module_new(P, name);
  m->builtin = true;
  add_members(P, m, members);
  hmap_put(&P->modmap, HKEY(name), m);
}

static void add_alias(Program *P, const char *alias, const char *target) {
  Module *m = builtin_module(P, intern_cstr(P->in, target));
  if (m) hmap_put(&P->modmap, HKEY(intern_cstr(P->in, alias)), m);
}

static void link_builtin_modules(Program *P) {
#define BMODULE(name, members) \
  link_parent(P, intern_cstr(P->in, #name), builtin_module(P, intern_cstr(P->in, #name)));
#define BALIAS(name, target) \
  link_parent(P, intern_cstr(P->in, #name), builtin_module(P, intern_cstr(P->in, #target)));
#include "builtins.def"
}

void prog_init(Program *P, Arena *A, Interner *I, SourceMgr *sm, Diag *D) {
  memset(P, 0, sizeof *P);
  P->arena = A;
  P->in = I;
  P->sm = sm;
  P->diag = D;
  hmap_init(&P->modmap, A);
  hmap_init(&P->builtins, A);
  hmap_init(&P->decorators, A);
  hmap_init(&P->funcs, A);
  hmap_init(&P->classes, A);
#define BUILTIN(name) hmap_put(&P->builtins, HKEY(intern_cstr(I, #name)), (void *)1);
#define BMODULE(name, members) add_builtin_module(P, #name, members);
#define BALIAS(name, target) add_alias(P, #name, #target);
#define DECORATOR(qualname, call) \
  hmap_put(&P->decorators, HKEY(intern_cstr(I, #qualname)), (void *)(uintptr_t)(1 + (call)));
#include "builtins.def"
  link_builtin_modules(P);
}

bool prog_is_builtin_name(const Program *P, const char *name) {
  return hmap_get(&P->builtins, HKEY(name)) != NULL;
}

bool prog_module_has(Program *P, const Module *m, const char *n) {
  n = intern_cstr(P->in, n);
  if (hmap_get(&m->submods, HKEY(n))) return true;
  if (m->builtin) return hmap_get(&m->members, HKEY(n)) != NULL;
  return hmap_get(&m->globals, HKEY(n)) != NULL;
}

Module *prog_imported(Program *P, Module *from, const char *dotted) {
  return hmap_get(&from->imports, HKEY(intern_cstr(P->in, dotted)));
}

FuncInfo *prog_func(const Program *P, const Node *def) {
  return hmap_get(&P->funcs, HKEY(def));
}

ClassInfo *prog_class(const Program *P, const Node *cls) {
  return hmap_get(&P->classes, HKEY(cls));
}

bool prog_is_main_guard(const Node *s) {
  if (s->kind != AST_IF) return false;
  const Node *t = s->u.if_.test;
  if (t->kind != AST_COMPARE || t->u.cmp.comparators.len != 1 ||
      t->u.cmp.ops[0] != CMP_EQ)
    return false;
  const Node *a = t->u.cmp.left, *b = t->u.cmp.comparators.items[0];
  if (a->kind == AST_STR) { const Node *x = a; a = b; b = x; }
  return a->kind == AST_NAME && strcmp(a->u.name.id, "__name__") == 0 &&
         b->kind == AST_STR && b->u.str.len == 8 &&
         memcmp(b->u.str.s, "__main__", 8) == 0;
}

/* ---- loading --------------------------------------------------------------- */
static Module *load_file(Program *P, const char *path);
static Module *load_source(Program *P, const char *path, uint32_t file);

static const char *dir_of(Program *P, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return ".";
  if (slash == path) return "/";
  return arena_strndup(P->arena, path, (size_t)(slash - path));
}

static const char *base_of(Program *P, const char *path) {
  const char *slash = strrchr(path, '/');
  const char *b = slash ? slash + 1 : path;
  const char *dot = strrchr(b, '.');
  size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
  return intern(P->in, b, n);
}

/* DIR/a/b for "a.b" (no extension). */
static char *module_stem(Program *P, const char *dir, const char *dotted) {
  char *s = arena_printf(P->arena, "%s/%s", dir, dotted);
  for (char *c = s + strlen(dir) + 1; *c; c++)
    if (*c == '.') *c = '/';
  return s;
}

static bool file_exists(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  fclose(f);
  return true;
}

/* A folder `DIR/a` used as the package of `import a.b`. */
static Module *folder_module(Program *P, const char *stem, const char *name) {
  const char *key = intern_cstr(P->in, stem);
  Module *m = hmap_get(&P->modmap, HKEY(key));
  if (m) return m;
  m = module_new(P, name);
  m->builtin = true;
  m->path = key;
  hmap_put(&P->modmap, HKEY(key), m);
  return m;
}

/* Records the prefixes a.b of a.b.c as folder modules (user imports). */
static void user_prefixes(Program *P, Module *from, const char *dotted,
                          Module *leaf) {
  Module *child = leaf;
  size_t end = strlen(dotted);
  for (size_t i = end; i-- > 0;) {
    if (dotted[i] != '.') continue;
    const char *prefix = intern(P->in, dotted, i);
    const char *pbase = strrchr(prefix, '.');
    Module *pm = folder_module(P, module_stem(P, from->dir, prefix),
                               pbase ? intern_cstr(P->in, pbase + 1) : prefix);
    const char *last = intern(P->in, dotted + i + 1, end - i - 1);
    if (child) hmap_put(&pm->submods, HKEY(last), child);
    hmap_put(&from->imports, HKEY(prefix), pm);
    child = pm;
    end = i;
  }
}

static void builtin_prefixes(Program *P, Module *from, const char *dotted) {
  for (const char *dot = dotted; (dot = strchr(dot, '.')); dot++) {
    const char *prefix = intern(P->in, dotted, (size_t)(dot - dotted));
    Module *m = builtin_module(P, prefix);
    if (m) hmap_put(&from->imports, HKEY(prefix), m);
  }
}

static Module *find_user_module(Program *P, Module *from, const char *dotted,
                                Loc where) {
  char *stem = module_stem(P, from->dir, dotted);
  char *rl = arena_printf(P->arena, "%s.rl", stem);
  char *py = arena_printf(P->arena, "%s.py", stem);
  const char *path = file_exists(rl) ? rl : file_exists(py) ? py : NULL;
  if (!path) {
    diag_error(P->diag, where,
               "cannot find module '%s' (looked for %s and %s)", dotted, rl,
               py);
    return NULL;
  }
  Module *m = hmap_get(&P->modmap, HKEY(intern_cstr(P->in, path)));
  if (m) return m;
  m = load_file(P, path);
  if (!m)
    diag_error(P->diag, where, "cannot read module '%s' (%s): %s", dotted,
               path, strerror(errno));
  return m;
}

static void import_one(Program *P, Module *from, const char *dotted,
                       Loc where) {
  dotted = intern_cstr(P->in, dotted);
  if (hmap_get(&from->imports, HKEY(dotted))) return;
  Module *m = builtin_module(P, dotted);
  if (m) {
    builtin_prefixes(P, from, dotted);
  } else {
    m = find_user_module(P, from, dotted, where);
    user_prefixes(P, from, dotted, m);
  }
  if (m) hmap_put(&from->imports, HKEY(dotted), m);
}

/* The location of a dotted module name inside an ALIAS node. */
static Loc name_loc(Loc alias, const char *name) {
  uint32_t end = alias.start + (uint32_t)strlen(name);
  if (end <= alias.end) alias.end = end;
  return alias;
}

static void find_imports(Program *P, Module *m, NodeList body);

static void find_imports_stmt(Program *P, Module *m, Node *s) {
  switch ((AstKind)s->kind) {
  case AST_IMPORT:
    for (uint32_t i = 0; i < s->u.names.items.len; i++) {
      Node *a = s->u.names.items.items[i];
      import_one(P, m, a->u.alias.name, name_loc(a->loc, a->u.alias.name));
    }
    break;
  case AST_IMPORTFROM:
    import_one(P, m, s->u.importfrom.module, s->u.importfrom.module_loc);
    break;
  case AST_IF: case AST_WHILE:
    find_imports(P, m, s->u.if_.body);
    find_imports(P, m, s->u.if_.orelse);
    break;
  case AST_FOR:
    find_imports(P, m, s->u.for_.body);
    find_imports(P, m, s->u.for_.orelse);
    break;
  case AST_TRY:
    find_imports(P, m, s->u.try_.body);
    for (uint32_t i = 0; i < s->u.try_.handlers.len; i++)
      find_imports(P, m, s->u.try_.handlers.items[i]->u.handler.body);
    find_imports(P, m, s->u.try_.orelse);
    find_imports(P, m, s->u.try_.finalbody);
    break;
  case AST_FUNCDEF: find_imports(P, m, s->u.func.body); break;
  case AST_CLASSDEF: find_imports(P, m, s->u.cls.body); break;
  default: break;
  }
}

static void find_imports(Program *P, Module *m, NodeList body) {
  for (uint32_t i = 0; i < body.len && !P->diag->stop; i++)
    if (body.items[i]) find_imports_stmt(P, m, body.items[i]);
}

static Module *load_file(Program *P, const char *path) {
  uint32_t file = sm_load(P->sm, path);
  if (!file) return NULL;
  return load_source(P, path, file);
}

static Module *load_source(Program *P, const char *path, uint32_t file) {
  const char *key = intern_cstr(P->in, path);
  Module *m = module_new(P, base_of(P, path));
  m->path = key;
  m->dir = dir_of(P, path);
  m->file = file;
  m->index = P->modules.len;
  hmap_put(&P->modmap, HKEY(key), m);
  vec_push(P->arena, P->modules, m);
  int before = P->diag->nerrors;
  m->ast = fe_parse(P->arena, P->in, P->diag, file);
  if (P->diag->nerrors > before || !m->ast) P->parse_failed = true;
  if (m->ast && m->ast->kind == AST_MODULE)
    find_imports(P, m, m->ast->u.module.body);
  return m;
}

Module *prog_load(Program *P, const char *path) {
  return load_file(P, path);
}

Module *prog_load_text(Program *P, const char *path, const char *text) {
  return prog_load_bytes(P, path, text, (uint32_t)strlen(text));
}

Module *prog_load_bytes(Program *P, const char *path, const char *text,
                        uint32_t len) {
  uint32_t file = sm_add(P->sm, path, arena_strndup(P->arena, text, len), len);
  return load_source(P, path, file);
}
