/* pbint.h — internals shared by the prebuild files (not for other stages).
 *
 * Conventions: a helper that can raise returns bool; false means an
 * exception is pending in PB->exc (a catchable Python exception) or
 * PB->fatal is set (an error already reported: step limit, module-level
 * output, unsupported operation), which no handler catches. Values live in
 * PB->heap; interpreter frames' registers are malloc'd and freed on return. */
#ifndef RT_PB_INT_H
#define RT_PB_INT_H

#include <stdarg.h>

#include "../core/intern.h"
#include "prebuild.h"

/* Built-in exception classes: X(name, base), bases first. */
#define PB_EXCEPTIONS(X)                                                   \
  X(BaseException, object) X(SystemExit, BaseException)                     \
  X(Exception, BaseException) X(ArithmeticError, Exception)                 \
  X(ZeroDivisionError, ArithmeticError) X(OverflowError, ArithmeticError)   \
  X(LookupError, Exception) X(IndexError, LookupError)                      \
  X(KeyError, LookupError) X(RuntimeError, Exception)                       \
  X(NotImplementedError, RuntimeError) X(RecursionError, RuntimeError)      \
  X(OSError, Exception) X(ValueError, Exception) X(TypeError, Exception)    \
  X(AssertionError, Exception) X(MemoryError, Exception)                    \
  X(StopIteration, Exception) X(AttributeError, Exception)                  \
  X(NameError, Exception)

typedef enum PbExc {
#define PBX_ENUM(name, base) PBX_##name,
  PB_EXCEPTIONS(PBX_ENUM)
#undef PBX_ENUM
  PBX_COUNT
} PbExc;

struct PbCall {
  Dyn *args;              /* npos positional, then nkw keyword values */
  uint32_t npos, nkw;
  const char **kwnames;   /* interned */
};

typedef struct PbFrame {
  struct PbFrame *parent;
  Graph *g;
  PbFunc *func;           /* NULL for module-level code */
  Dyn *regs;              /* one per variable id */
  Module *mod;            /* the module whose globals the code sees */
  Dyn self;               /* first argument (super()) */
  Loc loc;                /* the op being executed */
} PbFrame;

typedef struct PbUndef {  /* a getglobal left unbound by freezing */
  Graph *g;
  Op *op;
  const char *name;
  bool reported;
} PbUndef;

enum { PB_BIND_CACHE = 64, PB_CONST_CACHE = 1024 };

typedef struct PbConstSlot {
  Value *v;               /* the constant cached here */
  const char *name;       /* const_name: interned; else NULL and d is set */
  Dyn d;
} PbConstSlot;

struct Prebuild {
  Program *P;
  Interner *in;
  Diag *D;
  Arena heap;             /* every dynamic object */
  uint32_t nobjs;         /* objects allocated (their ids) */
  PbFrame *frame;         /* innermost frame */
  uint32_t depth;
  uintptr_t stack_base;   /* frame address where pb_run started */
  uintptr_t stack_budget; /* C stack the interpreter may use below it */
  uint64_t steps, step_limit;
  uint32_t heap_limit_mb;         /* translation-time heap limit */
  Dyn exc;                /* pending exception instance (DK_NONE: none) */
  bool fatal;             /* an error was reported: unwind everything */
  PbClass *c_object;
  PbClass *c_exc[PBX_COUNT];
  HMap modules;           /* Module* -> PbModule* */
  HMap flags;             /* FuncInfo* -> PbFuncFlags* */
  HMap classes;           /* ClassInfo* -> PbClass* */
  HMap consts;            /* Value* (str / module / builtin) -> PbObj* */
  HMap builtins;          /* interned qualified name -> PbObj* */
  HMap cvals;             /* PbObj* / (uint64 bits ^ tag) -> Value* (pb_const) */
  VEC(Dyn) scratch;       /* link arguments in flight (malloc) */
  VEC(PbUndef) undef;     /* malloc */
  bool frozen;             /* pb_freeze ran */
  Module *main_mod;
  PbFunc *entry;
  Loc entry_loc;          /* where the entry point was chosen */
  const char *entry_problem; /* why there is none (NULL: not defined) */
  struct { PbObj *self, *fn, *bound; } bind_cache[PB_BIND_CACHE];
  const char *s_init;     /* interned "__init__" */
  PbConstSlot ccache[PB_CONST_CACHE];
  PbStr *chars[256];      /* one-character strings, made on demand */
};

