/* dyn.h — the dynamic values of the prebuild interpreter: the prebuilt heap.
 *
 * Promise: a Dyn is a tagged value; None, bools, ints (int64, wrapping),
 * floats and r_uints (uint64, wrapping) are unboxed, everything else points
 * to a heap object whose first member is a PbObj header naming its type.
 * Objects keep their identity: two globals that share a list share one
 * PbList, which is how later stages see them. After prebuild the objects
 * reachable from module globals are the prebuilt heap; graphs refer to them
 * through Constants (CONST_OBJ: u.ref.p is the PbObj; CONST_BUILTIN with a
 * non-NULL u.ref.p: a built-in function or exception class, u.ref.name its
 * qualified name such as "os.write" or "ValueError").
 *   str      bytes + length + hash (rt_str_hash, computed on creation)
 *   list     items; dict: insertion-ordered (entries + open-addressing index)
 *   tuple    fixed items; instance: class + attributes in insertion order
 *   class    user (ClassInfo) or built-in (object and the exceptions), base,
 *            class attributes in definition order (methods, constants,
 *            `_immutable_fields_`, `_virtualizable_`)
 *   function FuncInfo + default values + the decorator flags of its def
 *   method   a function bound to `self`; builtin: a C function, maybe bound
 *   module   user (globals in binding order) or built-in
 *   jitdriver / stringbuilder: the rlib objects module-level code creates
 * Expects: objects live in the Prebuild's heap arena (prebuild.h), valid
 * until pb_free; later stages only read them (and never free them). */
#ifndef RT_PB_DYN_H
#define RT_PB_DYN_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/diag.h"
#include "../frontend/program.h"

typedef enum DynKind { DK_NONE, DK_BOOL, DK_INT, DK_FLOAT, DK_UINT, DK_OBJ } DynKind;

typedef struct PbObj PbObj;

typedef struct Dyn {
  uint8_t kind;       /* DynKind */
  uint8_t ovf;        /* DK_INT made by a + - * or unary - that wrapped
                         (what ovfcheck tests; copies keep it) */
  union {
    int64_t i;        /* DK_BOOL (0/1), DK_INT */
    uint64_t u;       /* DK_UINT */
    double f;         /* DK_FLOAT */
    PbObj *o;         /* DK_OBJ */
  };
} Dyn;

typedef enum PbType {
  PB_STR, PB_LIST, PB_DICT, PB_TUPLE, PB_INST, PB_CLASS, PB_FUNC, PB_METHOD,
  PB_MODULE, PB_BUILTIN, PB_JITDRIVER, PB_BUILDER, PB_ITER, PB_UINTBOX,
  PB_DRIVER,  /* the `driver` argument of target(): ignores attribute writes */
} PbType;

struct PbObj {
  uint8_t type;       /* PbType */
  uint32_t id;        /* allocation serial (identity hash, dump order) */
};

typedef struct PbStr {
  PbObj h;
  uint32_t len;
  int64_t hash;       /* rt_str_hash of the bytes */
  char s[];           /* len bytes + NUL */
} PbStr;

typedef struct PbList {
  PbObj h;
  uint32_t len, cap;
  Dyn *items;
} PbList;

typedef struct PbTuple {
  PbObj h;
  uint32_t len;
  Dyn items[];
} PbTuple;

typedef struct PbDictEntry {
  Dyn key, val;
  int64_t hash;
  bool live;          /* false: deleted */
} PbDictEntry;

typedef struct PbDict {
  PbObj h;
  uint32_t len;       /* live entries */
  uint32_t nent, cap; /* entries used / allocated (deleted ones included) */
  PbDictEntry *ent;
  uint32_t *index;    /* icap slots: 0 empty, else entry index + 1 */
  uint32_t icap;      /* power of two */
  uint32_t version;   /* bumped when len changes (iteration check) */
} PbDict;

/* Names (interned) to values, in insertion order. */
typedef struct PbAttrs {
  uint32_t len, cap;
  const char **names;
  Dyn *vals;
} PbAttrs;

typedef struct PbClass {
  PbObj h;
  const char *name;   /* qualified ("bf.Tape") or built-in ("ValueError") */
  ClassInfo *ci;      /* NULL for built-in classes */
  struct PbClass *base; /* NULL only for object */
  PbAttrs attrs;
  bool builtin;
} PbClass;

typedef struct PbTb {
  Loc loc;
  const char *where;  /* graph name of the frame at loc */
} PbTb;

