/* lltype.h — low-level types and their x86-64 layout (ARCHITECTURE.md §4, §7).
 *
 * Promise: the one description of every low-level type. Primitive types are
 * singletons; structs, arrays and function types are built once per
 * translation (lltype_* constructors) and never change after
 * lltype_layout() has computed their sizes and field offsets with the x86-64
 * SysV rules. The rtyper creates them; the LLVM backend builds its struct
 * types from them (and checks LLVM's offsets agree); the codewriter's
 * descriptors and the generated C header of the structs the runtime touches
 * come from the same layouts.
 * GC objects (gc = true structs and arrays) start with an 8-byte GC header
 * (LL_GC_HEADER_SIZE): a 32-bit type id and 32 bits of GC flags. A struct may
 * end with an inlined array (its "varsize" part, e.g. a string's chars); its
 * `size` is then the offset of the first item (an object of n items takes
 * size + n * item size bytes).
 * Arrays have a Signed length before their items unless `nolength`.
 * Expects: types are built in the translation arena. */
#ifndef RT_LLTYPE_H
#define RT_LLTYPE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "vec.h"

typedef enum LLKind {
  LL_VOID,
  LL_BOOL,      /* i1 in registers, one byte in memory */
  LL_CHAR,      /* unsigned byte */
  LL_SIGNED,    /* i64 */
  LL_UNSIGNED,  /* u64 */
  LL_FLOAT,     /* double */
  LL_PTR,       /* pointer to a struct, array or function */
  LL_STRUCT,
  LL_ARRAY,
  LL_FUNC,
} LLKind;

enum { LL_GC_HEADER_SIZE = 8 };

typedef struct LLType LLType;

typedef struct LLField {
  const char *name;   /* interned */
  LLType *type;       /* never LL_VOID; an LL_ARRAY only as the last field */
  uint32_t offset;    /* bytes from the start of the object, header included */
  uint8_t flags;      /* LLF_* (from `_immutable_fields_`; the JIT reads them) */
} LLField;

enum {
  LLF_IMMUTABLE = 1,        /* never written after the object is built ('x') */
  LLF_ITEMS_IMMUTABLE = 2,  /* the list it holds never changes ('x[*]') */
  LLF_QUASI = 4,            /* quasi-immutable ('x?'): rarely written */
  LLF_VABLE_ITEMS = 8,      /* a list of a virtualizable ('x[*]' in
                               `_virtualizable_`): the JIT promotes the
                               indices it is read and written at */
  LLF_VABLE = 16,           /* named in `_virtualizable_` ('x' or 'x[*]'):
                               only code given the frame touches it */
};

struct LLType {
  uint8_t kind;         /* LLKind */
  bool gc;              /* struct/array: GC-managed, has the GC header */
  bool immutable;       /* struct: no field changes after construction */
  bool nolength;        /* array: no length word (raw, inside a struct) */
  bool laid_out;
  const char *name;     /* structs: e.g. "rpy_string", "inst_bf.Tape" */
  uint32_t id;          /* dense per translation, for tables */
  uint32_t size;        /* fixed size in bytes (structs/arrays: no items) */
  uint32_t align;
  /* LL_STRUCT */
  LLField *fields;
  uint32_t nfields;
  const LLType *parent; /* an instance's struct: its base class's (whose
                           fields it starts with; the GcStruct `object`
                           for a class without base), else NULL */
  /* LL_ARRAY */
  LLType *item;
  uint32_t items_offset; /* where item 0 is */
  /* LL_PTR */
  LLType *to;
  /* LL_FUNC */
  LLType **args;
  uint32_t nargs;
  LLType *result;
};

typedef struct LLTypes {
  Arena *arena;
  LLType *void_, *bool_, *char_, *signed_, *unsigned_, *float_;
  uint32_t next_id;
  VEC(LLType *) containers; /* every struct and array type, as made */
} LLTypes;

void lltypes_init(LLTypes *L, Arena *A);
LLType *lltype_struct(LLTypes *L, const char *name, bool gc, uint32_t nfields,
                      const LLField *fields);
LLType *lltype_array(LLTypes *L, LLType *item, bool gc, bool nolength);
LLType *lltype_ptr(LLTypes *L, LLType *to);
LLType *lltype_func(LLTypes *L, LLType *result, uint32_t nargs,
                    LLType *const *args);
