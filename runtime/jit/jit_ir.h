/* jit_ir.h — the trace IR of the generic tracing JIT (ARCHITECTURE.md §6).
 *
 * Promise: a trace is one growable array of fixed-size instructions (JIns)
 * addressed by 32-bit refs, LuaJIT style. Instruction refs are
 * JREF_BIAS + index (index 0 is unused: JREF_NONE); constants are interned
 * per trace and addressed below the bias, so "is constant" is one compare
 * (jir_isk). Operands are refs, never pointers. Each op is defined once in
 * jit_ir.def (arity, result kind, flags, meaning). Ops with more than
 * JIR_INLINE_ARGS operands keep them in the trace's argument pool. Every
 * instruction links to the previous one with the same op (the CSE chain,
 * T->chain[op] is the newest). Guards carry a snapshot: for now only the list
 * of refs live at the guard (its fail-args), which passes rename and keep
 * alive; frames and virtuals come with resume data. GC reference constants
 * are stored in a side table (T->gcrefs); each new one goes to the
 * environment's `pin` hook (a moving collector must not move it). jir_mark / jir_rollback truncate a trace to
 * an earlier state (instructions, operand pool, snapshots; constants stay).
 * Descriptors (field, array, size, call, interior, target) live in a JirEnv
 * shared by all traces of one JIT state, together with a string pool for
 * names and debug_merge_point locations.
 * Expects: single-threaded use; allocation failure aborts (jir_oom). Only
 * libc: this module is linked into JIT-enabled executables. */
#ifndef RT_JIT_IR_H
#define RT_JIT_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- ops ------------------------------------------------------------------ */
typedef enum JirOp {
#define JIROP(name, nargs, res, flags, meaning) JIR_##name,
#include "jit_ir.def"
#undef JIROP
  JIR__COUNT
} JirOp;

enum {
  JF_PURE = 1u << 0, JF_GUARD = 1u << 1, JF_SIDE = 1u << 2,
  JF_RAISE = 1u << 3, JF_CALL = 1u << 4, JF_DESCR = 1u << 5,
  JF_OVF = 1u << 6, JF_COMM = 1u << 7, JF_ALLOC = 1u << 8,
  JF_CTRL = 1u << 9,
};

typedef struct JirOpInfo {
  const char *name;
  int nargs;            /* -1: variadic */
  char res;             /* i r f v */
  unsigned flags;       /* JF_* */
  const char *meaning;
} JirOpInfo;

extern const JirOpInfo jir_info[JIR__COUNT];

