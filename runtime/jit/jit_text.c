/* jit_text.c — printer and parser of the trace text format
 * (docs/jit-trace-ir.md describes the format). */
#include "jit_text.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define GROW JIR_GROW

/* ======================================================================= */
/* printer                                                                 */
/* ======================================================================= */

static void print_float(FILE *out, double d) {
  if (isnan(d)) { fputs("nan", out); return; }
  if (isinf(d)) { fputs(d < 0 ? "-inf" : "inf", out); return; }
  char buf[40];
  for (int prec = 1; prec <= 17; prec++) {  /* the shortest that reads back */
    snprintf(buf, sizeof buf, "%.*g", prec, d);
    if (strtod(buf, NULL) == d) break;
  }
  fputs(buf, out);
  if (!strpbrk(buf, ".e")) fputs(".0", out);
}

void jprint_const(FILE *out, const Trace *T, JRef k) {
  const JConst *c = jir_k(T, k);
  const char *name = c->name ? jir_strp(T->env, c->name) : NULL;
  switch (c->kind) {
  case JK_INT:
    if (name) fprintf(out, "ConstClass(%s)", name);
    else fprintf(out, "%lld", (long long)c->bits);
    break;
  case JK_FLOAT: print_float(out, jir_kfloat_of(T, k)); break;
  case JK_VIRT: {  /* virtual(size descr, field=@position, ...) or
                      virtual_array(array descr, length, index=@position, ...) */
    const JVirt *v = jir_virt(T, k);
    bool array = jir_descr(T->env, v->descr)->dkind == JD_ARRAY;
    fprintf(out, "virtual%s(%s", array ? "_array" : "",
            jir_strp(T->env, jir_descr(T->env, v->descr)->name));
    if (array) fprintf(out, ", %u", v->len);
    for (uint32_t j = 0; j < v->n; j++) {
      const JVirtField *f = &T->vfields[v->first + j];
      if (array) fprintf(out, ", %u=@%u", f->descr, f->pos);
      else fprintf(out, ", %s=@%u", jir_strp(T->env, jir_descr(T->env, f->descr)->name), f->pos);
    }
    fputc(')', out);
    break;
  }
  default: {
    uintptr_t p = jir_kgc_of(T, k);
    if (name) fprintf(out, "ConstPtr(%s)", name);
    else if (!p) fputs("NULL", out);
    else fprintf(out, "ConstPtr(0x%llx)", (unsigned long long)p);
  }
  }
}

static void print_ref(FILE *out, const Trace *T, const uint32_t *num, JRef r) {
  if (jir_isk(r)) { jprint_const(out, T, r); return; }
  char kind = jir_kind(T, r);
  fprintf(out, "%c%u", kind == 'r' ? 'p' : kind, (unsigned)num[jir_idx(r)]);
}

/* A snapshot's delayed stores: pending[setfield_gc(@1, @2, descr=d), ...]. */
static void print_pending(FILE *out, const Trace *T, const JSnap *S) {
  if (!S->np) return;
  fputs(" pending[", out);
  for (uint32_t k = 0; k < S->np; k++) {
    const JPending *p = &T->pending[S->pfirst + k];
    const char *d = jir_strp(T->env, jir_descr(T->env, p->descr)->name);
    if (k) fputs(", ", out);
    if (p->op == JIR_setfield_gc) fprintf(out, "setfield_gc(@%u, @%u, descr=%s)", p->obj, p->val, d);
    else fprintf(out, "setarrayitem_gc(@%u, @%u, @%u, descr=%s)", p->obj, p->idx, p->val, d);
  }
  fputc(']', out);
}

