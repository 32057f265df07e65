/* llfixed.h — the low-level types whose layout the C runtime relies on.
 *
 * Promise: llfixed_init builds, in one translation's LLTypes, the structs
 * that are the same in every program and that runtime/ code reads and
 * writes directly:
 *   rpy_string    GcStruct {hash: Signed, chars: Array(Char)}   (immutable)
 *   object_vtable Struct   {subclassrange_min, subclassrange_max: Signed,
 *                           name: Ptr(rpy_string)}   — the head of every
 *                 class's vtable; class-specific parts follow it
 *   object        GcStruct {typeptr: Ptr(object_vtable)} — the head of
 *                 every instance
 *   rl_exception  GcStruct {typeptr, message: Ptr(rpy_string)} — instances
 *                 of the built-in exception classes (user subclasses extend
 *                 it); `message` is what str(e) returns ('' when none)
 *   list_header   GcStruct {length: Signed, items: Ptr(GcArray)} — a
 *                 resizable list (items' type varies; the runtime treats it
 *                 as an array of 8-byte slots or of bytes as told)
 * tools/gen_layout.c prints these layouts as a C header
 * (build/gen/rt_layout.h) that the runtime includes and checks its C
 * structs against, so the two cannot drift.
 * Expects: names interned with the given interner. */
#ifndef RT_LLFIXED_H
#define RT_LLFIXED_H

#include "../core/intern.h"
#include "../core/lltype.h"

typedef struct LLFixed {
  LLType *str;          /* GcStruct rpy_string */
  LLType *str_ptr;
  LLType *vtable;       /* Struct object_vtable */
  LLType *vtable_ptr;
  LLType *object;       /* GcStruct object */
  LLType *object_ptr;
  LLType *exception;    /* GcStruct rl_exception */
  LLType *list_header;  /* GcStruct list_header, items as GcArray(Signed) */
  LLType *array_signed; /* GcArray(Signed), for list_header's items */
} LLFixed;

void llfixed_init(LLFixed *F, LLTypes *L, Interner *I);

/* The class-id range [min, max) of a class's prebuilt vtable (its
 * object_vtable head, found through embedded parent vtables); false when
 * the fields are not constants. */
bool llfixed_vtable_range(const LLPrebuilt *vt, int64_t *min, int64_t *max);

#endif
