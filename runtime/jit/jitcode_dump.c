/* jitcode_dump.c — the readable form of a jitcode image (--dump=jitcode,
 * docs/jitcode.md). Expects an image that jc_image_open accepted. */
#include <inttypes.h>
#include <string.h>

#include "jitcode.h"

static const char bank_letter[JC_NBANKS] = {'i', 'r', 'f'};

static void dump_addr(FILE *out, uint32_t a, const char *const *names) {
  if (a == JC_NULL_ADDR) fputs("NULL", out);
  else if (names && names[a]) fprintf(out, "&%s", names[a]);
  else fprintf(out, "&addr[%" PRIu32 "]", a);
}

static void dump_descr(FILE *out, const JcImage *img, uint32_t i) {
  const JcDescr *d = &img->descrs[i];
  const char *nm = jc_str(img, d->name);
  switch (d->kind) {
  case JCD_FIELD: fprintf(out, "<field %s @%" PRIu32 ">", nm, d->a); break;
  case JCD_ARRAY: fprintf(out, "<array %s>", nm); break;
  case JCD_SIZE: fprintf(out, "<size %s>", nm); break;
  case JCD_CALL: fprintf(out, "<call %s>", nm); break;
  case JCD_SWITCH: fprintf(out, "<switch #%" PRIu32 ">", i); break;
  case JCD_EXC_MATCH: fprintf(out, "<exc %s>", nm); break;
  case JCD_DRIVER: fprintf(out, "<driver %s>", nm); break;
  default: fprintf(out, "<?>"); break;
  }
}

static void dump_reglist(FILE *out, char bank, const uint8_t *p) {
  fputc('[', out);
  for (uint8_t k = 0; k < p[0]; k++)
    fprintf(out, "%s%c%u", k ? " " : "", bank, jc_u16(p + 1 + 2 * k));
  fputc(']', out);
}

static void dump_live(FILE *out, const JcImage *img, uint32_t off) {
  const uint8_t *q = img->pool + off;
  int k = 0;
  const char *sep = "";
  for (int b = 0; b < JC_NBANKS; b++)
    for (uint16_t m = 0; m < jc_u16(q + 2 * b); m++, k++) {
      fprintf(out, "%s%c%u", sep, bank_letter[b], jc_u16(q + 6 + 2 * k));
      sep = " ";
    }
}

/* One op; returns its length. */
static size_t dump_op(FILE *out, const JcImage *img, const uint8_t *pc, uint32_t at) {
  JcOp op = (JcOp)*pc;
  const uint8_t *p = pc + 1;
  fprintf(out, "  %04" PRIu32 "  %s", at, jc_op_info[op].name);
  const char *sep = " ";
  for (const char *a = jc_op_info[op].args; *a; a++) {
    if (*a == '>') {
      a++;
      fprintf(out, " -> %c%u", *a, jc_u16(p));
      p += 2;
      continue;
    }
    fputs(sep, out);
    sep = ", ";
    switch (*a) {
    case 'i': case 'r': case 'f': fprintf(out, "%c%u", *a, jc_u16(p)); p += 2; break;
    case 'I': case 'R': case 'F':
      dump_reglist(out, (char)(*a - 'A' + 'a'), p);
      p += 1 + 2 * (size_t)p[0];
      break;
    case 'd': dump_descr(out, img, jc_u32(p)); p += 4; break;
    case 'L': fprintf(out, "L%04" PRIu32, jc_u32(p)); p += 4; break;
    case 'j': fprintf(out, "%s", jc_str(img, img->codes[jc_u32(p)].name)); p += 4; break;
    case 'n': dump_live(out, img, jc_u32(p)); p += 4; break;
    }
  }
  fputc('\n', out);
  return (size_t)(p - pc);
}

