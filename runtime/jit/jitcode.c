/* jitcode.c — the jitcode op table, the format version, image validation
 * and the disassembler. */
#include "jitcode.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const JcOpInfo jc_op_info[JC__COUNT] = {
#define JCOP(name, args, meaning) {#name, args},
#include "jitcode_ops.def"
#undef JCOP
};

uint32_t jc_format_version(void) {
  uint32_t h = 2166136261u ^ (uint32_t)JC_FORMAT_REVISION;
  for (int op = 0; op < JC__COUNT; op++) {
    for (const char *s = jc_op_info[op].name; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    h = (h ^ '/') * 16777619u;
    for (const char *s = jc_op_info[op].args; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    h = (h ^ ';') * 16777619u;
  }
  return h;
}

/* ---- operand walking ---------------------------------------------------------- */

/* Bytes of one operand of letter c at p (p < end); 0 when it runs past end. */
static size_t operand_length(char c, const uint8_t *p, const uint8_t *end) {
  size_t n;
  switch (c) {
  case 'i': case 'r': case 'f': n = 2; break;
  case 'd': case 'L': case 'j': case 'n': n = 4; break;
  case 'I': case 'R': case 'F':
    if (p >= end) return 0;
    n = 1 + 2 * (size_t)p[0];
    break;
  default: return 0;
  }
  return (size_t)(end - p) >= n ? n : 0;
}

size_t jc_op_length(const uint8_t *pc, const uint8_t *end) {
  if (pc >= end || *pc >= JC__COUNT) return 0;
  const uint8_t *p = pc + 1;
  for (const char *a = jc_op_info[*pc].args; *a; a++) {
    if (*a == '>') continue;
    size_t n = operand_length(*a, p, end);
    if (!n) return 0;
    p += n;
  }
  return (size_t)(p - pc);
}

/* The descriptor kind op's 'd' operand must have (0: none). */
static int descr_kind_of(JcOp op) {
  switch (op) {
  case JC_getfield_i: case JC_getfield_r: case JC_getfield_f:
  case JC_setfield_i: case JC_setfield_r: case JC_setfield_f: return JCD_FIELD;
  case JC_getarrayitem_i: case JC_getarrayitem_r: case JC_getarrayitem_f:
  case JC_setarrayitem_i: case JC_setarrayitem_r: case JC_setarrayitem_f:
  case JC_arraylen: case JC_new_array: return JCD_ARRAY;
  case JC_new: return JCD_SIZE;
  case JC_residual_call_v: case JC_residual_call_i: case JC_residual_call_r:
  case JC_residual_call_f: return JCD_CALL;
  case JC_switch: return JCD_SWITCH;
  case JC_goto_if_exception_mismatch: return JCD_EXC_MATCH;
  case JC_jit_merge_point: case JC_can_enter_jit: return JCD_DRIVER;
  default: return 0;
  }
}

static bool is_terminator(JcOp op) {
  return op == JC_goto || op == JC_switch || op == JC_int_return ||
         op == JC_ref_return || op == JC_float_return || op == JC_void_return ||
         op == JC_raise || op == JC_reraise;
}

static int bank_of(char c) {
  switch (c) {
  case 'i': case 'I': return JC_INT;
  case 'r': case 'R': return JC_REF;
  default: return JC_FLOAT;
  }
}

/* ---- validation ------------------------------------------------------------------ */

typedef struct Check {
  const JcImage *img;
  const uint8_t *end;        /* of the image */
  char *err;
  size_t errsize;
} Check;

static bool fail(Check *C, const char *fmt, ...) {
  if (C->err && C->errsize) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(C->err, C->errsize, fmt, ap);
    va_end(ap);
  }
  return false;
}

static bool pool_range(Check *C, uint32_t off, uint64_t len) {
  return (uint64_t)off + len <= C->img->h->pool_size;
}

static bool string_ok(Check *C, uint32_t off) {
  const JcHeader *h = C->img->h;
  return off < h->strings_size &&
         memchr(C->img->strings + off, 0, h->strings_size - off) != NULL;
}

static bool check_sections(Check *C, size_t size) {
  const JcHeader *h = C->img->h;
  struct { uint32_t off; uint64_t len; const char *what; } s[] = {
      {h->codes_off, (uint64_t)h->ncodes * sizeof(JcCode), "jitcodes"},
      {h->descrs_off, (uint64_t)h->ndescrs * sizeof(JcDescr), "descriptors"},
      {h->drivers_off, (uint64_t)h->ndrivers * sizeof(JcDriver), "drivers"},
      {h->bytecode_off, h->bytecode_size, "bytecode"},
      {h->pool_off, h->pool_size, "pool"},
      {h->strings_off, h->strings_size, "strings"},
  };
  for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
    if (s[i].off % 8 || (uint64_t)s[i].off + s[i].len > size)
      return fail(C, "the %s section is outside the image", s[i].what);
  if (h->strings_size == 0 || C->img->strings[h->strings_size - 1] != 0)
    return fail(C, "the string table is not NUL-terminated");
  return true;
}

static bool check_descr(Check *C, uint32_t i) {
  const JcDescr *d = &C->img->descrs[i];
  const JcHeader *h = C->img->h;
  if (!string_ok(C, d->name)) return fail(C, "descriptor %u: bad name", i);
  switch (d->kind) {
  case JCD_FIELD: case JCD_ARRAY:
    if (d->size != 1 && d->size != 2 && d->size != 4 && d->size != 8)
      return fail(C, "descriptor %u: value size %u", i, d->size);
    return true;
  case JCD_SIZE:
    if (d->b != JC_NULL_ADDR && d->b >= h->naddrs) return fail(C, "descriptor %u: vtable", i);
    return true;
  case JCD_CALL: {
    if (d->a >= h->nstubs) return fail(C, "descriptor %u: stub %u", i, d->a);
    if (!pool_range(C, d->c, 1)) return fail(C, "descriptor %u: argument kinds", i);
    uint8_t n = C->img->pool[d->c];
    if (!pool_range(C, d->c, 1 + (uint64_t)n)) return fail(C, "descriptor %u: argument kinds", i);
    for (uint8_t k = 0; k < n; k++) {
      char c = (char)C->img->pool[d->c + 1 + k];
      if (c != 'i' && c != 'r' && c != 'f') return fail(C, "descriptor %u: kind '%c'", i, c);
    }
    return true;
  }
  case JCD_SWITCH:
    if (!pool_range(C, d->a, 4) || !pool_range(C, d->a, 4 + 12ull * jc_u32(C->img->pool + d->a)))
      return fail(C, "descriptor %u: switch table", i);
    return true;
  case JCD_EXC_MATCH: return true;
  case JCD_DRIVER:
    if (d->a >= h->ndrivers) return fail(C, "descriptor %u: driver %u", i, d->a);
    return true;
  default: return fail(C, "descriptor %u: kind %u", i, d->kind);
  }
}

/* Labels must land on op starts: `starts` marks them (one byte per code
 * byte). */
static bool label_ok(const JcCode *c, const uint8_t *starts, uint32_t l) {
  return l < c->code_size && starts[l];
}

static bool check_operands(Check *C, uint32_t ci, const uint8_t *pc,
                           const uint8_t *starts) {
  const JcCode *c = &C->img->codes[ci];
  const JcHeader *h = C->img->h;
  JcOp op = (JcOp)*pc;
  const uint8_t *p = pc + 1;
  uint32_t at = (uint32_t)(pc - (C->img->bytecode + c->code_off));
  for (const char *a = jc_op_info[op].args; *a; a++) {
    if (*a == '>') continue;
    switch (*a) {
    case 'i': case 'r': case 'f':
      if (jc_u16(p) >= c->nregs[bank_of(*a)])
        return fail(C, "%s+%u: register %c%u out of range", jc_str(C->img, c->name), at, *a, jc_u16(p));
      p += 2;
      break;
    case 'I': case 'R': case 'F': {
      uint8_t n = *p++;
      for (uint8_t k = 0; k < n; k++, p += 2)
        if (jc_u16(p) >= c->nregs[bank_of(*a)])
          return fail(C, "%s+%u: register out of range", jc_str(C->img, c->name), at);
      break;
    }
    case 'd': {
      uint32_t d = jc_u32(p);
      if (d >= h->ndescrs || C->img->descrs[d].kind != descr_kind_of(op))
        return fail(C, "%s+%u: descriptor %u of the wrong kind", jc_str(C->img, c->name), at, d);
      if (op == JC_switch) {
        const JcDescr *sd = &C->img->descrs[d];
        uint32_t n = jc_u32(C->img->pool + sd->a);
        if (!label_ok(c, starts, sd->b)) return fail(C, "%s+%u: switch default", jc_str(C->img, c->name), at);
        for (uint32_t k = 0; k < n; k++)
          if (!label_ok(c, starts, jc_u32(C->img->pool + sd->a + 4 + 12 * k + 8)))
            return fail(C, "%s+%u: switch label", jc_str(C->img, c->name), at);
      }
      p += 4;
      break;
    }
    case 'L':
      if (!label_ok(c, starts, jc_u32(p))) return fail(C, "%s+%u: bad label", jc_str(C->img, c->name), at);
      p += 4;
      break;
    case 'j':
      if (jc_u32(p) >= h->ncodes) return fail(C, "%s+%u: bad jitcode", jc_str(C->img, c->name), at);
      p += 4;
      break;
    case 'n': {
      uint32_t o = jc_u32(p);
      const uint8_t *q = C->img->pool + o;
      if (!pool_range(C, o, 6) ||
          !pool_range(C, o, 6 + 2ull * ((uint64_t)jc_u16(q) + jc_u16(q + 2) + jc_u16(q + 4))))
        return fail(C, "%s+%u: bad liveness", jc_str(C->img, c->name), at);
      for (int b = 0, k = 0; b < JC_NBANKS; b++)
        for (uint16_t m = 0; m < jc_u16(q + 2 * b); m++, k++)
          if (jc_u16(q + 6 + 2 * k) >= c->nregs[b])
            return fail(C, "%s+%u: bad liveness", jc_str(C->img, c->name), at);
      p += 4;
      break;
    }
    }
  }
  return true;
}

static bool check_consts(Check *C, const JcCode *c) {
  for (int b = 0; b < JC_NBANKS; b++) {
    if (c->nconsts[b] > c->nregs[b] || c->nparams[b] > c->nregs[b] - c->nconsts[b])
      return fail(C, "%s: register counts", jc_str(C->img, c->name));
    uint64_t each = b == JC_REF ? 4 : 8;
    if (c->nconsts[b] && !pool_range(C, c->consts_off[b], each * c->nconsts[b]))
      return fail(C, "%s: constants outside the pool", jc_str(C->img, c->name));
  }
  for (uint16_t k = 0; k < c->nconsts[JC_REF]; k++) {
    uint32_t a = jc_u32(C->img->pool + c->consts_off[JC_REF] + 4u * k);
    if (a != JC_NULL_ADDR && a >= C->img->h->naddrs)
      return fail(C, "%s: address %u", jc_str(C->img, c->name), a);
  }
  return true;
}

static bool check_code(Check *C, uint32_t ci) {
  const JcCode *c = &C->img->codes[ci];
  if (!string_ok(C, c->name)) return fail(C, "jitcode %u: bad name", ci);
  if ((uint64_t)c->code_off + c->code_size > C->img->h->bytecode_size || c->code_size == 0)
    return fail(C, "jitcode %u: code outside the bytecode", ci);
  if (!check_consts(C, c)) return false;
  if (c->fn_addr != JC_NULL_ADDR && c->fn_addr >= C->img->h->naddrs)
    return fail(C, "jitcode %u: function address %u", ci, c->fn_addr);
  const uint8_t *start = C->img->bytecode + c->code_off, *end = start + c->code_size;
  uint8_t *starts = calloc(c->code_size, 1);
  if (!starts) return fail(C, "out of memory");
  bool ok = true;
  JcOp last = JC_goto;
  for (const uint8_t *pc = start; pc < end && ok;) {
    size_t n = jc_op_length(pc, end);
    if (!n) ok = fail(C, "%s+%u: bad op", jc_str(C->img, c->name), (unsigned)(pc - start));
    starts[pc - start] = 1;
    last = (JcOp)*pc;
    pc += n;
  }
  if (ok && !is_terminator(last)) ok = fail(C, "%s: falls off its end", jc_str(C->img, c->name));
  for (const uint8_t *pc = start; pc < end && ok; pc += jc_op_length(pc, end))
    ok = check_operands(C, ci, pc, starts);
  free(starts);
  return ok;
}

static bool check_driver(Check *C, uint32_t i) {
  const JcDriver *d = &C->img->drivers[i];
  const JcHeader *h = C->img->h;
  if (!string_ok(C, d->name) || d->portal >= h->ncodes) return fail(C, "driver %u: bad portal", i);
  const JcCode *c = &C->img->codes[d->portal];
  uint32_t n = (uint32_t)d->ngreens + d->nreds;
  if (!pool_range(C, d->kinds_off, n) || !pool_range(C, d->names_off, 4ull * n))
    return fail(C, "driver %u: bad kinds", i);
  if (d->merge_pc >= c->code_size ||
      C->img->bytecode[c->code_off + d->merge_pc] != JC_jit_merge_point)
    return fail(C, "driver %u: no jit_merge_point at %u", i, d->merge_pc);
  if (d->printable != JC_NULL_ADDR &&
      (d->printable >= h->naddrs || d->printable_call >= h->ndescrs ||
       C->img->descrs[d->printable_call].kind != JCD_CALL))
    return fail(C, "driver %u: bad get_printable_location", i);
  if (d->portal_fn >= h->naddrs || d->portal_call >= h->ndescrs ||
      C->img->descrs[d->portal_call].kind != JCD_CALL ||
      (d->reentry != JC_NULL_ADDR && d->reentry >= h->naddrs))
    return fail(C, "driver %u: bad portal function", i);
  return true;
}

bool jc_image_open(JcImage *img, const void *data, size_t size, char *err,
                   size_t errsize) {
  Check C = {img, (const uint8_t *)data + size, err, errsize};
  memset(img, 0, sizeof *img);
  img->base = data;
  if (size < sizeof(JcHeader) || ((uintptr_t)data & 7)) return fail(&C, "image too small or misaligned");
  img->h = data;
  if (memcmp(img->h->magic, JC_MAGIC, 8) != 0) return fail(&C, "not a jitcode image");
  if (img->h->version != jc_format_version())
    return fail(&C, "jitcode image version %08x, this runtime reads %08x", img->h->version,
                jc_format_version());
  if (img->h->size != size) return fail(&C, "image size %u, expected %zu", img->h->size, size);
  img->codes = (const JcCode *)(img->base + img->h->codes_off);
  img->descrs = (const JcDescr *)(img->base + img->h->descrs_off);
  img->drivers = (const JcDriver *)(img->base + img->h->drivers_off);
  img->bytecode = img->base + img->h->bytecode_off;
  img->pool = img->base + img->h->pool_off;
  img->strings = (const char *)img->base + img->h->strings_off;
  if (!check_sections(&C, size)) return false;
  for (uint32_t i = 0; i < img->h->ndescrs; i++)
    if (!check_descr(&C, i)) return false;
  for (uint32_t i = 0; i < img->h->ncodes; i++)
    if (!check_code(&C, i)) return false;
  for (uint32_t i = 0; i < img->h->ndrivers; i++)
    if (!check_driver(&C, i)) return false;
  return true;
}
