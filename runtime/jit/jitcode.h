/* jitcode.h — the jitcode image: what the codewriter emits and the JIT
 * runtime reads (ARCHITECTURE.md §5 "Codewriter", docs/jitcode.md).
 *
 * Promise: one position-independent byte blob per program, little-endian,
 * built by the translator (backend/jitcode/) and embedded in the executable
 * as `rl_jit_image`. It holds every jitcode (register bytecode, ops in
 * jitcode_ops.def), the descriptors those ops name, constant pools,
 * liveness sets, the JitDriver descriptions and a string table. Addresses
 * exist only after the executable is loaded, so the image names them by
 * index into `rl_jit_addrs`, a table of pointers the LLVM backend emits
 * beside it (functions and prebuilt objects), and native calls go through
 * per-signature call stubs in `rl_jit_stubs`. The header's `version` is
 * jc_format_version(): a hash of this format's revision and the op table,
 * so a reader never runs an image written for another op set.
 * Every section offset is from the image's start and 8-aligned; sizes are
 * in bytes unless named n*. jc_image_check validates an image completely
 * (bounds of every section, op, operand, descriptor, label and register)
 * so the interpreters that follow can trust it.
 * Expects: only libc; this header is shared by the translator and the
 * runtime. */
#ifndef RT_JITCODE_H
#define RT_JITCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- ops ------------------------------------------------------------------- */
typedef enum JcOp {
#define JCOP(name, args, meaning) JC_##name,
#include "jitcode_ops.def"
#undef JCOP
  JC__COUNT
} JcOp;

typedef struct JcOpInfo {
  const char *name;
  const char *args;     /* operand letters, see jitcode_ops.def */
} JcOpInfo;

extern const JcOpInfo jc_op_info[JC__COUNT];

/* Revision of the layout below; bump it with any change to this file. */
enum { JC_FORMAT_REVISION = 5 };
#define JC_MAGIC "RTJITIMG"

/* A hash of JC_FORMAT_REVISION, every op's name and operand letters. */
uint32_t jc_format_version(void);

/* ---- image layout ------------------------------------------------------------ */
typedef struct JcHeader {
  char magic[8];             /* JC_MAGIC */
  uint32_t version;          /* jc_format_version() */
  uint32_t size;             /* the whole image */
  uint32_t ncodes, codes_off;      /* JcCode[ncodes] */
  uint32_t ndescrs, descrs_off;    /* JcDescr[ndescrs] */
  uint32_t ndrivers, drivers_off;  /* JcDriver[ndrivers] */
  uint32_t naddrs;           /* entries of rl_jit_addrs */
  uint32_t nstubs;           /* entries of rl_jit_stubs */
  uint32_t bytecode_off, bytecode_size; /* every jitcode's ops, concatenated */
  uint32_t pool_off, pool_size;  /* int64 / double constants, u32 lists */
  uint32_t strings_off, strings_size; /* NUL-terminated names; offset 0 is "" */
} JcHeader;

/* Registers of bank k are 0 .. nregs[k]-1; the last nconsts[k] of them
 * hold the jitcode's constants (loaded when a frame is made), so operands
 * never need another encoding. A jitcode's parameters arrive in registers
 * 0.. of their bank, in parameter order. */
enum { JC_INT = 0, JC_REF = 1, JC_FLOAT = 2, JC_NBANKS = 3 };

/* The bank of a kind letter 'i' 'r' 'f' (driver kinds, call kinds). */
static inline int jc_bank_of_kind(char kind) {
  return kind == 'i' ? JC_INT : kind == 'r' ? JC_REF : JC_FLOAT;
}

typedef struct JcCode {
  uint32_t name;             /* string: the graph's qualified name */
  uint32_t code_off, code_size;  /* within the bytecode section */
  uint16_t nregs[JC_NBANKS];
  uint16_t nconsts[JC_NBANKS];
  uint16_t nparams[JC_NBANKS];
  uint16_t flags;            /* JC_CODE_* */
  /* pool offsets of the constants: int64[nconsts[JC_INT]],
   * u32 rl_jit_addrs index or JC_NULL_ADDR [nconsts[JC_REF]],
   * double[nconsts[JC_FLOAT]] */
  uint32_t consts_off[JC_NBANKS];
  char result_kind;          /* 'i' 'r' 'f' 'v' */
  uint8_t pad[3];
  /* rl_jit_addrs index of its native function when an indirect call may
   * reach it (the tracer then traces into it), else JC_NULL_ADDR */
  uint32_t fn_addr;
} JcCode;

enum { JC_CODE_PORTAL = 1 };
#define JC_NULL_ADDR 0xffffffffu

typedef enum JcDescrKind {
  JCD_FIELD = 1,   /* getfield/setfield */
  JCD_ARRAY,       /* array items, arraylen, new_array */
  JCD_SIZE,        /* new */
  JCD_CALL,        /* residual_call */
  JCD_SWITCH,      /* switch */
  JCD_EXC_MATCH,   /* goto_if_exception_mismatch */
  JCD_DRIVER,      /* jit_merge_point, can_enter_jit: index into drivers */
} JcDescrKind;

