/* cw_tables.c — the image's tables (descriptors, addresses, call stubs,
 * drivers, strings, pool), its serialization, and cw_write / cw_dump. */
#include <string.h>

#include "backend/jitcode/cw_internal.h"

/* ---- byte buffers -------------------------------------------------------------------- */

void cw_put8(Cw *C, Bytes *b, uint8_t v) { vec_push(C->A, *b, v); }
void cw_put16(Cw *C, Bytes *b, uint16_t v) {
  cw_put8(C, b, (uint8_t)v);
  cw_put8(C, b, (uint8_t)(v >> 8));
}
void cw_put32(Cw *C, Bytes *b, uint32_t v) {
  cw_put16(C, b, (uint16_t)v);
  cw_put16(C, b, (uint16_t)(v >> 16));
}
void cw_set32(Bytes *b, uint32_t at, uint32_t v) {
  for (int i = 0; i < 4; i++) b->data[at + i] = (uint8_t)(v >> (8 * i));
}

static void put_bytes(Cw *C, Bytes *b, const void *p, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) cw_put8(C, b, ((const uint8_t *)p)[i]);
}

static void align_to(Cw *C, Bytes *b, uint32_t align) {
  while (b->len % align) cw_put8(C, b, 0);
}

uint32_t cw_pool(Cw *C, const void *data, uint32_t size, uint32_t align) {
  align_to(C, &C->pool, align);
  uint32_t at = C->pool.len;
  put_bytes(C, &C->pool, data, size);
  return at;
}

uint32_t cw_str(Cw *C, const char *s) {
  uint32_t at = C->strings.len;
  put_bytes(C, &C->strings, s, (uint32_t)strlen(s) + 1);
  return at;
}

/* ---- addresses and stubs ----------------------------------------------------------------- */

/* The index of entry a, added under key when new. */
static uint32_t addr_index(Cw *C, const void *key, CwAddr a) {
  void *got = hmap_get(&C->addr_map, HKEY(key));
  if (got) return (uint32_t)(uintptr_t)got - 1;
  vec_push(C->A, C->addrs, a);
  hmap_put(&C->addr_map, HKEY(key), (void *)(uintptr_t)C->addrs.len);
  return C->addrs.len - 1;
}

uint32_t cw_addr(Cw *C, bool is_func, void *p) {
  return addr_index(C, p, (CwAddr){is_func, false, p});
}

/* The re-entry function of portal f, keyed one byte past f (an LLFunc is
 * aligned: no other entry has that key). */
static uint32_t cw_addr_reentry(Cw *C, LLFunc *f) {
  return addr_index(C, (const char *)f + 1, (CwAddr){true, true, f});
}

static char sig_letter(const LLType *t) {
  switch (t ? t->kind : LL_VOID) {
  case LL_BOOL: return 'b';
  case LL_CHAR: return 'c';
  case LL_SIGNED: return 'i';
  case LL_UNSIGNED: return 'u';
  case LL_FLOAT: return 'f';
  case LL_PTR: return 'p';
  default: return 'v';
  }
}

/* The stub index for a native function type (a signature string each). */
static uint32_t stub_for(Cw *C, const LLType *ft) {
  char *sig = arena_alloc(C->A, ft->nargs + 3);
  uint32_t n = 0;
  sig[n++] = sig_letter(ft->result);
  sig[n++] = ':';
  for (uint32_t i = 0; i < ft->nargs; i++)
    if (ft->args[i]->kind != LL_VOID) sig[n++] = sig_letter(ft->args[i]);
  sig[n] = 0;
  for (uint32_t i = 0; i < C->stubs.len; i++)
    if (strcmp(C->stubs.data[i], sig) == 0) return i;
  vec_push(C->A, C->stubs, sig);
  vec_push(C->A, C->stub_types, ft);
  return C->stubs.len - 1;
}

/* ---- descriptors ---------------------------------------------------------------------------- */

static uint32_t add_descr(Cw *C, HMap *m, const void *key, JcDescr d) {
  vec_push(C->A, C->descrs, d);
  if (m) hmap_put(m, HKEY(key), (void *)(uintptr_t)C->descrs.len);
  return C->descrs.len - 1;
}