static void print_descr_decl(FILE *out, const JirEnv *E, uint32_t i) {
  const JDescr *d = jir_descr(E, i);
  const char *lab = jir_strp(E, d->label);
  if (d->dkind == JD_STRING) return;
  fprintf(out, "descr %s = ", jir_strp(E, d->name));
  switch (d->dkind) {
  case JD_FIELD:
    fprintf(out, "field(%s, %c, %u, %u", lab, d->kind, d->offset, d->size);
    break;
  case JD_ARRAY:
    fprintf(out, "array(%c, %u, %u, %u", d->kind, d->size, d->offset, d->lenofs);
    break;
  case JD_INTERIOR:
    fprintf(out, "interior(%c, %u, %u, %u", d->kind, d->lenofs, d->offset, d->size);
    break;
  case JD_SIZE:
    fprintf(out, "size(%s, %u", lab, d->size);
    if (d->vtname) fprintf(out, ", vtable=%s", jir_strp(E, d->vtname));
    else if (d->vtable) fprintf(out, ", vtable=0x%llx", (unsigned long long)d->vtable);
    break;
  case JD_CALL: {
    fputs("call(", out);
    if (!d->nargs) fputc('-', out);
    for (unsigned k = 0; k < d->nargs; k++) fputc(d->argkinds[k], out);
    fprintf(out, ", %c", d->kind);
    static const char *const fx[] = {"elidable", "readonly", "canraise",
                                     "canmalloc", "forces"};
    for (unsigned b = 0; b < 5; b++)
      if (d->effects & (1u << b)) fprintf(out, ", %s", fx[b]);
    if (d->effects & JEF_NOVABLE) fputs(", novable", out);
    if (d->effects & JEF_ARRAY_REPEAT) fputs(", array_repeat", out);
    if (d->effects & JEF_VABLE_ARGS) fputs(", vable_args", out);
    if (d->fnindex) fprintf(out, ", fn=%u", d->fnindex - 1);
    if (d->effects & JEF_WRITESET) {
      fputs(", writes=[", out);
      for (uint32_t k = 0; k < d->nwrites; k++)
        fprintf(out, "%s%s", k ? ", " : "",
                jir_strp(E, jir_descr(E, E->lists[d->writes + k])->name));
      fputc(']', out);
    }
    break;
  }
  default: fputs("target\n", out); return;
  }
  if (d->dkind != JD_SIZE && d->dkind != JD_CALL && d->kind == 'i' &&
      !(d->flags & JDF_SIGNED))
    fputs(", unsigned", out);
  if (d->flags & JDF_IMMUTABLE) fputs(", immutable", out);
  if (d->flags & JDF_QUASI) fputs(", quasi", out);
  if (d->flags & JDF_VABLE_ITEMS) fputs(", vable_items", out);
  else if (d->flags & JDF_VABLE) fputs(", vable", out);
  if (d->flags & JDF_WB) fputs(", wb", out);
  fputs(")\n", out);
}

/* The declarations of the descrs T names: its ops', its delayed stores',
 * its virtuals' and their fields' (the array of a virtual_array names
 * indexes, not descrs), each once, in descr order. */
static void print_used_descrs(FILE *out, const Trace *T) {
  const JirEnv *E = T->env;
  uint8_t *used = calloc(E->ndescrs + 1, 1);
  if (!used) jir_oom();
  for (uint32_t i = 1; i < T->nins; i++)
    if (T->ins[i].descr < E->ndescrs) used[T->ins[i].descr] = 1;
  for (uint32_t k = 0; k < T->npending; k++)
    if (T->pending[k].descr < E->ndescrs) used[T->pending[k].descr] = 1;
  for (uint32_t v = 0; v < T->nvirts; v++) {
    const JVirt *x = &T->virts[v];
    if (x->descr >= E->ndescrs) continue;
    used[x->descr] = 1;
    if (jir_descr(E, x->descr)->dkind == JD_ARRAY) continue;
    for (uint32_t f = 0; f < x->n; f++)
      if (T->vfields[x->first + f].descr < E->ndescrs) used[T->vfields[x->first + f].descr] = 1;
  }
  for (uint32_t i = 1; i < E->ndescrs; i++) {  /* a call's write set: declared first */
    const JDescr *d = jir_descr(E, i);
    if (used[i] && d->dkind == JD_CALL && (d->effects & JEF_WRITESET))
      for (uint32_t k = 0; k < d->nwrites; k++) used[E->lists[d->writes + k]] = 2;
  }
  for (uint8_t pass = 2; pass >= 1; pass--)
    for (uint32_t i = 1; i < E->ndescrs; i++)
      if (used[i] == pass && jir_descr(E, i)->dkind != JD_TARGET) print_descr_decl(out, E, i);
  free(used);
}

