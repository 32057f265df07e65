/* flowstmt.c — flow graph builder: statements. Loops get a header block
 * with fixed inputs; break/continue/return go through the frame blocks
 * (FBlock) and copy every `finally` body they leave. */
#include <string.h>

#include "flowint.h"

static void stmt(FB *b, Node *s);

void fs_body(FB *b, NodeList body) {
  for (uint32_t i = 0; i < body.len; i++) {
    if (!b->cur || b->P->diag->stop) return;
    if (body.items[i]) stmt(b, body.items[i]);
  }
}

/* ---- assignment ------------------------------------------------------------ */
static void unpack(FB *b, Node *t, Value *v) {
  NodeList elts = t->u.seq.elts;
  Value *n = fb_op2(b, HL_simple_call, fb_builtin(b, "len"), v, t->loc);
  Value *ok = fb_op2(b, HL_eq, n, fb_int(b, elts.len), t->loc);
  Join jt = {0}, jf = {0};
  fb_branch(b, ok, &jf, &jt);
  if (fb_start(b, &jf, 0, NULL)) {
    const char *msg = arena_printf(b->A, "wrong number of values to unpack "
                                   "(expected %u)", elts.len);
    Value *e = fb_op2(b, HL_simple_call, fb_builtin(b, "ValueError"),
                      fb_str(b, msg), t->loc);
    fb_raise(b, fb_op1(b, HL_type, e, t->loc), e);
  }
  fb_start(b, &jt, 0, NULL);
  Value **items = arena_alloc_array(&b->scratch, elts.len + 1, sizeof(Value *));
  for (uint32_t i = 0; i < elts.len; i++)  /* all items first, as Python */
    items[i] = fb_op2(b, HL_getitem, v, fb_int(b, i), elts.items[i]->loc);
  for (uint32_t i = 0; i < elts.len; i++) fs_assign(b, elts.items[i], items[i]);
}

static void assign_subscript(FB *b, Node *t, Value *v) {
  Value *o = fx_expr(b, t->u.sub.value);
  Node *ix = t->u.sub.index;
  if (ix->kind == AST_SLICE) {
    Value *lo, *hi;
    fx_slice(b, ix, &lo, &hi);
    Value *args[4] = {o, lo, hi, v};
    fb_op(b, HL_setslice, 4, args, t->loc);
  } else {
    fb_op3(b, HL_setitem, o, fx_expr(b, ix), v, t->loc);
  }
}

void fs_assign(FB *b, Node *t, Value *v) {
  switch ((AstKind)t->kind) {
  case AST_NAME: fb_store(b, t->u.name.id, v, t->loc); break;
  case AST_ATTR:
    fb_op3(b, HL_setattr, fx_expr(b, t->u.attr.value), fb_str(b, t->u.attr.attr),
           v, t->loc);
    break;
  case AST_SUBSCRIPT: assign_subscript(b, t, v); break;
  case AST_TUPLE: case AST_LIST: unpack(b, t, v); break;
  default:
    fb_error(b, t->loc, "cannot assign to %s",
               ast_kind_name((AstKind)t->kind));
    break;
  }
}

static bool is_seq(const Node *n) {
  return n->kind == AST_TUPLE || n->kind == AST_LIST;
}

static void assign_stmt(FB *b, Node *s) {
  NodeList ts = s->u.assign.targets;
  Node *val = s->u.assign.value;
  if (ts.len == 1 && is_seq(ts.items[0]) && is_seq(val) &&
      ts.items[0]->u.seq.elts.len == val->u.seq.elts.len) {
    NodeList te = ts.items[0]->u.seq.elts, ve = val->u.seq.elts;
    Value **vs = arena_alloc_array(&b->scratch, ve.len + 1, sizeof(Value *));
    for (uint32_t i = 0; i < ve.len; i++) vs[i] = fx_expr(b, ve.items[i]);
    for (uint32_t i = 0; i < te.len; i++) fs_assign(b, te.items[i], vs[i]);
    return;
  }
  Value *v = fx_expr(b, val);
  for (uint32_t i = 0; i < ts.len; i++) fs_assign(b, ts.items[i], v);
}