/* ---- prebuild.c: errors ------------------------------------------------- */
bool pb_raise(Prebuild *PB, PbExc x, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool pb_raise_dyn(Prebuild *PB, PbExc x, Dyn arg);  /* KeyError(key) */
/* Reports an error at the current op with the call chain; sets fatal. */
bool pb_fatal(Prebuild *PB, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
bool pb_type_error(Prebuild *PB, const char *fmt, Dyn a);  /* %s = type name */
bool pb_exc_is(Prebuild *PB, PbExc x);  /* pending exception is an x */
void pb_clear_exc(Prebuild *PB);
const char *pb_intern(Prebuild *PB, const char *s, size_t n);

/* ---- dyn.c: objects, hashing, equality, containers --------------------- */
void *pb_alloc(Prebuild *PB, size_t size, PbType t);
Dyn pb_str(Prebuild *PB, const char *s, size_t n);
PbStr *pb_str_alloc(Prebuild *PB, size_t n);  /* fill s[0..n), then seal */
/* Whether `bytes` more fit the translation-time heap limit; else a fatal
 * error (false): big repetitions are refused before they are built. */
bool pb_heap_room(Prebuild *PB, uint64_t bytes);
Dyn pb_str_seal(PbStr *p);                     /* NUL and hash */
Dyn pb_cstr(Prebuild *PB, const char *s);
Dyn pb_list(Prebuild *PB, uint32_t n);           /* n None items */
void pb_list_push(Prebuild *PB, PbList *l, Dyn v);
void pb_list_reserve(Prebuild *PB, PbList *l, uint32_t cap);
Dyn pb_tuple(Prebuild *PB, uint32_t n);
Dyn pb_tuple2(Prebuild *PB, Dyn a, Dyn b);
Dyn pb_dict(Prebuild *PB);
bool pb_hash(Prebuild *PB, Dyn k, int64_t *h);   /* TypeError: unhashable */
bool pb_eq(Prebuild *PB, Dyn a, Dyn b, bool *res);
/* Dict operations; get: *found false when absent. */
bool pb_dict_get(Prebuild *PB, PbDict *d, Dyn k, Dyn *out, bool *found);
bool pb_dict_set(Prebuild *PB, PbDict *d, Dyn k, Dyn v);
bool pb_dict_del(Prebuild *PB, PbDict *d, Dyn k, Dyn *old, bool *found);
void pb_dict_clear(PbDict *d);
void pb_attrs_set(Prebuild *PB, PbAttrs *a, const char *name, Dyn v);
const char *pb_type_name(Dyn d);                 /* "int", "list", class name */
bool pb_truth(Dyn d);
bool pb_is(Dyn a, Dyn b);
bool pb_subclass(const PbClass *c, const PbClass *base);
PbInst *pb_exc_new(Prebuild *PB, PbClass *cls, Dyn args);

/* ---- repr.c: str(), repr(), %-formatting ------------------------------- */
typedef struct PbBuf { char *p; size_t len, cap; } PbBuf;  /* malloc */
void pb_buf_put(PbBuf *b, const char *s, size_t n);
bool pb_repr_into(Prebuild *PB, PbBuf *b, Dyn v, bool repr, int depth);
bool pb_to_str(Prebuild *PB, Dyn v, bool repr, Dyn *out);
bool pb_format(Prebuild *PB, PbStr *fmt, Dyn args, Dyn *out);
/* str(e) of an exception instance, into b. */
bool pb_exc_message(Prebuild *PB, PbInst *e, PbBuf *b);

/* ---- ops.c: arithmetic and comparison ---------------------------------- */
bool pb_binop(Prebuild *PB, HlOp op, Dyn a, Dyn b, Dyn *out);
bool pb_unop(Prebuild *PB, HlOp op, Dyn a, Dyn *out);
bool pb_compare(Prebuild *PB, HlOp op, Dyn a, Dyn b, Dyn *out);
/* a < b for sorting / min / max / comparisons (TypeError when unordered). */
bool pb_less(Prebuild *PB, Dyn a, Dyn b, bool *res);

/* ---- items.c: subscripts, slices, iteration ---------------------------- */
bool pb_getitem(Prebuild *PB, Dyn a, Dyn k, Dyn *out);
bool pb_setitem(Prebuild *PB, Dyn a, Dyn k, Dyn v);
bool pb_delitem(Prebuild *PB, Dyn a, Dyn k);
bool pb_getslice(Prebuild *PB, Dyn a, Dyn lo, Dyn hi, Dyn *out);
bool pb_setslice(Prebuild *PB, Dyn a, Dyn lo, Dyn hi, Dyn v);
bool pb_delslice(Prebuild *PB, Dyn a, Dyn lo, Dyn hi);
bool pb_contains(Prebuild *PB, Dyn container, Dyn item, bool *res);
bool pb_iter(Prebuild *PB, Dyn a, Dyn *out);
/* Next item; *done true at the end (no exception raised then). */
bool pb_next(Prebuild *PB, Dyn it, Dyn *out, bool *done);
bool pb_len(Prebuild *PB, Dyn a, int64_t *n);
/* Collects any iterable into a new list. */
bool pb_to_list(Prebuild *PB, Dyn a, PbList **out);
bool pb_index_of(Prebuild *PB, Dyn k, int64_t *i);  /* int/bool index */
Dyn pb_iter_new(Prebuild *PB, int kind, Dyn src, int64_t i, int64_t stop, int64_t step);
Dyn pb_range(Prebuild *PB, int64_t start, int64_t stop, int64_t step);
Dyn pb_iter_pair(Prebuild *PB, int kind, Dyn a, Dyn b, int64_t start);
enum { PBI_LIST, PBI_STR, PBI_TUPLE, PBI_DICT_KEYS, PBI_DICT_VALUES,
       PBI_DICT_ITEMS, PBI_RANGE, PBI_ENUMERATE, PBI_ZIP, PBI_REVERSED };

/* ---- attrs.c: attributes, classes, modules ----------------------------- */
bool pb_getattr(Prebuild *PB, Dyn a, const char *name, Dyn *out);
bool pb_setattr(Prebuild *PB, Dyn a, const char *name, Dyn v);
Dyn *pb_class_lookup(PbClass *c, const char *name);
PbModule *pb_module_obj(Prebuild *PB, Module *m);
bool pb_module_attr(Prebuild *PB, PbModule *m, const char *name, Dyn *out);
Dyn pb_bind(Prebuild *PB, Dyn self, PbObj *fn);  /* bound method, cached */
bool pb_make_class(Prebuild *PB, ClassInfo *ci, Dyn base, Dyn *out);
Dyn pb_super(Prebuild *PB, PbClass *cls, Dyn self);

/* ---- interp.c: graphs and calls ---------------------------------------- */
bool pb_call(Prebuild *PB, Dyn f, PbCall *c, Dyn *out);
bool pb_call0(Prebuild *PB, Dyn f, Dyn *args, uint32_t n, Dyn *out);
bool pb_run_graph(Prebuild *PB, Graph *g, PbFunc *fn, Module *mod, Dyn *args,
                  Dyn *out);
/* Instantiates a class (calling __init__). */
bool pb_instantiate(Prebuild *PB, PbClass *cls, PbCall *c, Dyn *out);
/* Reports the pending uncaught exception as an error. */
void pb_report_exc(Prebuild *PB);
bool pb_import(Prebuild *PB, PbModule *m);
Dyn pb_const_dyn(Prebuild *PB, Value *v);
PbFuncFlags *pb_flags_for(Prebuild *PB, FuncInfo *fi);

/* ---- builtins.c / methods.c --------------------------------------------- */
void pb_builtins_init(Prebuild *PB);
/* A built-in by qualified name ("len", "os.write", "math.pi"). */
bool pb_builtin_value(Prebuild *PB, const char *qname, Dyn *out);
Dyn pb_builtin_fn(Prebuild *PB, const char *name, PbBuiltinFn fn, Dyn self);
/* Methods of str/list/dict/StringBuilder/JitDriver values: a bound builtin. */
bool pb_method(Prebuild *PB, Dyn self, const char *name, Dyn *out);
bool pb_isinstance(Prebuild *PB, Dyn v, Dyn cls, bool *res);
bool pb_no_kw(Prebuild *PB, PbCall *c, const char *fname);
bool pb_sort(Prebuild *PB, PbList *l, bool reverse);
bool pb_dict_update(Prebuild *PB, PbDict *d, Dyn src);
/* The built-in method `qname` ("str.split"), or NULL. */
PbBuiltinFn pb_method_fn(const char *qname);
bool pb_nargs(Prebuild *PB, PbCall *c, const char *fname, uint32_t lo, uint32_t hi);

/* ---- freeze.c ------------------------------------------------------------ */
void pb_record_unbound(Prebuild *PB);
bool pb_find_entry(Prebuild *PB, const char **args, uint32_t nargs);

#endif