/* Computes sizes, alignments and offsets (idempotent). */
void lltype_layout(LLType *t);
/* The field named `name` (interned), or NULL. */
const LLField *lltype_field(const LLType *s, const char *name);
/* The inlined array ending a varsize struct, or NULL. */
const LLField *lltype_varsize_field(const LLType *s);
bool lltype_is_gcref(const LLType *t);  /* pointer to a GC struct/array */
/* Prints a type as dumps show it: Signed, Ptr(GcStruct rpy_string), ... */
void lltype_print(FILE *out, const LLType *t);

/* ---- functions and static data of rtyped graphs ------------------------- */
struct Graph;
struct Value;

/* Effects of a call, for the JIT and for backend optimizations. */
enum {
  LLFX_CANRAISE = 1,    /* may raise an RL exception */
  LLFX_CANMALLOC = 2,   /* may allocate (a GC may run) */
  LLFX_ELIDABLE = 4,    /* pure: same arguments, same result, no effect */
  LLFX_WRITES = 8,      /* may write GC memory (else read-only) */
  LLFX_IO = 16,         /* has effects outside memory (I/O, exit) */
  LLFX_ALWAYSRAISES = 32, /* always raises; returns the exception's vtable
                             (never NULL: what rl_exc_type now holds) */
  LLFX_ARRAY_REPEAT = 128, /* the helper is rth_array_repeat(dst, src, n,
                              times, itemsize): dst's items are src's n
                              items `times` over (the JIT's optimizer does
                              it itself on virtual arrays); 64 is the
                              codewriter's JC_FX_NOVABLE */
};

/* A function callable by direct_call: a graph of the program, or a
 * runtime helper written in C (graph == NULL; `name` is its C symbol). */
typedef struct LLFunc {
  const char *name;     /* symbol: graph's mangled name or C helper name */
  LLType *type;         /* LL_FUNC */
  struct Graph *graph;  /* NULL for runtime helpers */
  unsigned effects;     /* LLFX_* */
  unsigned jit;         /* LLJIT_*: the program's JIT hints on it */
} LLFunc;

/* JIT hints of a graph, for the codewriter (rlib.jit decorators). */
enum {
  LLJIT_DONT_LOOK_INSIDE = 1,  /* a residual call, never traced into */
  LLJIT_UNROLL_SAFE = 2,       /* has loops, but trace into it anyway */
  LLJIT_LOOK_INSIDE = 4,       /* trace into it whatever it contains */
  LLJIT_ADDRESS_TAKEN = 8,     /* a function pointer to it exists: an
                                  indirect call may reach it (method slots,
                                  function values) */
  LLJIT_LIST_INDEX = 16,       /* (list, index, ...): a list item access */
};

/* A prebuilt object in static data: a struct or array of `type` whose
 * fields (in order; for a varsize tail or an array: then `nitems` items)
 * are constant Values (ints, floats, chars, CONST_LLOBJ / CONST_LLNULL /
 * CONST_LLFUNC pointers). `immutable` objects may go to read-only data. */
typedef struct LLPrebuilt {
  LLType *type;         /* LL_STRUCT or LL_ARRAY */
  const char *name;     /* readable, unique: for symbols and dumps */
  uint32_t nfields;     /* == type->nfields minus a varsize tail */
  struct Value **fields;
  uint32_t nitems;      /* items of the array or of the varsize tail */
  struct Value **items;
  bool immutable;
} LLPrebuilt;

/* ---- low-level operations (llops.def) ----------------------------------- */
typedef enum LLOp {
#define LLOP(name, nargs, result, flags, meaning) LLOP_##name,
#include "llops.def"
#undef LLOP
  LLOP_COUNT
} LLOp;

enum { LL_PURE = 1, LL_CANRAISE = 2, LL_CANMALLOC = 4, LL_SIDEEFF = 8,
       LL_NOFOLD = 16 };

typedef struct LLOpInfo {
  const char *name;
  int nargs;        /* -1: variadic */
  char result;      /* i u f b c r v a, see llops.def */
  unsigned flags;
  const char *meaning;
} LLOpInfo;

extern const LLOpInfo llop_info[LLOP_COUNT];

/* Comparison families are laid out lt le eq ne gt ge: code relies on it. */
_Static_assert(LLOP_int_ge - LLOP_int_lt == 5, "int comparisons in order");
_Static_assert(LLOP_uint_ge - LLOP_uint_lt == 5, "uint comparisons in order");
_Static_assert(LLOP_float_ge - LLOP_float_lt == 5, "float comparisons in order");
_Static_assert(LLOP_char_ge - LLOP_char_lt == 5, "char comparisons in order");

#endif