static void aug_subscript(FB *b, Node *t, HlOp op, Node *value) {
  Value *o = fx_expr(b, t->u.sub.value);
  Node *ix = t->u.sub.index;
  if (ix->kind == AST_SLICE) {
    Value *lo, *hi;
    fx_slice(b, ix, &lo, &hi);
    Value *old = fb_op3(b, HL_getslice, o, lo, hi, t->loc);
    Value *r = fb_op2(b, op, old, fx_expr(b, value), t->loc);
    Value *args[4] = {o, lo, hi, r};
    fb_op(b, HL_setslice, 4, args, t->loc);
    return;
  }
  Value *i = fx_expr(b, ix);
  Value *old = fb_op2(b, HL_getitem, o, i, t->loc);
  Value *r = fb_op2(b, op, old, fx_expr(b, value), t->loc);
  fb_op3(b, HL_setitem, o, i, r, t->loc);
}

static void aug_stmt(FB *b, Node *s) {
  Node *t = s->u.aug.target;
  HlOp op = fx_binop((BinOp)s->op, true);
  if (t->kind == AST_NAME) {
    Value *old = fb_load(b, t->u.name.id, t->loc);
    Value *r = fb_op2(b, op, old, fx_expr(b, s->u.aug.value), s->loc);
    fb_store(b, t->u.name.id, r, t->loc);
  } else if (t->kind == AST_ATTR) {
    Value *o = fx_expr(b, t->u.attr.value);
    Value *name = fb_str(b, t->u.attr.attr);
    Value *old = fb_op2(b, HL_getattr, o, name, t->loc);
    Value *r = fb_op2(b, op, old, fx_expr(b, s->u.aug.value), s->loc);
    fb_op3(b, HL_setattr, o, name, r, t->loc);
  } else if (t->kind == AST_SUBSCRIPT) {
    aug_subscript(b, t, op, s->u.aug.value);
  } else {
    fb_error(b, t->loc, "cannot assign to %s",
               ast_kind_name((AstKind)t->kind));
  }
}

static void del_target(FB *b, Node *t) {
  if (is_seq(t)) {
    for (uint32_t i = 0; i < t->u.seq.elts.len; i++)
      del_target(b, t->u.seq.elts.items[i]);
  } else if (t->kind == AST_SUBSCRIPT) {
    Value *o = fx_expr(b, t->u.sub.value);
    Node *ix = t->u.sub.index;
    if (ix->kind == AST_SLICE) {
      Value *lo, *hi;
      fx_slice(b, ix, &lo, &hi);
      fb_op3(b, HL_delslice, o, lo, hi, t->loc);
    } else {
      fb_op2(b, HL_delitem, o, fx_expr(b, ix), t->loc);
    }
  } else if (t->kind == AST_ATTR) {
    fb_error(b, t->loc, "del of an attribute is not supported in RL");
  } else {
    fb_error(b, t->loc, "del of a variable is not supported in RL");
  }
}

/* ---- control flow ------------------------------------------------------------ */
static void if_stmt(FB *b, Node *s) {
  if (b->scope->kind == SCOPE_MODULE && prog_is_main_guard(s)) {
    fs_body(b, s->u.if_.orelse);  /* rtrans skips __main__ blocks */
    return;
  }
  Join jt = {0}, jf = {0}, after = {0};
  fx_cond(b, s->u.if_.test, &jt, &jf);
  if (fb_start(b, &jt, 0, NULL)) {
    fs_body(b, s->u.if_.body);
    fb_goto(b, &after);
  }
  if (fb_start(b, &jf, 0, NULL)) {
    fs_body(b, s->u.if_.orelse);
    fb_goto(b, &after);
  }
  fb_start(b, &after, 0, NULL);
}

typedef struct Assigned { FB *b; uint8_t *mark; } Assigned;

static void mark_assigned(void *ctx, const char *name, Node *stmt, Node *where) {
  Assigned *a = ctx;
  uint32_t slot;
  (void)where;
  if (stmt->kind != AST_GLOBAL && scope_store(a->b->scope, name, &slot) == NK_LOCAL)
    a->mark[slot] = 1;
}

/* Which slots a loop (its target and body) assigns. */
static uint8_t *loop_assigned(FB *b, Node *target, NodeList body) {
  Assigned a = {b, arena_alloc(&b->scratch, b->nslots + 1)};
  if (target) scope_target_names(target, mark_assigned, &a, target);
  scope_bindings(b->P->in, body, false, mark_assigned, &a);
  return a.mark;
}