/* Comparison families: lt le eq ne gt ge. Negation is family + 5 - k. */
#define JIR_CMP_FAMILY_OK(f)                                                 \
  (JIR_##f##_le == JIR_##f##_lt + 1 && JIR_##f##_eq == JIR_##f##_lt + 2 &&   \
   JIR_##f##_ne == JIR_##f##_lt + 3 && JIR_##f##_gt == JIR_##f##_lt + 4 &&   \
   JIR_##f##_ge == JIR_##f##_lt + 5)
_Static_assert(JIR_CMP_FAMILY_OK(int), "int comparisons lt le eq ne gt ge");
_Static_assert(JIR_CMP_FAMILY_OK(uint), "uint comparisons lt le eq ne gt ge");
_Static_assert(JIR_CMP_FAMILY_OK(float), "float comparisons lt le eq ne gt ge");
_Static_assert(JIR_uint_lt == JIR_int_ge + 1 && JIR_float_lt == JIR_uint_ge + 1,
               "the comparison families are contiguous: int uint float");
_Static_assert(JIR_ptr_ne == JIR_ptr_eq + 1 &&
               JIR_instance_ptr_eq == JIR_ptr_ne + 1 &&
               JIR_instance_ptr_ne == JIR_instance_ptr_eq + 1,
               "pointer comparisons: eq then ne");
_Static_assert(JIR_input_r == JIR_input_i + 1 && JIR_input_f == JIR_input_i + 2,
               "input ops in kind order i r f");
_Static_assert(JIR_getfield_gc_r == JIR_getfield_gc_i + 1 &&
               JIR_getfield_gc_f == JIR_getfield_gc_i + 2 &&
               JIR_getarrayitem_gc_r == JIR_getarrayitem_gc_i + 1 &&
               JIR_getarrayitem_gc_f == JIR_getarrayitem_gc_i + 2 &&
               JIR_getinteriorfield_gc_f == JIR_getinteriorfield_gc_i + 2 &&
               JIR_same_as_f == JIR_same_as_i + 2,
               "typed op variants in kind order i r f");

static inline bool jir_is_cmp(unsigned op) {  /* int, uint or float family */
  return op >= JIR_int_lt && op <= JIR_float_ge;
}
static inline bool jir_is_intcmp(unsigned op) {  /* int or uint family */
  return op >= JIR_int_lt && op <= JIR_uint_ge;
}
static inline unsigned jir_cmp_base(unsigned op) {
  return JIR_int_lt + (op - JIR_int_lt) / 6 * 6;
}
/* not (a OP b) == a NEG(OP) b; valid for int and uint, not float (nan). */
static inline unsigned jir_cmp_negate(unsigned op) {
  unsigned b = jir_cmp_base(op);
  return b + 5 - (op - b);
}
/* a OP b == b SWAP(OP) a */
static inline unsigned jir_cmp_swap(unsigned op) {
  static const unsigned char swap[6] = {4, 5, 2, 3, 0, 1};
  unsigned b = jir_cmp_base(op);
  return b + swap[op - b];
}

/* ---- refs ------------------------------------------------------------------ */
typedef uint32_t JRef;
#define JREF_BIAS 0x80000000u
#define JREF_NONE JREF_BIAS            /* instruction index 0: no value */
enum { JIR_INLINE_ARGS = 3, JIR_MAXARGS = 255 };

static inline bool jir_isk(JRef r) { return r < JREF_BIAS; }
static inline uint32_t jir_idx(JRef r) { return r - JREF_BIAS; }      /* ins */
static inline uint32_t jir_kidx(JRef r) { return JREF_BIAS - 1 - r; } /* const */
static inline JRef jir_ref(uint32_t idx) { return JREF_BIAS + idx; }
static inline JRef jir_kref(uint32_t kidx) { return JREF_BIAS - 1 - kidx; }

typedef struct JIns {
  uint16_t op;          /* JirOp */
  uint8_t nargs;        /* operand count */
  uint8_t mark;         /* scratch bits for passes (0 between passes) */
  uint32_t descr;       /* descriptor index in the JirEnv, 0 = none */
  JRef a[JIR_INLINE_ARGS]; /* operands; nargs > 3: a[0] = start in T->args */
  uint32_t prev;        /* previous instruction with the same op, 0 = none */
  uint32_t snap;        /* guards: snapshot index, 0 = none */
} JIns;

enum { JK_INT = 'i', JK_REF = 'r', JK_FLOAT = 'f',
       JK_VIRT = 'x' };  /* only in snapshots: an object the trace did not
                            allocate (T->virts[bits]); see JVirt */

typedef struct JConst {
  uint8_t kind;         /* JK_INT, JK_REF, JK_FLOAT */
  uint32_t name;        /* string of ConstPtr(name) / ConstClass(name), 0 */
  int64_t bits;         /* int value; double bits; JK_REF: index in gcrefs */
} JConst;               /* (16 bytes; T->khash finds them by value) */

/* A virtual in a snapshot: an object the optimized trace never allocated,
 * which a guard failure must build before resuming (opt_virtual.c,
 * jit_resume.c). The snapshot names it with a JK_VIRT constant whose bits
 * index T->virts. Its fields' values are other entries of the same
 * snapshot, by position (the optimizer appends them after the live
 * registers), so the backends store them like any value and passes that
 * rename a snapshot keep them. An entry at such a position may itself be a
 * JK_VIRT constant (nested or cyclic virtuals). */
typedef struct JVirtField {
  uint32_t descr;       /* field descr */
  uint32_t pos;         /* the value's position in the snapshot */
} JVirtField;

typedef struct JVirt {
  uint32_t descr;       /* size descr: new (vtable 0) or new_with_vtable;
                           or an array descr: new_array_clear */
  uint32_t first, n;    /* fields: T->vfields[first..+n); an array's items,
                           whose JVirtField.descr is the item's index (the
                           others are zero) */
  uint32_t len;         /* an array's length */
} JVirt;

/* A store the trace delays past a guard (opt_heap.c): when the guard
 * fails, it is done before resuming, in order. Its operands are entries of
 * the snapshot, by position, like a virtual's fields. */
typedef struct JPending {
  uint8_t op;           /* JIR_setfield_gc (obj.descr = val) or
                           JIR_setarrayitem_gc (obj[idx] = val, array descr) */
  uint32_t descr;
  uint32_t obj, idx, val; /* positions in the snapshot (idx: items only) */
} JPending;

typedef struct JSnap {
  uint32_t start, n;    /* refs live at the guard: T->snaprefs[start..+n] */
  uint32_t tag;         /* the tracer's: which resume data goes with it
                           (optimizer passes carry it over; 0 = none) */
  uint32_t pfirst, np;  /* delayed stores: T->pending[pfirst..+np) */
} JSnap;

/* ---- descriptors -------------------------------------------------------------- */
typedef enum JDescrKind {
  JD_NONE, JD_FIELD, JD_ARRAY, JD_INTERIOR, JD_SIZE, JD_CALL, JD_TARGET,
  JD_STRING,
} JDescrKind;

enum {  /* JDescr.flags */
  JDF_SIGNED = 1, JDF_IMMUTABLE = 2, JDF_QUASI = 4,
  JDF_VABLE = 8,        /* a field named in `_virtualizable_` */
  JDF_VABLE_ITEMS = 16, /* ... that holds one of its lists ('x[*]') */
  JDF_WB = 32,          /* field/array/interior: a GC reference in a GC
                           object (--gc=gen): a store of one that may be
                           young takes the write barrier (text: "wb") */
};
enum {  /* JDescr.effects of call descriptors */
  JEF_ELIDABLE = 1,     /* pure: same arguments, same result, no effect */
  JEF_READONLY = 2,     /* reads memory, writes none */
  JEF_CANRAISE = 4,
  JEF_CANMALLOC = 8,
  JEF_FORCES = 16,      /* may force virtualizables / the frame */
  JEF_WRITESET = 32,    /* writes only the descrs listed in `writes` */
  JEF_NOVABLE = 64,     /* leaves virtualizables alone: their fields and
                           the items of their lists (jopt_vable_loc) */
  JEF_VABLE_ARGS = 256, /* touches virtualizables only through its
                           arguments (call_assembler: the callee runs the
                           frame it is given): other frames' locations
                           stay (jopt_call_leaves_loc) */
  JEF_ARRAY_REPEAT = 128, /* call_n(fn, dst, src, n, times, itemsize): dst's
                             items become src's n items `times` over
                             (opt_virtual.c does it on virtual arrays) */
};
enum { JIR_MAXCALLARGS = 16 };

typedef struct JDescr {
  uint8_t dkind;        /* JDescrKind */
  char kind;            /* field/item/result kind: i r f v */
  uint8_t flags;        /* JDF_* */
  uint8_t nargs;        /* call: argument count */
  uint32_t name;        /* its name in the text format */
  uint32_t label;       /* field: "Struct.field"; size: struct name */
  uint32_t offset;      /* field/interior: byte offset; array: items' offset */
  uint32_t size;        /* field/interior: bytes; array: item size; size: struct size */
  uint32_t lenofs;      /* array: offset of the length word; interior: item size */
  int64_t vtable;       /* size: vtable address (0 = none) */
  uint32_t vtname;      /* size: the vtable's ConstClass name in text, 0 */
  unsigned effects;     /* call: JEF_* */
  char argkinds[JIR_MAXCALLARGS]; /* call: kinds of the arguments */
  uint32_t writes, nwrites; /* call with JEF_WRITESET: env->lists[writes..] */
  uint32_t fnindex;     /* call: index + 1 of the helper in the native
                           function table when the descr is for one known
                           function, 0 otherwise (operand 0 of the call is
                           the function either way) */
  uint32_t typeid;      /* size/array: the type id of the GC header of new
                           objects (0 in hand-written traces) */
  uint32_t fixed;       /* array: bytes before item 0 of a new object
                           (the struct part of a varsize struct) */
} JDescr;

typedef struct JirEnv {
  JDescr *descrs;       /* [0] unused */
  uint32_t ndescrs, descrcap;
  char *strs;           /* string pool; offset 0 is "" */
  uint32_t nstrs, strcap;
  uint32_t *lists;      /* descr index lists (call write sets) */
  uint32_t nlists, listcap;
  /* Called with every non-NULL GC reference that becomes a constant of a
   * trace of this environment (NULL: nothing to do): the JIT runtime pins
   * it under --gc=gen, since compiled code embeds its address. */
  void (*pin)(uintptr_t ref);
} JirEnv;

typedef struct Trace {
  JirEnv *env;
  JIns *ins; uint32_t nins, inscap;        /* ins[0] unused */
  JConst *k; uint32_t nk, kcap;            /* constants */
  uint32_t *khash; uint32_t khcap;         /* const index + 1, by hash */
  uintptr_t *gcrefs; uint32_t ngc, gccap;  /* GC reference constants; [0] NULL */
  uint32_t *gchash; uint32_t gchcap;       /* gcrefs index + 1, by address (built
                                              when first needed) */
  JRef *args; uint32_t nargs, argcap;      /* operands of wide ops */
  JSnap *snaps; uint32_t nsnaps, snapcap;  /* [0] unused */
  JVirt *virts; uint32_t nvirts, virtcap;  /* virtuals of snapshots */
  JVirtField *vfields; uint32_t nvfields, vfieldcap;
  JPending *pending; uint32_t npending, pendingcap;  /* of snapshots */
  JRef *snaprefs; uint32_t nsnaprefs, snaprefcap;
  uint32_t chain[JIR__COUNT];              /* newest instruction per op */
  char *kinds;                             /* after jir_keep_kinds: per
                                              instruction, its result kind
                                              (ins and args are gone) */
} Trace;

typedef struct JirMark {
  uint32_t nins, nargs, nsnaps, nsnaprefs;
} JirMark;

_Noreturn void jir_oom(void);
/* Grows array p (elements of `elem` bytes) so that `need` fit, doubling;
 * returns the (maybe moved) array. */
void *jir_grow(void *p, uint32_t *cap, uint32_t need, size_t elem);
#define JIR_GROW(p, cap, need)                                               \
  do {                                                                       \
    if ((need) > (cap)) (p) = jir_grow((p), &(cap), (need), sizeof(*(p)));   \
  } while (0)

/* An empty open-addressing index (entry + 1 per slot, 0: free) with
 * room for n entries at half load: a power of two slots, 64 at least
 * (*cap); and entry i put into its first free slot from hash h on. The
 * tables of constants and GC refs, and the tracer's caches. */
uint32_t *jir_index_new(uint32_t n, uint32_t *cap);
void jir_index_put(uint32_t *t, uint32_t cap, uint32_t h, uint32_t i);

/* ---- environment ------------------------------------------------------------- */
void jir_env_init(JirEnv *E);
void jir_env_free(JirEnv *E);
uint32_t jir_str(JirEnv *E, const char *s, size_t len);  /* a new string */
static inline const char *jir_strp(const JirEnv *E, uint32_t s) {
  return E->strs + s;
}
uint32_t jir_descr_add(JirEnv *E, const JDescr *d);     /* its index */
uint32_t jir_descr_find(const JirEnv *E, const char *name, size_t len); /* 0 */
static inline const JDescr *jir_descr(const JirEnv *E, uint32_t d) {
  return &E->descrs[d];
}
uint32_t jir_list_add(JirEnv *E, const uint32_t *items, uint32_t n);

/* ---- traces ---------------------------------------------------------------- */
Trace *jir_new(JirEnv *E);
void jir_free(Trace *T);
/* Copies the constants (GC refs, virtuals) of `from` into empty trace T,
 * so the same constant refs mean the same values in both. */
void jir_copy_consts(Trace *T, const Trace *from);

/* Gives back what T's arrays hold beyond their use (a compiled trace is
 * kept for its bridges; the optimizer's arrays have the capacity of the
 * trace as recorded), and the hashes of its constants (built again when
 * one is added). */
void jir_shrink(Trace *T);
/* A compiled trace kept for its guards (their snapshots, virtuals and
 * delayed stores) needs of its instructions only their result kinds
 * (jir_kind: a bridge's inputs): T keeps those, one byte each, and gives
 * back its instructions and wide operands. Only jir_kind, the snapshot
 * and constant accessors and jir_free may be called on T afterwards. */
void jir_keep_kinds(Trace *T);
/* Makes room for that many instructions, wide operands, snapshots and
 * snapshot refs (an optimization: everything grows on demand anyway). */
void jir_reserve(Trace *T, uint32_t nins, uint32_t nargs, uint32_t nsnaps,
                 uint32_t nsnaprefs);

JRef jir_kint(Trace *T, int64_t v);
JRef jir_kfloat(Trace *T, double v);
JRef jir_kgc(Trace *T, uintptr_t p);                   /* 0: NULL */
/* A new virtual (fields copied) and its JK_VIRT constant. */
JRef jir_kvirt(Trace *T, uint32_t descr, uint32_t n, const JVirtField *fields);
/* A virtual array of len items (descr an array descr; fields: index, pos). */
JRef jir_kvirt_array(Trace *T, uint32_t descr, uint32_t len, uint32_t n, const JVirtField *items);
/* JK_VIRT constants shared by content (opt_virtual.c, opt_unbox.c): guard
 * after guard mostly describes the same virtuals at the same positions,
 * and a new constant per guard grew the trace's tables (~75% of the
 * JIT's page faults on richards.lua). Within one snapshot a constant
 * stands for one object, so one that the snapshot being described
 * (stamp) uses already is not given out again. Zero-initialized. */
typedef struct JVirtMemoSlot {
  uint64_t hash;        /* of the content; 0: empty */
  JRef k;
  uint32_t stamp;       /* the last snapshot that used it */
} JVirtMemoSlot;
typedef struct JVirtMemo {
  JVirtMemoSlot *slot; uint32_t cap, n;
  uint32_t stamp;       /* the snapshot being described */
} JVirtMemo;
/* The next snapshot's constants begin. */
static inline void jir_vmemo_next(JVirtMemo *m) { m->stamp++; }
/* jir_kvirt, or jir_kvirt_array (array: len items), sharing a constant of
 * the same content that the current snapshot does not use yet. */
JRef jir_vmemo_kvirt(JVirtMemo *m, Trace *T, uint32_t descr, bool array, uint32_t len, uint32_t n,
                     const JVirtField *fields);
void jir_vmemo_free(JVirtMemo *m);
static inline const JVirt *jir_virt(const Trace *T, JRef r) {
  return &T->virts[T->k[JREF_BIAS - 1 - r].bits];
}
/* A named constant (ConstPtr(name): kind r; ConstClass(name): kind i). */
JRef jir_knamed(Trace *T, char kind, int64_t value, uint32_t name);
static inline const JConst *jir_k(const Trace *T, JRef r) {
  return &T->k[jir_kidx(r)];
}
static inline int64_t jir_kint_of(const Trace *T, JRef r) {
  return jir_k(T, r)->bits;
}
double jir_kfloat_of(const Trace *T, JRef r);
uintptr_t jir_kgc_of(const Trace *T, JRef r);
static inline bool jir_isk_int(const Trace *T, JRef r, int64_t v) {
  return jir_isk(r) && jir_k(T, r)->kind == JK_INT && jir_k(T, r)->bits == v;
}

static inline JIns *jir_ins(const Trace *T, JRef r) { return &T->ins[jir_idx(r)]; }
static inline JRef jir_arg(const Trace *T, const JIns *I, unsigned k) {
  return I->nargs > JIR_INLINE_ARGS ? T->args[I->a[0] + k] : I->a[k];
}
/* The kind (i r f v) of a ref. */
char jir_kind(const Trace *T, JRef r);

/* Appends an instruction (no folding, no CSE) and links its CSE chain. */
JRef jir_emit(Trace *T, unsigned op, unsigned nargs, const JRef *args,
              uint32_t descr);
static inline JRef jir_emit2(Trace *T, unsigned op, JRef a, JRef b,
                             uint32_t descr) {
  JRef x[2] = {a, b};
  return jir_emit(T, op, jir_info[op].nargs == 1 ? 1 : 2, x, descr);
}
/* Snapshot s carries over what `from` (of trace F) says besides its refs:
 * the tag and the delayed stores (whose table T shares with F: copied
 * by jir_copy_consts, or the same trace). */
static inline void jir_snap_meta(JSnap *s, const JSnap *from) {
  s->tag = from->tag;
  s->pfirst = from->pfirst;
  s->np = from->np;
}
/* Appends delayed stores to T's table; the index of the first. */
uint32_t jir_pending_add(Trace *T, const JPending *p, uint32_t n);
/* Guard g's snapshot, n refs long now: its first refs stay, the others
 * are for the caller to write. In place when it is T's newest snapshot
 * (a pass appending to the snapshot of the guard it just emitted), else
 * a copy. The refs of T's snapshots may move. */
JRef *jir_snap_grow(Trace *T, JRef g, unsigned n);
/* Gives guard g a new snapshot holding these live refs. */
void jir_set_snap(Trace *T, JRef g, unsigned n, const JRef *refs);
/* Gives guard g a new snapshot of n refs for the caller to fill in (the
 * pointer is valid until the next snapshot is added). */
JRef *jir_snap_alloc(Trace *T, JRef g, unsigned n);
static inline const JRef *jir_snap_refs(const Trace *T, const JIns *I,
                                        uint32_t *n) {
  if (!I->snap) { *n = 0; return NULL; }
  *n = T->snaps[I->snap].n;
  return T->snaprefs + T->snaps[I->snap].start;
}
/* Stores the constants of snapshot S into the values a guard's exit
 * left (values[k] for entry k; a GC reference as its address, any other
 * constant as its bits). The x64 trace compiler's exits store only the
 * entries that are not constants. */
void jir_snap_fill_consts(const Trace *T, const JSnap *S, int64_t *values);
/* Same op, descr and operands (for CSE). */
bool jir_same(const Trace *T, const JIns *I, unsigned op, unsigned nargs,
              const JRef *args, uint32_t descr);

JirMark jir_mark(const Trace *T);
void jir_rollback(Trace *T, JirMark m);

/* Checks the trace's invariants (operands defined before use and of the
 * right kinds for int, float, pointer, guard and heap ops, arities,
 * descriptor kinds, guards have snapshots, inputs first, at most one
 * label). false with a message in err. The label may follow other ops (a peeled loop's preamble,
 * opt_peel.c), but the optimizer's passes take only traces whose label
 * comes right after the inputs: a label's operands are the loop's
 * variables, not new values in this IR, so facts the passes learn before a
 * label (constants, bounds, CSE) would wrongly hold after it on later
 * iterations (jopt_optimize checks). */
bool jir_verify(const Trace *T, char *err, size_t errlen);

#endif