typedef struct PbInst {
  PbObj h;
  PbClass *cls;
  PbAttrs attrs;
  Dyn exc_args;       /* exceptions: the args tuple (None before __init__) */
  struct PbTb *tb;    /* exceptions: raise point, then call sites outward */
  uint32_t ntb, tbcap;
  uint32_t tbdepth;   /* frame depth that added the last entry */
} PbInst;

/* What decorators said about a def (one record per FuncInfo). */
typedef enum PbSpecialize { PB_SPEC_NONE, PB_SPEC_ARGTYPE, PB_SPEC_ARG, PB_SPEC_MEMO } PbSpecialize;

typedef struct PbFuncFlags {
  bool elidable;          /* @elidable / @purefunction / @elidable_promote */
  bool elidable_promote;
  bool unroll_safe;
  bool dont_look_inside;
  bool look_inside;
  bool staticmethod;
  struct PbFunc *look_inside_iff; /* the predicate, or NULL */
  uint8_t specialize;     /* PbSpecialize */
  uint8_t nspec;          /* argument indices of specialize.argtype/arg */
  int64_t spec_args[8];
  struct PbFunc *func;    /* the function object the def made last: its
                             defaults are what every call shares */
} PbFuncFlags;

typedef struct PbFunc {
  PbObj h;
  FuncInfo *fi;
  uint32_t ndefaults;
  Dyn *defaults;          /* values of the last ndefaults parameters */
  PbFuncFlags *flags;     /* shared by every function object of fi */
} PbFunc;

typedef struct PbMethod {
  PbObj h;
  Dyn self;
  PbFunc *func;
} PbMethod;

typedef enum PbModState { PB_MOD_NEW, PB_MOD_IMPORTING, PB_MOD_DONE } PbModState;

typedef struct PbModule {
  PbObj h;
  Module *m;
  PbAttrs globals;        /* user modules */
  uint8_t state;          /* PbModState */
} PbModule;

typedef struct Prebuild Prebuild;
typedef struct PbCall PbCall;
/* A built-in's C implementation: returns false with an exception pending. */
typedef bool (*PbBuiltinFn)(Prebuild *PB, Dyn self, PbCall *c, Dyn *out);

typedef struct PbBuiltin {
  PbObj h;
  const char *name;       /* qualified: "len", "os.write", "list.append" */
  PbBuiltinFn fn;
  Dyn self;               /* bound methods (a list's append): the receiver */
  PbClass *cls;           /* exception classes' __init__: unused otherwise */
  Dyn data;               /* decorator factories: their argument */
} PbBuiltin;

typedef struct PbJitDriver {
  PbObj h;
  Dyn greens, reds;       /* lists of str (reds may be the str 'auto') */
  Dyn virtualizables;     /* list of str, or None */
  Dyn get_printable_location; /* function or None */
  Dyn is_recursive;       /* bool (False when not given) */
} PbJitDriver;

typedef struct PbBuilder {
  PbObj h;
  uint32_t len, cap;
  char *buf;
} PbBuilder;

typedef struct PbUintBox {
  PbObj h;
  uint64_t u;
} PbUintBox;

static inline Dyn dyn_none(void) { Dyn d = {.kind = DK_NONE, .i = 0}; return d; }
static inline Dyn dyn_bool(bool b) { Dyn d = {.kind = DK_BOOL, .i = b}; return d; }
static inline Dyn dyn_int(int64_t i) { Dyn d = {.kind = DK_INT, .i = i}; return d; }
static inline Dyn dyn_uint(uint64_t u) { Dyn d = {.kind = DK_UINT, .u = u}; return d; }
static inline Dyn dyn_float(double f) { Dyn d = {.kind = DK_FLOAT, .f = f}; return d; }
static inline Dyn dyn_obj(void *o) { Dyn d = {.kind = DK_OBJ, .o = o}; return d; }
static inline bool dyn_is(Dyn d, PbType t) { return d.kind == DK_OBJ && d.o->type == t; }

#define DYN_STR(d) ((PbStr *)(d).o)
#define DYN_LIST(d) ((PbList *)(d).o)
#define DYN_TUPLE(d) ((PbTuple *)(d).o)
#define DYN_DICT(d) ((PbDict *)(d).o)
#define DYN_INST(d) ((PbInst *)(d).o)
#define DYN_CLASS(d) ((PbClass *)(d).o)
#define DYN_FUNC(d) ((PbFunc *)(d).o)

/* Looks up an attribute map (name interned); NULL when absent. */
Dyn *pb_attrs_get(const PbAttrs *a, const char *name);

#endif