static bool always_true(const Node *t) {
  return t->kind == AST_TRUE || (t->kind == AST_INT && t->u.num.v != 0);
}

static void loop_body(FB *b, Loop *L, Join *brk, NodeList body) {
  FBlock fb = {.prev = b->top, .kind = FB_LOOP, .loop = L, .brk = brk};
  b->top = &fb;
  fs_body(b, body);
  fb_loop_back(b, L);
  b->top = fb.prev;
}

static void while_stmt(FB *b, Node *s) {
  Loop L;
  Join brk = {0}, exitj = {0};
  uint8_t *assigned = loop_assigned(b, NULL, s->u.if_.body);
  fb_loop_enter(b, &L, assigned, b->nslots);
  if (!always_true(s->u.if_.test)) {
    Join jt = {0};
    fx_cond(b, s->u.if_.test, &jt, &exitj);
    fb_start(b, &jt, 0, NULL);
  }
  loop_body(b, &L, &brk, s->u.if_.body);
  if (fb_start(b, &exitj, 0, NULL)) {
    fs_body(b, s->u.if_.orelse);
    fb_goto(b, &brk);
  }
  fb_start(b, &brk, 0, NULL);
}

static void for_stmt(FB *b, Node *s) {
  Node *iter = s->u.for_.iter, *target = s->u.for_.target;
  Value *it = fb_op1(b, HL_iter, fx_expr(b, iter), iter->loc);
  Loop L;
  Join brk = {0}, done = {0};
  uint8_t *assigned = loop_assigned(b, target, s->u.for_.body);
  fb_loop_enter(b, &L, assigned, b->nslots);
  fs_assign(b, target, fb_next(b, it, target->loc, &done));
  loop_body(b, &L, &brk, s->u.for_.body);
  if (fb_start(b, &done, 0, NULL)) {
    fs_body(b, s->u.for_.orelse);
    fb_goto(b, &brk);
  }
  fb_start(b, &brk, 0, NULL);
}

/* Copies the finally bodies between the current point and `stop`. */
static void unwind(FB *b, FBlock *stop) {
  FBlock *saved = b->top;
  for (FBlock *f = b->top; f && f != stop && b->cur; f = f->prev) {
    if (f->kind != FB_FINALLY) continue;
    b->top = f->prev;
    fs_body(b, *f->final);
  }
  b->top = saved;
}

static FBlock *find_fblock(FB *b, FbKind kind) {
  for (FBlock *f = b->top; f; f = f->prev)
    if (f->kind == kind) return f;
  return NULL;
}

static void break_continue(FB *b, Node *s) {
  bool is_break = s->kind == AST_BREAK;
  FBlock *L = find_fblock(b, FB_LOOP);
  if (!L) {
    fb_error(b, s->loc, "'%s' outside loop",
               is_break ? "break" : "continue");
    return;
  }
  unwind(b, L);
  if (is_break) fb_goto(b, L->brk);
  else fb_loop_back(b, L->loop);
}

static void return_stmt(FB *b, Node *s) {
  Value *v = s->u.expr.value ? fx_expr(b, s->u.expr.value) : fb_none(b);
  unwind(b, NULL);
  fb_return(b, v);
}

/* ---- exceptions ---------------------------------------------------------------- */
static bool is_class_name(FB *b, Node *x) {
  if (x->kind != AST_NAME) return false;
  uint32_t slot;
  NameKind k = scope_lookup(b->P, b->scope, x->u.name.id, &slot);
  if (k == NK_BUILTIN) return x->u.name.id[0] >= 'A' && x->u.name.id[0] <= 'Z';
  if (k != NK_GLOBAL) return false;
  const Sym *y = scope_global_sym(b->M, x->u.name.id);
  return y && y->kind == SYM_CLASS;
}

static void raise_stmt(FB *b, Node *s) {
  Node *x = s->u.raise.exc;
  if (!x) {
    FBlock *h = find_fblock(b, FB_HANDLER);
    if (h) fb_raise(b, h->etype, h->evalue);
    else fb_error(b, s->loc, "bare raise outside an except clause");
    return;
  }
  Value *v;
  if (x->kind == AST_CALL) v = fx_expr(b, x);
  else if (is_class_name(b, x)) v = fb_op1(b, HL_simple_call, fx_expr(b, x), x->loc);
  else v = fb_op1(b, HL_exc_instance, fx_expr(b, x), x->loc);
  if (s->u.raise.cause) fx_expr(b, s->u.raise.cause);
  fb_raise(b, fb_op1(b, HL_type, v, s->loc), v);
}