void jprint_trace(FILE *out, const Trace *T, unsigned flags) {
  if (flags & JPRINT_DESCRS)
    for (uint32_t i = 1; i < T->env->ndescrs; i++)
      print_descr_decl(out, T->env, i);
  else if (flags & JPRINT_USED_DESCRS)
    print_used_descrs(out, T);
  uint32_t *num = calloc(T->nins + 1, sizeof *num);
  if (!num) jir_oom();
  uint32_t next = 0, i = 1;
  fputc('[', out);
  for (; i < T->nins && T->ins[i].op <= JIR_input_f; i++) {
    num[i] = next++;
    if (i > 1) fputs(", ", out);
    print_ref(out, T, num, jir_ref(i));
  }
  fputs("]\n", out);
  for (; i < T->nins; i++) {
    const JIns *I = &T->ins[i];
    const JirOpInfo *info = &jir_info[I->op];
    if (info->res != 'v') {
      num[i] = next++;
      print_ref(out, T, num, jir_ref(i));
      fputs(" = ", out);
    }
    fprintf(out, "%s(", info->name);
    for (unsigned k = 0; k < I->nargs; k++) {
      if (k) fputs(", ", out);
      print_ref(out, T, num, jir_arg(T, I, k));
    }
    if (I->descr) {
      const JDescr *d = jir_descr(T->env, I->descr);
      if (d->dkind == JD_STRING)
        fprintf(out, "'%s'", jir_strp(T->env, d->label));
      else
        fprintf(out, "%sdescr=%s", I->nargs ? ", " : "", jir_strp(T->env, d->name));
    }
    fputc(')', out);
    if (info->flags & JF_GUARD) {
      uint32_t n;
      const JRef *s = jir_snap_refs(T, I, &n);
      fputs(" [", out);
      for (uint32_t k = 0; k < n; k++) {
        if (k) fputs(", ", out);
        uint32_t first = k;  /* a virtual named again: "@" its first position */
        if (jir_isk(s[k]) && jir_k(T, s[k])->kind == JK_VIRT)
          for (first = 0; s[first] != s[k]; first++) {}
        if (first < k) fprintf(out, "@%u", first);
        else print_ref(out, T, num, s[k]);
      }
      fputc(']', out);
      print_pending(out, T, &T->snaps[I->snap]);
    }
    fputc('\n', out);
  }
  free(num);
}

char *jprint_string(const Trace *T, unsigned flags) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) jir_oom();
  jprint_trace(f, T, flags);
  fclose(f);
  return buf;
}

/* ======================================================================= */
/* parser                                                                  */
/* ======================================================================= */

typedef struct VarMap {
  JRef *refs;
  uint32_t cap;
} VarMap;

typedef struct Parser {
  JparseFile *F;
  JirEnv *E;
  Trace *T;             /* the trace being read, or NULL in the header */
  const char *s;        /* cursor inside the current line */
  int line;
  char *err;
  size_t errlen;
  jmp_buf fail;
  VarMap vars[3];       /* i, p, f: number -> ref */
  Trace *tmp;           /* scratch trace for `known` values */
} Parser;