static bool lookup(HMap *m, const void *key, uint32_t *out) {
  void *got = hmap_get(m, HKEY(key));
  if (got) *out = (uint32_t)(uintptr_t)got - 1;
  return got != NULL;
}

/* Size, flags of a memory slot holding a value of type t. */
static void slot(const LLType *t, JcDescr *d) {
  d->size = (uint8_t)(t->kind == LL_BOOL || t->kind == LL_CHAR ? 1 : 8);
  if (t->kind == LL_SIGNED) d->flags |= JC_MEM_SIGNED;
  if (t->kind == LL_FLOAT) d->flags |= JC_MEM_FLOAT;
  if (t->kind == LL_PTR) d->flags |= JC_MEM_REF;
  if (lltype_is_gcref(t)) d->flags |= JC_MEM_GCREF;
}

static const char *two_names(Cw *C, const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  char *s = arena_alloc(C->A, la + lb + 2);
  memcpy(s, a, la);
  s[la] = '.';
  memcpy(s + la + 1, b, lb + 1);
  return s;
}

_Static_assert((int)JC_FX_NOVABLE > (int)LLFX_ALWAYSRAISES, "JC_FX_NOVABLE is no LLFX_* bit");
_Static_assert((int)JC_FX_CANRAISE == (int)LLFX_CANRAISE &&
               (int)JC_FX_ELIDABLE == (int)LLFX_ELIDABLE &&
               (int)JC_FX_ALWAYSRAISES == (int)LLFX_ALWAYSRAISES &&
               (int)JC_FX_ARRAY_REPEAT == (int)LLFX_ARRAY_REPEAT, "jitcode.h restates LLFX_* bits");

static bool is_instance_struct(const LLType *s) {
  return s->name && strncmp(s->name, "inst_", 5) == 0;
}

/* An instance field's descr, whatever class struct names it: descrs are
 * what the JIT's heap analysis tells fields apart by, so one memory slot
 * must have one descr (merging same-named fields of unrelated classes at
 * the same offset only makes that analysis more careful). */
static uint32_t inst_field_descr(Cw *C, const LLType *s, const LLField *f) {
  for (uint32_t k = 0; k < C->inst_fields.len; k++) {
    const CwInstField *e = &C->inst_fields.data[k];
    if (e->name == f->name && e->offset == f->offset) {
      JcDescr *d = &C->descrs.data[e->descr];
      if (!(s->immutable || (f->flags & LLF_IMMUTABLE))) d->flags &= (uint16_t)~JC_MEM_IMMUTABLE;
      if (!(f->flags & LLF_ITEMS_IMMUTABLE)) d->flags &= (uint16_t)~JC_MEM_ITEMS_IMMUTABLE;
      if (!(f->flags & LLF_QUASI)) d->flags &= (uint16_t)~JC_MEM_QUASI;
      hmap_put(&C->descr_map, HKEY(f), (void *)(uintptr_t)(e->descr + 1));
      return e->descr;
    }
  }
  return UINT32_MAX;
}