static void handler_body(FB *b, Node *h, Value *et, Value *ev, Join *after) {
  FBlock fb = {.prev = b->top, .kind = FB_HANDLER, .etype = et, .evalue = ev};
  b->top = &fb;
  if (h->u.handler.name) fb_store(b, h->u.handler.name, ev, h->u.handler.name_loc);
  fs_body(b, h->u.handler.body);
  b->top = fb.prev;
  fb_goto(b, after);
}

/* The dispatch: try each clause in order; no match re-raises. */
static void handlers(FB *b, NodeList hs, Value *et, Value *ev, Join *after) {
  for (uint32_t i = 0; i < hs.len && b->cur; i++) {
    Node *h = hs.items[i];
    if (!h->u.handler.type) {
      handler_body(b, h, et, ev, after);
      return;
    }
    Value *c = fx_expr(b, h->u.handler.type);
    Value *m = fb_op2(b, HL_exception_match, et, c, h->u.handler.type->loc);
    Join jt = {0}, jf = {0};
    fb_branch(b, m, &jf, &jt);
    if (fb_start(b, &jt, 0, NULL)) handler_body(b, h, et, ev, after);
    fb_start(b, &jf, 0, NULL);
  }
  fb_raise(b, et, ev);
}

static void try_except(FB *b, Node *s) {
  Join exc = {0}, after = {0};
  FBlock fb = {.prev = b->top, .kind = FB_TRY, .exc = &exc};
  b->top = &fb;
  fs_body(b, s->u.try_.body);
  b->top = fb.prev;
  fs_body(b, s->u.try_.orelse);
  fb_goto(b, &after);
  Value *ex[2];
  if (fb_start(b, &exc, 2, ex)) handlers(b, s->u.try_.handlers, ex[0], ex[1], &after);
  fb_start(b, &after, 0, NULL);
}

static void try_finally(FB *b, Node *s) {
  Join exc = {0}, after = {0};
  FBlock fb = {.prev = b->top, .kind = FB_FINALLY, .exc = &exc,
               .final = &s->u.try_.finalbody};
  b->top = &fb;
  if (s->u.try_.handlers.len) try_except(b, s);
  else fs_body(b, s->u.try_.body);
  b->top = fb.prev;
  fs_body(b, s->u.try_.finalbody);
  fb_goto(b, &after);
  Value *ex[2];
  if (fb_start(b, &exc, 2, ex)) {
    fs_body(b, s->u.try_.finalbody);
    fb_raise(b, ex[0], ex[1]);
  }
  fb_start(b, &after, 0, NULL);
}

static void assert_stmt(FB *b, Node *s) {
  Join jt = {0}, jf = {0};
  fx_cond(b, s->u.assert_.test, &jt, &jf);
  if (fb_start(b, &jf, 0, NULL)) {
    Value *cls = fb_builtin(b, "AssertionError");
    Value *v = s->u.assert_.msg
                   ? fb_op2(b, HL_simple_call, cls, fx_expr(b, s->u.assert_.msg), s->loc)
                   : fb_op1(b, HL_simple_call, cls, s->loc);
    fb_raise(b, fb_op1(b, HL_type, v, s->loc), v);
  }
  fb_start(b, &jt, 0, NULL);
}

/* ---- definitions and imports -------------------------------------------------- */
void fs_funcdef(FB *b, Node *s) {
  FuncInfo *f = prog_func(b->P, s);
  if (!f) return;
  NodeList decs = s->u.func.decorators, ps = s->u.func.params;
  Value **dv = arena_alloc_array(&b->scratch, decs.len + 1, sizeof(Value *));
  for (uint32_t i = 0; i < decs.len; i++) dv[i] = fx_expr(b, decs.items[i]);
  Value **args = arena_alloc_array(&b->scratch, ps.len + 1, sizeof(Value *));
  uint32_t n = 0;
  args[n++] = const_ref(b->A, CONST_FUNC, f, f->qualname);
  for (uint32_t i = 0; i < ps.len; i++)
    if (ps.items[i]->u.param.dflt) args[n++] = fx_expr(b, ps.items[i]->u.param.dflt);
  Value *fn = fb_op(b, HL_make_function, n, args, s->loc);
  for (uint32_t i = decs.len; i-- > 0;)
    fn = fb_op2(b, HL_simple_call, dv[i], fn, decs.items[i]->loc);
  fb_store(b, s->u.func.name, fn, s->u.func.name_loc);
}