/* flags of field and array descriptors */
enum {
  JC_MEM_SIGNED = 1,     /* sign-extend a load narrower than 8 bytes */
  JC_MEM_REF = 2,        /* the value is a pointer (ref bank) */
  JC_MEM_FLOAT = 4,      /* the value is a double (float bank) */
  JC_MEM_GCREF = 8,      /* a pointer to a GC object */
  JC_MEM_IMMUTABLE = 16, /* never written after construction */
  JC_MEM_NOLENGTH = 32,  /* array without a length word */
  JC_MEM_HAS_GCPTRS = 64,/* new / new_array: the object holds GC pointers */
  JC_MEM_ITEMS_IMMUTABLE = 128, /* field: the list it holds never changes
                                   after construction ('x[*]') */
  JC_MEM_QUASI = 256,    /* field: quasi-immutable ('x?'): a constant in
                            traces, which its writes invalidate */
  JC_MEM_CLASS = 512,    /* field: an instance's class (typeptr): the tracer
                            promotes it (PyPy's guard_class), so class
                            checks and vtable reads fold */
  JC_MEM_VABLE = 1024,   /* field: named in `_virtualizable_` */
  JC_MEM_VABLE_ITEMS = 2048, /* field: a virtualizable's list ('x[*]') */
};

/* effects of call descriptors (JcDescr.b): core/lltype.h's LLFX_* bits,
 * restated for the runtime (the codewriter checks they agree) */
enum {
  JC_FX_CANRAISE = 1, JC_FX_ELIDABLE = 4, JC_FX_ALWAYSRAISES = 32,
  JC_FX_NOVABLE = 64,    /* (the codewriter's) the callee never touches a
                            virtualizable's fields or lists */
  JC_FX_ARRAY_REPEAT = 128, /* the callee is rth_array_repeat (LLFX_*) */
};

typedef struct JcDescr {
  uint8_t kind;              /* JcDescrKind */
  uint8_t size;              /* FIELD/ARRAY: bytes of one value (1, 2, 4, 8) */
  uint16_t flags;            /* JC_MEM_* */
  uint32_t name;             /* string: "Struct.field", type name, func name */
  uint32_t type_id;          /* FIELD/ARRAY/SIZE: the LL type id (GC header) */
  uint32_t a, b, c, d;       /* per kind:
      FIELD      a = offset
      ARRAY      a = offset of item 0, b = offset of the length word,
                 c = fixed size before the items (new_array), d unused
      SIZE       a = size in bytes, b = rl_jit_addrs index of the vtable to
                 store in the `typeptr` at offset c, or JC_NULL_ADDR
      CALL       a = stub index, b = LLFX_* effects, c = pool offset of the
                 argument kinds (u8 count, then 'i' 'r' 'f' each, in the
                 native signature's order), d = result kind 'i' 'r' 'f' 'v'
                 in its low byte and the native result's byte size above
      SWITCH     a = pool offset of u32 ncases, then ncases pairs
                 (int64 value, u32 label) packed as 12 bytes; b = default label
      EXC_MATCH  a = subclassrange min, b = max (one past), c = offset of
                 subclassrange_min in a vtable
      DRIVER     a = driver index */
} JcDescr;

/* A JitDriver: its portal jitcode and merge point, greens and reds. */
typedef struct JcDriver {
  uint32_t name;             /* string: the driver's global name */
  uint32_t portal;           /* jitcode index */
  uint32_t merge_pc;         /* offset of the jit_merge_point op in it */
  uint16_t ngreens, nreds;
  uint32_t kinds_off;        /* pool: ngreens + nreds kind letters 'i' 'r' 'f' */
  uint32_t names_off;        /* pool: u32 string offsets, greens then reds */
  uint32_t printable;        /* rl_jit_addrs index of get_printable_location
                                (greens -> str), or JC_NULL_ADDR */
  uint32_t printable_call;   /* its call descr index */
  /* Recursive portal calls (call_assembler): rl_jit_addrs indexes of the
   * portal's native function and of its re-entry function (entered at the
   * merge point with the greens and reds in the ABI buffers; JC_NULL_ADDR
   * and a NULL address when the backend made none), and the call descr
   * of the portal (its result kind and native size). */
  uint32_t portal_fn, reentry, portal_call;
  uint32_t flags;            /* JC_DRIVER_* */
} JcDriver;

enum {
  JC_DRIVER_FRAMES_CONFINED = 1, /* no virtualizable can be stored in memory
                                    (the codewriter's cw_frames_confined) */
};

/* ---- reading ----------------------------------------------------------------- */
typedef struct JcImage {
  const uint8_t *base;
  const JcHeader *h;
  const JcCode *codes;
  const JcDescr *descrs;
  const JcDriver *drivers;
  const uint8_t *bytecode;
  const uint8_t *pool;
  const char *strings;
} JcImage;

/* Validates `size` bytes at `data` and fills *img; on failure writes a
 * one-line reason to err (if not NULL) and returns false. */
bool jc_image_open(JcImage *img, const void *data, size_t size, char *err,
                   size_t errsize);

static inline const char *jc_str(const JcImage *img, uint32_t off) {
  return img->strings + off;
}
static inline uint16_t jc_u16(const uint8_t *p) {
  return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t jc_u32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

/* Size in bytes of the op at `pc` (opcode and operands); 0 if it runs past
 * `end` or is not an op. */
size_t jc_op_length(const uint8_t *pc, const uint8_t *end);

/* ---- disassembly (docs/jitcode.md shows the text form) ----------------------- */
/* Prints every jitcode, descriptor and driver. `addr_names` (may be NULL)
 * names rl_jit_addrs entries; `stub_names` likewise for stubs. */
void jc_dump_image(FILE *out, const JcImage *img, const char *const *addr_names);

#endif