uint32_t cw_field_descr(Cw *C, const LLType *s, const LLField *f) {
  uint32_t i;
  if (lookup(&C->descr_map, f, &i)) return i;
  if (is_instance_struct(s) && (i = inst_field_descr(C, s, f)) != UINT32_MAX) return i;
  bool typeptr = strcmp(f->name, "typeptr") == 0;
  if (typeptr && C->typeptr_descr && C->descrs.data[C->typeptr_descr - 1].a == f->offset) {  /* one slot, whichever struct names it */
    hmap_put(&C->descr_map, HKEY(f), (void *)(uintptr_t)C->typeptr_descr);
    return C->typeptr_descr - 1;
  }
  JcDescr d = {.kind = JCD_FIELD, .type_id = s->id, .a = f->offset};
  slot(f->type, &d);
  if (s->immutable || (f->flags & LLF_IMMUTABLE)) d.flags |= JC_MEM_IMMUTABLE;
  if (f->flags & LLF_ITEMS_IMMUTABLE) d.flags |= JC_MEM_ITEMS_IMMUTABLE;
  if (f->flags & LLF_QUASI) d.flags |= JC_MEM_QUASI;
  if (typeptr) d.flags |= JC_MEM_CLASS | JC_MEM_IMMUTABLE;  /* an object keeps its class */
  if (f->flags & LLF_VABLE) d.flags |= JC_MEM_VABLE;
  if (f->flags & LLF_VABLE_ITEMS) d.flags |= JC_MEM_VABLE_ITEMS;
  d.name = cw_str(C, typeptr ? "typeptr" : two_names(C, s->name ? s->name : "struct", f->name));
  i = add_descr(C, &C->descr_map, f, d);
  if (typeptr) C->typeptr_descr = i + 1;
  if (is_instance_struct(s)) {
    CwInstField e = {f->name, f->offset, i};
    vec_push(C->A, C->inst_fields, e);
  }
  return i;
}

static bool has_gc_ptrs(const LLType *t) {
  if (t->kind == LL_ARRAY) return lltype_is_gcref(t->item);
  for (uint32_t i = 0; i < t->nfields; i++) {
    const LLType *ft = t->fields[i].type;
    if (lltype_is_gcref(ft) || (ft->kind == LL_ARRAY && lltype_is_gcref(ft->item))) return true;
  }
  return false;
}

/* An array descr: items at `items`, length at `len_at`, `fixed` bytes
 * before the items of a new object. */
static JcDescr array_descr(Cw *C, const LLType *a, uint32_t items, uint32_t len_at,
                           uint32_t fixed, uint32_t type_id, const char *name) {
  JcDescr d = {.kind = JCD_ARRAY, .type_id = type_id, .a = items, .b = len_at, .c = fixed};
  slot(a->item, &d);
  if (a->nolength) d.flags |= JC_MEM_NOLENGTH;
  if (lltype_is_gcref(a->item)) d.flags |= JC_MEM_HAS_GCPTRS;
  d.name = cw_str(C, name);
  return d;
}

uint32_t cw_array_descr(Cw *C, const LLType *a) {
  uint32_t i;
  if (lookup(&C->descr_map, a, &i)) return i;
  uint32_t len_at = a->gc ? LL_GC_HEADER_SIZE : 0;
  const char *nm = two_names(C, "array", a->item->name ? a->item->name : "item");
  JcDescr d = array_descr(C, a, a->items_offset, len_at, a->items_offset, a->id, nm);
  return add_descr(C, &C->descr_map, a, d);
}

uint32_t cw_interior_descr(Cw *C, const LLType *s, const LLField *f) {
  uint32_t i;
  if (lookup(&C->descr_map2, f, &i)) return i;
  const LLType *a = f->type;
  JcDescr d = array_descr(C, a, f->offset + a->items_offset, f->offset, s->size, s->id,
                          two_names(C, s->name ? s->name : "struct", f->name));
  if (has_gc_ptrs(s)) d.flags |= JC_MEM_HAS_GCPTRS;
  if (s->immutable) d.flags |= JC_MEM_IMMUTABLE;  /* e.g. a string's chars */
  return add_descr(C, &C->descr_map2, f, d);
}

uint32_t cw_size_descr(Cw *C, const LLType *s) {
  uint32_t i;
  if (lookup(&C->descr_map, s, &i)) return i;
  JcDescr d = {.kind = JCD_SIZE, .type_id = s->id, .a = s->size, .b = JC_NULL_ADDR};
  if (has_gc_ptrs(s)) d.flags |= JC_MEM_HAS_GCPTRS;
  d.name = cw_str(C, s->name ? s->name : "struct");
  return add_descr(C, &C->descr_map, s, d);
}