static void classdef(FB *b, Node *s) {
  ClassInfo *c = prog_class(b->P, s);
  if (!c) return;
  Value *base = s->u.cls.base ? fx_expr(b, s->u.cls.base) : fb_none(b);
  Value *cls = fb_op2(b, HL_make_class, const_ref(b->A, CONST_CLASS, c, c->qualname),
                      base, s->loc);
  Scope *saved_scope = b->scope;
  Value *saved_cls = b->cls;
  b->scope = c->scope;
  b->cls = cls;
  fs_body(b, s->u.cls.body);
  b->scope = saved_scope;
  b->cls = saved_cls;
  if (b->cur) fb_store(b, s->u.cls.name, cls, s->u.cls.name_loc);
}

static Value *import_value(FB *b, const char *dotted, Loc loc) {
  Module *m = prog_imported(b->P, b->M, dotted);
  return fb_op1(b, HL_import_module, fb_modconst(b, m, dotted), loc);
}

static void import_stmt(FB *b, Node *s) {
  for (uint32_t i = 0; i < s->u.names.items.len; i++) {
    Node *a = s->u.names.items.items[i];
    const char *full = a->u.alias.name;
    const char *dot = strchr(full, '.');
    Value *v = import_value(b, full, a->loc);
    if (a->u.alias.asname) {
      fb_store(b, a->u.alias.asname, v, a->loc);
    } else if (dot) {
      const char *first = intern(b->P->in, full, (size_t)(dot - full));
      fb_store(b, first, import_value(b, first, a->loc), a->loc);
    } else {
      fb_store(b, intern_cstr(b->P->in, full), v, a->loc);
    }
  }
}

static void importfrom_stmt(FB *b, Node *s) {
  Value *m = import_value(b, s->u.importfrom.module, s->u.importfrom.module_loc);
  for (uint32_t i = 0; i < s->u.importfrom.names.len; i++) {
    Node *a = s->u.importfrom.names.items[i];
    Value *v = fb_op2(b, HL_getattr, m, fb_str(b, a->u.alias.name), a->loc);
    fb_store(b, a->u.alias.asname ? a->u.alias.asname : a->u.alias.name, v, a->loc);
  }
}

/* ---- dispatch ------------------------------------------------------------------- */
static void stmt(FB *b, Node *s) {
  switch ((AstKind)s->kind) {
  case AST_EXPR_STMT: fx_expr(b, s->u.expr.value); break;
  case AST_ASSIGN: assign_stmt(b, s); break;
  case AST_AUGASSIGN: aug_stmt(b, s); break;
  case AST_IF: if_stmt(b, s); break;
  case AST_WHILE: while_stmt(b, s); break;
  case AST_FOR: for_stmt(b, s); break;
  case AST_BREAK: case AST_CONTINUE: break_continue(b, s); break;
  case AST_RETURN: return_stmt(b, s); break;
  case AST_RAISE: raise_stmt(b, s); break;
  case AST_TRY:
    if (s->u.try_.finalbody.len) try_finally(b, s);
    else try_except(b, s);
    break;
  case AST_ASSERT: assert_stmt(b, s); break;
  case AST_DEL:
    for (uint32_t i = 0; i < s->u.names.items.len; i++)
      del_target(b, s->u.names.items.items[i]);
    break;
  case AST_IMPORT: import_stmt(b, s); break;
  case AST_IMPORTFROM: importfrom_stmt(b, s); break;
  case AST_FUNCDEF: fs_funcdef(b, s); break;
  case AST_CLASSDEF: classdef(b, s); break;
  case AST_PASS: case AST_GLOBAL: break;
  default:
    fb_error(b, s->loc, "%s is not supported in RL here",
               ast_kind_name((AstKind)s->kind));
    break;
  }
}
