/* jit_virtuals.c — building a failing guard's virtuals (jit_virtuals.h). */
#include "jit_virtuals.h"

#include <stdlib.h>
#include <string.h>

bool jv_has_work(const Trace *T, const JSnap *S) {
  if (S->np) return true;
  const JRef *refs = T->snaprefs + S->start;
  for (uint32_t k = 0; k < S->n; k++)
    if (jir_isk(refs[k]) && jir_k(T, refs[k])->kind == JK_VIRT) return true;
  return false;
}

/* A virtual built: its object is values[at] (GC-visible memory, unlike
 * this table, so an allocation cannot collect an earlier one). */
typedef struct Built { int64_t virt; uint32_t at; } Built;

static void *built(const Built *b, uint32_t nb, int64_t virt, const int64_t *values) {
  for (uint32_t j = 0; j < nb; j++)
    if (b[j].virt == virt) return (void *)(uintptr_t)values[b[j].at];
  return NULL;
}

static void store_at(char *p, uint32_t size, int64_t bits) {
  switch (size) {  /* little-endian: the low bytes of the value */
  case 1: { uint8_t v = (uint8_t)bits; memcpy(p, &v, 1); break; }
  case 2: { uint16_t v = (uint16_t)bits; memcpy(p, &v, 2); break; }
  case 4: { uint32_t v = (uint32_t)bits; memcpy(p, &v, 4); break; }
  default: memcpy(p, &bits, 8);
  }
}

/* A store through descr d into obj: the write barrier first when d says
 * so and the value is not NULL. */
static void barrier(void (*wb)(void *), const JDescr *d, void *obj, int64_t bits) {
  if (wb && (d->flags & JDF_WB) && bits) wb(obj);
}

void jv_materialize(const Trace *T, const JRef *refs, uint32_t n, int64_t *values,
                    void *(*alloc)(uint32_t descr),
                    void *(*alloc_array)(uint32_t descr, int64_t len), void (*wb)(void *obj)) {
  Built *b = malloc((n + 1) * sizeof *b);  /* at most one virtual per entry */
  if (!b) jir_oom();
  uint32_t nb = 0;
  for (uint32_t k = 0; k < n; k++) {  /* every object first: fields may form cycles */
    if (!jir_isk(refs[k]) || jir_k(T, refs[k])->kind != JK_VIRT) continue;
    int64_t v = jir_k(T, refs[k])->bits;
    void *obj = built(b, nb, v, values);
    if (!obj) {
      const JVirt *jv = &T->virts[v];
      obj = jir_descr(T->env, jv->descr)->dkind == JD_ARRAY ? alloc_array(jv->descr, jv->len)
                                                            : alloc(jv->descr);
      b[nb++] = (Built){v, k};
    }
    values[k] = (int64_t)(uintptr_t)obj;
  }
  for (uint32_t j = 0; j < nb; j++) {
    const JVirt *v = &T->virts[b[j].virt];
    bool array = jir_descr(T->env, v->descr)->dkind == JD_ARRAY;
    for (uint32_t f = 0; f < v->n; f++) {
      const JVirtField *vf = &T->vfields[v->first + f];
      JRef r = refs[vf->pos];
      int64_t bits = values[vf->pos];
      if (jir_isk(r) && jir_k(T, r)->kind == JK_VIRT)
        bits = (int64_t)(uintptr_t)built(b, nb, jir_k(T, r)->bits, values);
      char *obj = (char *)(uintptr_t)values[b[j].at];
      if (array) {  /* vf->descr is the item's index */
        const JDescr *ad = jir_descr(T->env, v->descr);
        barrier(wb, ad, obj, bits);  /* later objects' allocations may have made it old */
        store_at(obj + ad->offset + (size_t)vf->descr * ad->size, ad->size, bits);
      } else {
        const JDescr *fd = jir_descr(T->env, vf->descr);
        barrier(wb, fd, obj, bits);
        store_at(obj + fd->offset, fd->size, bits);
      }
    }
  }
  free(b);
}

void jv_do_pending(const Trace *T, const JSnap *S, const int64_t *values, void (*wb)(void *obj)) {
  for (uint32_t k = 0; k < S->np; k++) {
    const JPending *p = &T->pending[S->pfirst + k];
    const JDescr *d = jir_descr(T->env, p->descr);
    char *obj = (char *)(uintptr_t)values[p->obj];
    barrier(wb, d, obj, values[p->val]);
    if (p->op == JIR_setfield_gc)
      store_at(obj + d->offset, d->size, values[p->val]);
    else  /* the trace checked the index before it stored */
      store_at(obj + d->offset + (size_t)values[p->idx] * d->size, d->size, values[p->val]);
  }
}