static uint32_t call_descr(Cw *C, LLFunc *f, const LLType *ftype, HMap *m, uint32_t extra) {
  uint32_t i;
  const void *key = f ? (const void *)f : (const void *)ftype;
  if (lookup(m, key, &i)) return i;
  const LLType *ft = f ? f->type : ftype;
  uint8_t kinds[256];
  uint32_t n = 0;
  for (uint32_t k = 0; k < ft->nargs && n < 255; k++) {
    int b = cw_bank(ft->args[k]);
    if (b >= 0) kinds[1 + n++] = (uint8_t)"irf"[b];
  }
  kinds[0] = (uint8_t)n;
  int rb = cw_bank(ft->result);
  JcDescr d = {.kind = JCD_CALL, .a = stub_for(C, ft),
               .b = (f ? f->effects : (LLFX_CANRAISE | LLFX_CANMALLOC | LLFX_WRITES | LLFX_IO)) | extra,
               .c = cw_pool(C, kinds, 1 + n, 1),
               .d = (uint32_t)(rb < 0 ? 'v' : "irf"[rb]) |
                    (uint32_t)(ft->result->kind == LL_BOOL || ft->result->kind == LL_CHAR ? 1 : 8) << 8};
  d.name = cw_str(C, f ? f->name : "<indirect>");
  return add_descr(C, m, key, d);
}

uint32_t cw_call_descr(Cw *C, LLFunc *f, const LLType *ftype) {
  return call_descr(C, f, ftype, f ? &C->descr_map : &C->descr_map2, 0);
}

uint32_t cw_call_descr_novable(Cw *C, LLFunc *f, const LLType *ftype) {
  return call_descr(C, f, ftype, &C->novable_calls, JC_FX_NOVABLE);
}

uint32_t cw_exc_descr(Cw *C, const LLPrebuilt *vt, Loc loc) {
  uint32_t i;
  if (lookup(&C->descr_map, vt, &i)) return i;
  int64_t lo = 0, hi = 0;
  if (!llfixed_vtable_range(vt, &lo, &hi)) {
    diag_error(C->D, loc, "internal error: handler class '%s' has no constant class range",
               vt->name);
    C->failed = true;
  }
  JcDescr d = {.kind = JCD_EXC_MATCH, .a = (uint32_t)lo, .b = (uint32_t)hi, .c = 0};
  d.name = cw_str(C, vt->name);
  return add_descr(C, &C->descr_map, vt, d);
}

uint32_t cw_switch_descr(Cw *C, uint32_t n, const int64_t *values, const uint32_t *labels,
                         uint32_t deflt) {
  align_to(C, &C->pool, 8);
  uint32_t at = C->pool.len;
  cw_put32(C, &C->pool, n);
  for (uint32_t k = 0; k < n; k++) {
    put_bytes(C, &C->pool, &values[k], 8);
    cw_put32(C, &C->pool, labels[k]);
  }
  JcDescr d = {.kind = JCD_SWITCH, .a = at, .b = deflt};
  return add_descr(C, NULL, NULL, d);
}

void cw_switch_patch(Cw *C, uint32_t d, const uint32_t *labels, uint32_t deflt) {
  JcDescr *sd = &C->descrs.data[d];
  uint32_t n = jc_u32(C->pool.data + sd->a);
  for (uint32_t k = 0; k < n; k++) cw_set32(&C->pool, sd->a + 4 + 12 * k + 8, labels[k]);
  sd->b = deflt;
}

/* ---- drivers -------------------------------------------------------------------------------- */