static _Noreturn void perr(Parser *P, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static _Noreturn void perr(Parser *P, const char *fmt, ...) {
  int n = snprintf(P->err, P->errlen, "line %d: ", P->line);
  va_list ap;
  va_start(ap, fmt);
  if (n >= 0 && (size_t)n < P->errlen)
    vsnprintf(P->err + n, P->errlen - (size_t)n, fmt, ap);
  va_end(ap);
  longjmp(P->fail, 1);
}

static void skipws(Parser *P) {
  while (*P->s == ' ' || *P->s == '\t') P->s++;
}

static bool accept(Parser *P, char c) {
  skipws(P);
  if (*P->s != c) return false;
  P->s++;
  return true;
}

static void expect(Parser *P, char c) {
  if (!accept(P, c)) perr(P, "expected '%c'", c);
}

static bool is_idch(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '.';
}

/* An identifier (letters, digits, _ and .); its length in *len. */
static const char *ident(Parser *P, size_t *len) {
  skipws(P);
  const char *b = P->s;
  while (is_idch(*P->s)) P->s++;
  if (P->s == b) perr(P, "expected a name");
  *len = (size_t)(P->s - b);
  return b;
}

static bool word_is(const char *w, size_t len, const char *lit) {
  return strlen(lit) == len && memcmp(w, lit, len) == 0;
}

static uint64_t number(Parser *P) {
  skipws(P);
  char *end;
  errno = 0;
  unsigned long long v = strtoull(P->s, &end, 0);
  if (end == P->s || errno) perr(P, "expected a number");
  P->s = end;
  return v;
}

int64_t jparse_named_addr(JparseFile *F, const char *name, size_t len) {
  uint32_t i;
  for (i = 0; i < F->nnames; i++) {
    const char *n = jir_strp(F->env, F->names[i]);
    if (strlen(n) == len && memcmp(n, name, len) == 0) break;
  }
  if (i == F->nnames) {
    GROW(F->names, F->namecap, F->nnames + 1);
    F->names[F->nnames++] = jir_str(F->env, name, len);
  }
  return 0x100000 + (int64_t)i * 0x100;  /* fake, distinct, aligned */
}

static uint32_t name_str(JparseFile *F, const char *name, size_t len) {
  jparse_named_addr(F, name, len);
  for (uint32_t i = 0; i < F->nnames; i++) {
    const char *n = jir_strp(F->env, F->names[i]);
    if (strlen(n) == len && memcmp(n, name, len) == 0) return F->names[i];
  }
  return 0;
}

static uint32_t descr_ref(Parser *P, const char *name, size_t len, bool target) {
  uint32_t d = jir_descr_find(P->E, name, len);
  if (d) return d;
  if (!target) perr(P, "unknown descriptor '%.*s'", (int)len, name);
  JDescr nd = {.dkind = JD_TARGET, .name = jir_str(P->E, name, len)};
  return jir_descr_add(P->E, &nd);
}

static char kind_char(Parser *P) {
  size_t n;
  const char *w = ident(P, &n);
  if (n != 1 || !strchr("irfv", w[0])) perr(P, "expected a kind i, r, f or v");
  return w[0];
}

/* ---- descriptor declarations ---------------------------------------------- */
static void descr_flags(Parser *P, JDescr *d) {
  while (accept(P, ',')) {
    size_t n;
    const char *w = ident(P, &n);
    if (word_is(w, n, "unsigned")) d->flags &= (uint8_t)~JDF_SIGNED;
    else if (word_is(w, n, "immutable")) d->flags |= JDF_IMMUTABLE;
    else if (word_is(w, n, "quasi")) d->flags |= JDF_QUASI;
    else if (word_is(w, n, "vable")) d->flags |= JDF_VABLE;
    else if (word_is(w, n, "vable_items")) d->flags |= JDF_VABLE | JDF_VABLE_ITEMS;
    else if (word_is(w, n, "wb")) d->flags |= JDF_WB;
    else perr(P, "unknown descriptor flag '%.*s'", (int)n, w);
  }
}

static void call_effects(Parser *P, JDescr *d) {
  static const char *const fx[] = {"elidable", "readonly", "canraise",
                                    "canmalloc", "forces"};
  while (accept(P, ',')) {
    size_t n;
    const char *w = ident(P, &n);
    unsigned b;
    for (b = 0; b < 5 && !word_is(w, n, fx[b]); b++) {}
    if (b < 5) { d->effects |= 1u << b; continue; }
    if (word_is(w, n, "novable")) { d->effects |= JEF_NOVABLE; continue; }
    if (word_is(w, n, "array_repeat")) { d->effects |= JEF_ARRAY_REPEAT; continue; }
    if (word_is(w, n, "vable_args")) { d->effects |= JEF_VABLE_ARGS; continue; }
    if (word_is(w, n, "fn")) {
      expect(P, '=');
      uint64_t v = number(P);
      if (v >= UINT32_MAX) perr(P, "function index too large");
      d->fnindex = (uint32_t)v + 1;
      continue;
    }
    if (!word_is(w, n, "writes")) perr(P, "unknown call effect '%.*s'", (int)n, w);
    expect(P, '=');
    expect(P, '[');
    uint32_t items[64], k = 0;
    while (!accept(P, ']')) {
      if (k && !accept(P, ',')) perr(P, "expected ',' or ']'");
      size_t dn;
      const char *dw = ident(P, &dn);
      if (k == 64) perr(P, "too many descriptors in writes (limit is 64)");
      items[k++] = descr_ref(P, dw, dn, false);
    }
    d->effects |= JEF_WRITESET;
    d->writes = jir_list_add(P->E, items, k);
    d->nwrites = k;
  }
}

static void parse_descr_decl(Parser *P) {
  size_t n, kn;
  const char *name = ident(P, &n);
  if (jir_descr_find(P->E, name, n)) perr(P, "descriptor '%.*s' declared twice", (int)n, name);
  expect(P, '=');
  const char *kw = ident(P, &kn);
  JDescr d = {.name = jir_str(P->E, name, n), .flags = JDF_SIGNED};
  if (word_is(kw, kn, "target")) {
    d.dkind = JD_TARGET;
    jir_descr_add(P->E, &d);
    return;
  }
  expect(P, '(');
  size_t ln;
  const char *lab;
  if (word_is(kw, kn, "field")) {
    d.dkind = JD_FIELD;
    lab = ident(P, &ln);
    d.label = jir_str(P->E, lab, ln);
    expect(P, ','); d.kind = kind_char(P);
    expect(P, ','); d.offset = (uint32_t)number(P);
    expect(P, ','); d.size = (uint32_t)number(P);
    descr_flags(P, &d);
  } else if (word_is(kw, kn, "array")) {
    d.dkind = JD_ARRAY;
    d.kind = kind_char(P);
    expect(P, ','); d.size = (uint32_t)number(P);
    expect(P, ','); d.offset = (uint32_t)number(P);
    expect(P, ','); d.lenofs = (uint32_t)number(P);
    descr_flags(P, &d);
  } else if (word_is(kw, kn, "interior")) {
    d.dkind = JD_INTERIOR;
    d.kind = kind_char(P);
    expect(P, ','); d.lenofs = (uint32_t)number(P);
    expect(P, ','); d.offset = (uint32_t)number(P);
    expect(P, ','); d.size = (uint32_t)number(P);
    descr_flags(P, &d);
  } else if (word_is(kw, kn, "size")) {
    d.dkind = JD_SIZE;
    d.flags = 0;
    lab = ident(P, &ln);
    d.label = jir_str(P->E, lab, ln);
    expect(P, ','); d.size = (uint32_t)number(P);
    if (accept(P, ',')) {
      size_t vn;
      const char *v = ident(P, &vn);
      if (!word_is(v, vn, "vtable")) perr(P, "expected vtable=NAME");
      expect(P, '=');
      skipws(P);
      if (isdigit((unsigned char)*P->s)) {
        d.vtable = (int64_t)number(P);
      } else {
        v = ident(P, &vn);
        d.vtable = jparse_named_addr(P->F, v, vn);
        d.vtname = name_str(P->F, v, vn);
      }
    }
  } else if (word_is(kw, kn, "call")) {
    d.dkind = JD_CALL;
    d.flags = 0;
    skipws(P);
    if (*P->s == '-') {
      P->s++;
    } else {
      const char *a = ident(P, &ln);
      if (ln > JIR_MAXCALLARGS) perr(P, "too many call arguments (limit is %d)", JIR_MAXCALLARGS);
      for (size_t k = 0; k < ln; k++) {
        if (!strchr("irf", a[k])) perr(P, "bad argument kind '%c'", a[k]);
        d.argkinds[k] = a[k];
      }
      d.nargs = (uint8_t)ln;
    }
    expect(P, ','); d.kind = kind_char(P);
    call_effects(P, &d);
  } else {
    perr(P, "unknown descriptor kind '%.*s'", (int)kn, kw);
  }
  expect(P, ')');
  jir_descr_add(P->E, &d);
}

/* ---- values ------------------------------------------------------------------ */
static VarMap *var_map(Parser *P, char kind) {
  return &P->vars[kind == 'i' ? 0 : kind == 'r' ? 1 : 2];
}

static bool is_var(const char *w, size_t n) {
  if (n < 2 || !strchr("ipf", w[0])) return false;
  for (size_t k = 1; k < n; k++)
    if (!isdigit((unsigned char)w[k])) return false;
  return true;
}

static JRef named_const(Parser *P, char kind) {
  expect(P, '(');
  skipws(P);
  JRef r;
  if (isdigit((unsigned char)*P->s)) {
    uint64_t v = number(P);
    r = kind == JK_REF ? jir_kgc(P->T, (uintptr_t)v) : jir_kint(P->T, (int64_t)v);
  } else {
    size_t n;
    const char *w = ident(P, &n);
    r = jir_knamed(P->T, kind, jparse_named_addr(P->F, w, n),
                   name_str(P->F, w, n));
  }
  expect(P, ')');
  return r;
}

static JRef parse_number(Parser *P) {
  const char *b = P->s;
  if (*b == '-' || *b == '+') b++;
  if (!strncmp(b, "inf", 3) || !strncmp(b, "nan", 3)) {
    double d = b[0] == 'i' ? INFINITY : NAN;
    if (*P->s == '-') d = -d;
    P->s = b + 3;
    return jir_kfloat(P->T, d);
  }
  const char *e = b;
  while (isalnum((unsigned char)*e) || *e == '.' ||
         ((*e == '-' || *e == '+') && (e[-1] == 'e' || e[-1] == 'E')))
    e++;
  bool isfloat = memchr(b, '.', (size_t)(e - b)) ||
                 (!memchr(b, 'x', (size_t)(e - b)) &&
                  (memchr(b, 'e', (size_t)(e - b)) || memchr(b, 'E', (size_t)(e - b))));
  char *end;
  errno = 0;
  if (isfloat) {
    double d = strtod(P->s, &end);
    if (end != e) perr(P, "bad float constant");
    P->s = end;
    return jir_kfloat(P->T, d);
  }
  long long v = strtoll(P->s, &end, 0);
  if (end != e || errno) perr(P, "bad integer constant");
  P->s = end;
  return jir_kint(P->T, v);
}

static JRef parse_value(Parser *P) {
  skipws(P);
  char c = *P->s;
  if (isdigit((unsigned char)c) || c == '-' || c == '+') return parse_number(P);
  size_t n;
  const char *w = ident(P, &n);
  if (word_is(w, n, "ConstPtr")) return named_const(P, JK_REF);
  if (word_is(w, n, "ConstClass")) return named_const(P, JK_INT);
  if (word_is(w, n, "NULL")) return jir_kgc(P->T, 0);
  if (word_is(w, n, "inf") || word_is(w, n, "nan")) {
    P->s = w;
    return parse_number(P);
  }
  if (!is_var(w, n)) perr(P, "expected a value, got '%.*s'", (int)n, w);
  unsigned long num = strtoul(w + 1, NULL, 10);
  VarMap *m = var_map(P, w[0] == 'p' ? 'r' : w[0]);
  if (num >= m->cap || !m->refs[num]) perr(P, "'%.*s' is not defined", (int)n, w);
  return m->refs[num];
}

static void define_var(Parser *P, const char *w, size_t n, JRef r) {
  unsigned long num = strtoul(w + 1, NULL, 10);
  if (num > 10000000) perr(P, "value number too large");
  VarMap *m = var_map(P, w[0] == 'p' ? 'r' : w[0]);
  if (num >= m->cap) {
    uint32_t old = m->cap;
    GROW(m->refs, m->cap, (uint32_t)num + 1);
    memset(m->refs + old, 0, (m->cap - old) * sizeof *m->refs);
  }
  if (m->refs[num]) perr(P, "'%.*s' defined twice", (int)n, w);
  m->refs[num] = r;
}

/* ---- trace lines ---------------------------------------------------------------- */
static void parse_inputs(Parser *P) {
  if (accept(P, ']')) return;
  do {
    size_t n;
    const char *w = ident(P, &n);
    if (!is_var(w, n)) perr(P, "expected an input like i0, p1 or f2");
    char kind = w[0] == 'p' ? 'r' : w[0];
    unsigned op = kind == 'i' ? JIR_input_i : kind == 'r' ? JIR_input_r : JIR_input_f;
    define_var(P, w, n, jir_emit(P->T, op, 0, NULL, 0));
  } while (accept(P, ','));
  expect(P, ']');
}

static unsigned find_op(Parser *P, const char *w, size_t n) {
  for (unsigned op = JIR_int_add; op < JIR__COUNT; op++)
    if (word_is(w, n, jir_info[op].name)) return op;
  perr(P, "unknown operation '%.*s'", (int)n, w);
}

static uint32_t string_descr(Parser *P) {
  const char *b = ++P->s;
  while (*P->s && *P->s != '\'') P->s++;
  if (!*P->s) perr(P, "unterminated string");
  JDescr d = {.dkind = JD_STRING, .label = jir_str(P->E, b, (size_t)(P->s - b))};
  P->s++;
  return jir_descr_add(P->E, &d);
}

/* virtual(SIZEDESCR, FIELDDESCR=@POS, ...) or virtual_array(ARRAYDESCR,
 * LENGTH, INDEX=@POS, ...) in a snapshot (positions, indexes and descr
 * kinds are checked by the verifier). */
static JRef parse_virtual(Parser *P) {
  bool array = strncmp(P->s, "virtual_array(", 14) == 0;
  P->s += array ? 14 : 8;
  size_t n;
  const char *w = ident(P, &n);
  uint32_t d = descr_ref(P, w, n, false);
  uint32_t len = 0;
  if (array) {
    expect(P, ',');
    uint64_t v = number(P);
    if (v > UINT32_MAX) perr(P, "array length too large");
    len = (uint32_t)v;
  }
  JVirtField f[JIR_MAXARGS];
  uint32_t nf = 0;
  while (accept(P, ',')) {
    if (nf == JIR_MAXARGS) perr(P, "too many fields");
    if (array) {
      uint64_t v = number(P);
      if (v >= UINT32_MAX) perr(P, "item index too large");
      f[nf].descr = (uint32_t)v;
    } else {
      w = ident(P, &n);
      f[nf].descr = descr_ref(P, w, n, false);
    }
    expect(P, '=');
    expect(P, '@');
    skipws(P);
    char *e;
    unsigned long pos = strtoul(P->s, &e, 10);
    if (e == P->s || pos >= JIR_MAXARGS) perr(P, "expected a position @N");
    P->s = e;
    f[nf++].pos = (uint32_t)pos;
  }
  expect(P, ')');
  return array ? jir_kvirt_array(P->T, d, len, nf, f) : jir_kvirt(P->T, d, nf, f);
}

static uint32_t parse_position(Parser *P) {
  expect(P, '@');
  skipws(P);
  char *e;
  unsigned long pos = strtoul(P->s, &e, 10);
  if (e == P->s || pos > UINT32_MAX) perr(P, "expected a position @N");
  P->s = e;
  return (uint32_t)pos;
}

/* pending[setfield_gc(@O, @V, descr=D), setarrayitem_gc(@A, @I, @V, descr=D)]
 * after guard g's snapshot (checked by the verifier). */
static void parse_pending(Parser *P, JRef g) {
  P->s += 8;
  JPending ps[JIR_MAXARGS];
  uint32_t n = 0;
  do {
    if (n == JIR_MAXARGS) perr(P, "too many delayed stores");
    size_t len;
    const char *w = ident(P, &len);
    JPending p = {0};
    if (word_is(w, len, "setfield_gc")) p.op = JIR_setfield_gc;
    else if (word_is(w, len, "setarrayitem_gc")) p.op = JIR_setarrayitem_gc;
    else perr(P, "expected setfield_gc or setarrayitem_gc");
    expect(P, '(');
    p.obj = parse_position(P);
    expect(P, ',');
    if (p.op == JIR_setarrayitem_gc) {
      p.idx = parse_position(P);
      expect(P, ',');
    }
    p.val = parse_position(P);
    expect(P, ',');
    skipws(P);
    if (strncmp(P->s, "descr=", 6)) perr(P, "expected descr=");
    P->s += 6;
    w = ident(P, &len);
    p.descr = descr_ref(P, w, len, false);
    expect(P, ')');
    ps[n++] = p;
  } while (accept(P, ','));
  expect(P, ']');
  JSnap *s = &P->T->snaps[jir_ins(P->T, g)->snap];
  s->pfirst = jir_pending_add(P->T, ps, n);
  s->np = n;
}

static void parse_op(Parser *P) {
  size_t n;
  const char *w = ident(P, &n), *res = NULL;
  size_t resn = 0;
  if (accept(P, '=')) {
    res = w;
    resn = n;
    if (!is_var(res, resn)) perr(P, "bad result name '%.*s'", (int)n, w);
    w = ident(P, &n);
  }
  unsigned op = find_op(P, w, n);
  const JirOpInfo *info = &jir_info[op];
  JRef args[JIR_MAXARGS];
  unsigned nargs = 0;
  uint32_t descr = 0;
  expect(P, '(');
  skipws(P);
  while (*P->s != ')') {
    if (nargs || descr) expect(P, ',');
    skipws(P);
    if (*P->s == '\'') {
      descr = string_descr(P);
    } else if (!strncmp(P->s, "descr=", 6)) {
      P->s += 6;
      const char *dn = ident(P, &n);
      descr = descr_ref(P, dn, n, (info->flags & JF_CTRL) != 0);
    } else {
      if (nargs == JIR_MAXARGS) perr(P, "too many operands");
      args[nargs++] = parse_value(P);
    }
    skipws(P);
    if (!*P->s) perr(P, "expected ')'");
  }
  P->s++;
  if (info->nargs >= 0 && nargs != (unsigned)info->nargs)
    perr(P, "%s takes %d operands, not %u", info->name, info->nargs, nargs);
  if ((info->flags & JF_DESCR) && !descr) perr(P, "%s needs a descr", info->name);
  char rk = info->res;
  if ((rk == 'v') != (res == NULL) ||
      (res && (res[0] == 'p' ? 'r' : res[0]) != rk))
    perr(P, "%s gives %s", info->name,
         rk == 'v' ? "no result" : rk == 'i' ? "an int (iN)" :
         rk == 'r' ? "a reference (pN)" : "a float (fN)");
  JRef r = jir_emit(P->T, op, nargs, args, descr);
  if (info->flags & JF_GUARD) {
    JRef live[JIR_MAXARGS];
    unsigned nl = 0;
    if (accept(P, '[') && !accept(P, ']')) {
      do {
        if (nl == JIR_MAXARGS) perr(P, "too many fail-args");
        skipws(P);
        if (accept(P, '@')) {  /* the virtual at an earlier position */
          char *e;
          unsigned long pos = strtoul(P->s, &e, 10);
          if (e == P->s || pos >= nl || !jir_isk(live[pos]) ||
              jir_k(P->T, live[pos])->kind != JK_VIRT)
            perr(P, "@N must name an earlier virtual of the snapshot");
          P->s = e;
          live[nl] = live[pos];
          nl++;
          continue;
        }
        live[nl++] = strncmp(P->s, "virtual(", 8) && strncmp(P->s, "virtual_array(", 14)
                     ? parse_value(P) : parse_virtual(P);
      } while (accept(P, ','));
      expect(P, ']');
    }
    jir_set_snap(P->T, r, nl, live);
    skipws(P);
    if (!strncmp(P->s, "pending[", 8)) parse_pending(P, r);
  }
  if (res) define_var(P, res, resn, r);
}

static void parse_known(Parser *P) {
  size_t n;
  const char *w = ident(P, &n);
  if (!word_is(w, n, "ConstPtr")) perr(P, "expected known ConstPtr(NAME).DESCR = VALUE");
  expect(P, '(');
  const char *on = ident(P, &n);
  JparseFact f = {.obj = (uintptr_t)jparse_named_addr(P->F, on, n)};
  expect(P, ')');
  expect(P, '.');
  const char *dn = ident(P, &n);
  f.descr = descr_ref(P, dn, n, false);
  expect(P, '=');
  Trace *save = P->T;
  if (!P->tmp) P->tmp = jir_new(P->E);  /* freed by jparse_file */
  P->T = P->tmp;
  JRef k = parse_value(P);
  if (!jir_isk(k)) perr(P, "a known value must be a constant");
  f.kind = (char)jir_k(P->T, k)->kind;
  f.bits = f.kind == JK_REF ? (int64_t)jir_kgc_of(P->T, k) : jir_k(P->T, k)->bits;
  f.name = jir_k(P->T, k)->name;
  P->T = save;
  GROW(P->F->facts, P->F->factcap, P->F->nfacts + 1);
  P->F->facts[P->F->nfacts++] = f;
}

static void reset_vars(Parser *P) {
  for (int k = 0; k < 3; k++)
    if (P->vars[k].cap) memset(P->vars[k].refs, 0, P->vars[k].cap * sizeof(JRef));
}

static void parse_line(Parser *P, const char *line) {
  P->s = line;
  skipws(P);
  if (!*P->s) return;
  if (*P->s == '#') {
    const char *c = P->s + 1;
    while (*c == ' ') c++;
    if (strncmp(c, "expected", 8) != 0 || c[8 + strspn(c + 8, " \t")] != 0) return;
    if (!P->F->input) perr(P, "'# expected' before the trace");
    if (P->F->expected) perr(P, "a second '# expected'");
    P->T = NULL;
    return;
  }
  if (*P->s == '[') {
    P->s++;
    if (P->T) perr(P, "a second input line");
    if (!P->F->input) {
      P->F->input = P->T = jir_new(P->E);
      for (uint32_t i = 0; i < P->F->nfacts; i++)  /* keep their names */
        if (P->F->facts[i].name)
          jir_knamed(P->T, P->F->facts[i].kind, P->F->facts[i].bits, P->F->facts[i].name);
    }
    else if (!P->F->expected) {
      P->F->expected = P->T = jir_new(P->E);
      jir_copy_consts(P->T, P->F->input);
    } else perr(P, "too many traces");
    reset_vars(P);
    parse_inputs(P);
  } else if (!P->T) {
    size_t n;
    const char *w = ident(P, &n);
    if (word_is(w, n, "descr")) {
      parse_descr_decl(P);
    } else if (word_is(w, n, "passes")) {
      skipws(P);
      free(P->F->passes);
      P->F->passes = strdup(P->s);
      if (!P->F->passes) jir_oom();
      P->s += strlen(P->s);
    } else if (word_is(w, n, "known")) {
      parse_known(P);
    } else {
      perr(P, "expected 'descr', 'passes', 'known' or an input line [...]");
    }
  } else {
    parse_op(P);
  }
  skipws(P);
  if (*P->s && *P->s != '#') perr(P, "unexpected text '%s'", P->s);
}

bool jparse_file(JparseFile *F, JirEnv *E, const char *src, char *err,
                 size_t errlen) {
  memset(F, 0, sizeof *F);
  F->env = E;
  Parser P = {.F = F, .E = E, .err = err, .errlen = errlen};
  char *copy = strdup(src);
  if (!copy) jir_oom();
  bool ok = true;
  char *line = copy;
  if (setjmp(P.fail) == 0) {
    while (line) {
      char *nl = strchr(line, '\n');
      if (nl) *nl = 0;
      P.line++;
      parse_line(&P, line);
      line = nl ? nl + 1 : NULL;
    }
    if (!F->input) {
      P.line = 0;
      perr(&P, "no trace (an input line [...] starts one)");
    }
  } else {
    ok = false;
  }
  for (int k = 0; k < 3; k++) free(P.vars[k].refs);
  jir_free(P.tmp);
  free(copy);
  if (!ok) jparse_file_free(F);
  return ok;
}

void jparse_file_free(JparseFile *F) {
  jir_free(F->input);
  jir_free(F->expected);
  free(F->passes);
  free(F->facts);
  free(F->names);
  JirEnv *E = F->env;
  memset(F, 0, sizeof *F);
  F->env = E;
}