static void dump_consts(FILE *out, const JcImage *img, const JcCode *c,
                        const char *const *names) {
  for (int b = 0; b < JC_NBANKS; b++) {
    uint16_t first = (uint16_t)(c->nregs[b] - c->nconsts[b]);
    for (uint16_t k = 0; k < c->nconsts[b]; k++) {
      const uint8_t *p = img->pool + c->consts_off[b];
      fprintf(out, "  const %c%u = ", bank_letter[b], first + k);
      if (b == JC_INT) {
        int64_t v;
        memcpy(&v, p + 8 * k, 8);
        fprintf(out, "%" PRId64 "\n", v);
      } else if (b == JC_REF) {
        dump_addr(out, jc_u32(p + 4 * k), names);
        fputc('\n', out);
      } else {
        double v;
        memcpy(&v, p + 8 * k, 8);
        fprintf(out, "%.17g\n", v);
      }
    }
  }
}

static void dump_code(FILE *out, const JcImage *img, uint32_t ci, const char *const *names) {
  const JcCode *c = &img->codes[ci];
  fprintf(out, "jitcode %s%s: params i%u r%u f%u, registers i%u r%u f%u, returns %c\n",
          jc_str(img, c->name), c->flags & JC_CODE_PORTAL ? " (portal)" : "",
          c->nparams[0], c->nparams[1], c->nparams[2], c->nregs[0], c->nregs[1],
          c->nregs[2], c->result_kind);
  dump_consts(out, img, c, names);
  const uint8_t *start = img->bytecode + c->code_off, *end = start + c->code_size;
  for (const uint8_t *pc = start; pc < end;)
    pc += dump_op(out, img, pc, (uint32_t)(pc - start));
  fputc('\n', out);
}

static void dump_switches(FILE *out, const JcImage *img) {
  for (uint32_t i = 0; i < img->h->ndescrs; i++) {
    const JcDescr *d = &img->descrs[i];
    if (d->kind != JCD_SWITCH) continue;
    uint32_t n = jc_u32(img->pool + d->a);
    fprintf(out, "switch #%" PRIu32 ":", i);
    for (uint32_t k = 0; k < n; k++) {
      const uint8_t *e = img->pool + d->a + 4 + 12 * k;
      int64_t v;
      memcpy(&v, e, 8);
      fprintf(out, " %" PRId64 "->L%04" PRIu32, v, jc_u32(e + 8));
    }
    fprintf(out, " default->L%04" PRIu32 "\n", d->b);
  }
}

static void dump_driver(FILE *out, const JcImage *img, uint32_t i, const char *const *names) {
  const JcDriver *d = &img->drivers[i];
  fprintf(out, "driver %s: portal %s at %04" PRIu32 ", greens", jc_str(img, d->name),
          jc_str(img, img->codes[d->portal].name), d->merge_pc);
  for (uint32_t k = 0; k < (uint32_t)d->ngreens + d->nreds; k++) {
    if (k == d->ngreens) fputs(", reds", out);
    fprintf(out, " %s:%c", jc_str(img, jc_u32(img->pool + d->names_off + 4 * k)),
            img->pool[d->kinds_off + k]);
  }
  if (d->printable != JC_NULL_ADDR) {
    fputs(", printable ", out);
    dump_addr(out, d->printable, names);
  }
  if (d->reentry != JC_NULL_ADDR) {
    fputs(", re-entry ", out);
    dump_addr(out, d->reentry, names);
  }
  if (d->flags & JC_DRIVER_FRAMES_CONFINED) fputs(", frames confined", out);
  fputc('\n', out);
}

void jc_dump_image(FILE *out, const JcImage *img, const char *const *addr_names) {
  const JcHeader *h = img->h;
  fprintf(out, "# jitcode image: %u bytes, version %08x, %u jitcodes, %u descriptors, "
               "%u addresses, %u call stubs\n\n",
          h->size, h->version, h->ncodes, h->ndescrs, h->naddrs, h->nstubs);
  for (uint32_t i = 0; i < h->ndrivers; i++) dump_driver(out, img, i, addr_names);
  if (h->ndrivers) fputc('\n', out);
  for (uint32_t i = 0; i < h->ncodes; i++) dump_code(out, img, i, addr_names);
  dump_switches(out, img);
}