static uint32_t new_driver(Cw *C, const FrozenDesc *fr, const char *name, uint32_t ngreens,
                           uint32_t nargs, Value *const *args) {
  JcDriver dr = {.name = cw_str(C, name), .portal = UINT32_MAX, .printable = JC_NULL_ADDR,
                 .reentry = JC_NULL_ADDR};
  uint8_t *kinds = arena_alloc(C->A, nargs + 1);
  uint32_t *names = arena_alloc_array(C->A, nargs + 1, sizeof *names);
  uint32_t n = 0;
  for (uint32_t k = 0; k < nargs; k++) {
    int b = cw_bank(args[k]->ll);
    if (b < 0) continue;
    const char *nm = k < ngreens ? (k < fr->greens.len ? fr->greens.data[k] : "?")
                                 : (k - ngreens < fr->reds.len ? fr->reds.data[k - ngreens]
                                                               : args[k]->name);
    kinds[n] = (uint8_t)"irf"[b];
    names[n++] = cw_str(C, nm ? nm : "?");
    if (k < ngreens) dr.ngreens++;
    else dr.nreds++;
  }
  if (fr->printable_llfunc) {
    dr.printable = cw_addr(C, true, fr->printable_llfunc);
    dr.printable_call = cw_call_descr(C, fr->printable_llfunc, NULL);
  }
  dr.kinds_off = cw_pool(C, kinds, n, 1);
  dr.names_off = cw_pool(C, names, 4 * n, 4);
  vec_push(C->A, C->drivers, dr);
  vec_push(C->A, C->driver_keys, (const void *)fr);
  hmap_put(&C->driver_map, HKEY(fr), (void *)(uintptr_t)C->drivers.len);
  JcDescr d = {.kind = JCD_DRIVER, .a = C->drivers.len - 1, .name = dr.name};
  add_descr(C, NULL, NULL, d);
  return C->drivers.len - 1;
}

/* The DRIVER descr of a driver: the one made right after it. */
static uint32_t driver_descr(Cw *C, uint32_t drv) {
  for (uint32_t i = 0; i < C->descrs.len; i++)
    if (C->descrs.data[i].kind == JCD_DRIVER && C->descrs.data[i].a == drv) return i;
  return 0;
}

uint32_t cw_driver(Cw *C, const void *frozen, const char *name, CwCode *K, uint32_t merge_pc,
                   uint32_t ngreens, uint32_t nargs, Value *const *args, Loc loc) {
  void *got = hmap_get(&C->driver_map, HKEY(frozen));
  uint32_t drv = got ? (uint32_t)(uintptr_t)got - 1
                     : new_driver(C, frozen, name, ngreens, nargs, args);
  JcDriver *dr = &C->drivers.data[drv];
  if (K) {
    if (dr->portal != UINT32_MAX) {
      diag_error(C->D, loc, "a second jit_merge_point for %s (one per driver)", name);
      C->failed = true;
    }
    dr->portal = K->index;
    dr->merge_pc = merge_pc;
    dr->portal_fn = cw_addr(C, true, K->func);
    dr->portal_call = cw_call_descr(C, K->func, NULL);
    dr->reentry = cw_addr_reentry(C, K->func);
    if (cw_frames_confined(C)) dr->flags |= JC_DRIVER_FRAMES_CONFINED;
  }
  return driver_descr(C, drv);
}

/* ---- the image ---------------------------------------------------------------------------------- */

static uint32_t section(Cw *C, Bytes *img, const void *p, uint32_t size) {
  align_to(C, img, 8);
  uint32_t at = img->len;
  put_bytes(C, img, p, size);
  return at;
}

static void code_consts(Cw *C, CwCode *K) {
  JcCode *h = &K->hdr;
  h->consts_off[JC_INT] = cw_pool(C, K->ki.data, 8 * K->ki.len, 8);
  h->consts_off[JC_REF] = cw_pool(C, K->kr.data, 4 * K->kr.len, 4);
  h->consts_off[JC_FLOAT] = cw_pool(C, K->kf.data, 8 * K->kf.len, 8);
}

void cw_finish(Cw *C, CwImage *out) {
  Bytes bytecode = {0};
  JcCode *codes = arena_alloc_array(C->A, C->codes.len + 1, sizeof *codes);
  for (uint32_t i = 0; i < C->codes.len; i++) {
    CwCode *K = C->codes.data[i];
    code_consts(C, K);
    K->hdr.code_off = bytecode.len;
    K->hdr.code_size = K->code.len;
    put_bytes(C, &bytecode, K->code.data, K->code.len);
    codes[i] = K->hdr;
  }
  JcHeader h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, JC_MAGIC, 8);
  h.version = jc_format_version();
  Bytes img = {0};
  put_bytes(C, &img, &h, sizeof h);
  h.ncodes = C->codes.len;
  h.codes_off = section(C, &img, codes, (uint32_t)sizeof *codes * C->codes.len);
  h.ndescrs = C->descrs.len;
  h.descrs_off = section(C, &img, C->descrs.data, (uint32_t)sizeof(JcDescr) * C->descrs.len);
  h.ndrivers = C->drivers.len;
  h.drivers_off = section(C, &img, C->drivers.data, (uint32_t)sizeof(JcDriver) * C->drivers.len);
  h.naddrs = C->addrs.len;
  h.nstubs = C->stubs.len;
  h.bytecode_size = bytecode.len;
  h.bytecode_off = section(C, &img, bytecode.data, bytecode.len);
  h.pool_size = C->pool.len;
  h.pool_off = section(C, &img, C->pool.data, C->pool.len);
  h.strings_size = C->strings.len;
  h.strings_off = section(C, &img, C->strings.data, C->strings.len);
  align_to(C, &img, 8);
  h.size = img.len;
  memcpy(img.data, &h, sizeof h);
  out->bytes = arena_alloc(C->A, img.len);  /* arena memory is 8-aligned */
  memcpy(out->bytes, img.data, img.len);
  out->size = img.len;
  out->addrs = C->addrs.data;
  out->naddrs = C->addrs.len;
  out->stub_sigs = C->stubs.data;
  out->stub_types = C->stub_types.data;
  out->nstubs = C->stubs.len;
  out->driver_keys = C->driver_keys.data;
  uint32_t *ng = arena_alloc_array(C->A, C->drivers.len + 1, sizeof *ng);
  for (uint32_t i = 0; i < C->drivers.len; i++) ng[i] = C->drivers.data[i].ngreens;
  out->driver_ngreens = ng;
  out->ndrivers = C->drivers.len;
}

bool cw_write(const BeProgram *prog, Arena *A, Diag *D, CwImage *out) {
  Cw C;
  memset(&C, 0, sizeof C);
  C.A = A;
  C.D = D;
  C.prog = prog;
  HMap *maps[] = {&C.codes_of, &C.portal_of, &C.descr_map, &C.descr_map2, &C.addr_map,
                  &C.driver_map, &C.vable_memo, &C.novable_calls};
  for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++) hmap_init(maps[i], A);
  cw_put8(&C, &C.strings, 0);
  cw_select(&C);
  for (uint32_t i = 0; i < C.codes.len; i++) cw_emit_code(&C, C.codes.data[i]);
  for (uint32_t i = 0; i < C.drivers.len; i++)
    if (C.drivers.data[i].portal == UINT32_MAX) {
      diag_error(D, (Loc){0, 0, 0}, "JitDriver %s has can_enter_jit but no jit_merge_point",
                 jc_str(&(JcImage){.strings = (const char *)C.strings.data}, C.drivers.data[i].name));
      C.failed = true;
    }
  if (C.failed) return false;
  cw_finish(&C, out);
  char err[200];
  JcImage img;
  if (!jc_image_open(&img, out->bytes, out->size, err, sizeof err)) {
    diag_error(D, (Loc){0, 0, 0}, "internal error: the jitcode image is invalid: %s", err);
    return false;
  }
  return true;
}

void cw_dump(FILE *out, const CwImage *ci, Arena *A) {
  JcImage img;
  char err[200];
  if (!jc_image_open(&img, ci->bytes, ci->size, err, sizeof err)) {
    fprintf(out, "# invalid image: %s\n", err);
    return;
  }
  const char **names = arena_alloc_array(A, ci->naddrs + 1, sizeof *names);
  for (uint32_t i = 0; i < ci->naddrs; i++)
    names[i] = ci->addrs[i].reentry   ? arena_printf(A, "%s.jit_reentry", ((LLFunc *)ci->addrs[i].p)->name)
               : ci->addrs[i].is_func ? ((LLFunc *)ci->addrs[i].p)->name
                                      : ((LLPrebuilt *)ci->addrs[i].p)->name;
  jc_dump_image(out, &img, names);
  for (uint32_t i = 0; i < ci->nstubs; i++) fprintf(out, "stub %u: %s\n", i, ci->stub_sigs[i]);
}
