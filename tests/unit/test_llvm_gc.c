/* test_llvm_gc.c — what the LLVM backend emits for the generational
 * collector (--gc=gen, backend/llvm/llvm_gc.c): a small program goes
 * through every stage, be_emit prints the module's IR, LLVM parses it
 * back, and the test reads the type table, the prebuilt objects' headers
 * and sections, the write barrier and identity hash calls; under Boehm
 * (the default) none of it is there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <llvm-c/Core.h>
#include <llvm-c/IRReader.h>

#include "annotator/ann.h"
#include "backend/llvm/llvm_backend.h"
#include "prebuild/prebuild.h"
#include "rty_fixture.h"
#include "rtyper/rtyper.h"
#include "runtime/rt_gc.h"
#include "runtime/rt_obj.h"

static const char PROG[] =
    "from rlib.objectmodel import compute_identity_hash\n"
    "\n"
    "\n"
    "class Item(object):\n"
    "    def __init__(self, name, n):\n"
    "        self.name = name\n"
    "        self.n = n\n"
    "\n"
    "\n"
    "class Holder(object):\n"
    "    def __init__(self):\n"
    "        self.items = []\n"
    "        self.count = 0\n"
    "\n"
    "\n"
    "HOLDER = Holder()\n"
    "\n"
    "\n"
    "def make_pair(a, b):\n"
    "    return (a, b)\n"
    "\n"
    "\n"
    "def renamed(a):\n"
    "    t = Item(None, 0)\n"
    "    t.name = a.name\n"
    "    return t\n"
    "\n"
    "\n"
    "def main(argv):\n"
    "    it = Item('a' + str(len(argv)), len(argv))\n"
    "    HOLDER.items.append(it)\n"
    "    HOLDER.count += 1\n"
    "    d = {}\n"
    "    d[it] = 1\n"
    "    p = make_pair(renamed(it), HOLDER)\n"
    "    print(p[0].name, p[1].count, compute_identity_hash(it) != 0)\n"
    "    return HOLDER.count - d[it]\n"
    "\n"
    "\n"
    "def target(*args):\n"
    "    return main, None\n";

typedef struct Ctx {
  ProgFx fx;
  Prebuild *PB;
  Annotator *AN;
  RTyper *R;
  BeProgram prog;
  LLVMContextRef llctx;
  LLVMModuleRef mod;      /* the last emission's IR, parsed back */
} Ctx;

static int setup(void **state) {
  Ctx *c = calloc(1, sizeof *c);
  assert_non_null(c);
  assert_true(rfx_rtype(&c->fx, PROG, &c->PB, &c->AN, &c->R));
  rty_program(c->R, &c->prog);
  c->llctx = LLVMContextCreate();
  *state = c;
  return 0;
}

static int teardown(void **state) {
  Ctx *c = *state;
  if (c->mod) LLVMDisposeModule(c->mod);
  LLVMContextDispose(c->llctx);
  rty_free(c->R);
  pb_free(c->PB);
  pfx_free(&c->fx);
  free(c);
  return 0;
}

/* Emits the program (IR only, no executable) with collector gc, before the
 * passes or after them, and parses the IR into c->mod. */
static void emit(Ctx *c, int gc, bool optimized) {
  char *ir = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&ir, &len);
  assert_non_null(f);
  BeOptions o = {.output = NULL, .opt_level = 2, .dump_ir = f,
                 .dump_optimized = optimized, .gc = gc};
  bool ok = be_emit(&c->prog, &o, &c->fx.D);
  fclose(f);
  if (!ok) fprintf(stderr, "%s", pfx_errors(&c->fx));
  assert_true(ok);
  if (c->mod) LLVMDisposeModule(c->mod);
  c->mod = NULL;
  LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, len, "ir");
  free(ir);
  char *msg = NULL;
  if (LLVMParseIRInContext(c->llctx, buf, &c->mod, &msg)) {  /* takes buf */
    fprintf(stderr, "%s\n", msg);
    fail();
  }
}

/* ---- types ----------------------------------------------------------------- */

static const LLType *type_named(Ctx *c, const char *suffix) {
  const LLTypes *L = c->prog.types;
  size_t n = strlen(suffix);
  for (unsigned i = 0; i < L->containers.len; i++) {
    const LLType *t = L->containers.data[i];
    size_t k = t->name ? strlen(t->name) : 0;
    if (k >= n && strcmp(t->name + k - n, suffix) == 0) return t;
  }
  fail_msg("no type named *%s", suffix);
  return NULL;
}

static const LLField *field(const LLType *s, const char *name) {
  for (uint32_t i = 0; i < s->nfields; i++)
    if (strcmp(s->fields[i].name, name) == 0) return &s->fields[i];
  fail_msg("no field %s", name);
  return NULL;
}

/* The pointee of pointer field `name` of s. */
static const LLType *target_of(const LLType *s, const char *name) {
  const LLType *p = field(s, name)->type;
  assert_int_equal(p->kind, LL_PTR);
  return p->to;
}

/* ---- reading the module ------------------------------------------------------- */

#define FLAG(f) ((uint64_t)(f) << 32)

static int64_t elem_int(LLVMValueRef agg, unsigned i) {
  LLVMValueRef x = LLVMGetAggregateElement(agg, i);
  assert_non_null(x);
  return LLVMConstIntGetSExtValue(x);
}

static LLVMValueRef global_init(Ctx *c, const char *name) {
  LLVMValueRef g = LLVMGetNamedGlobal(c->mod, name);
  assert_non_null(g);
  assert_true(LLVMIsGlobalConstant(g));
  return LLVMGetInitializer(g);
}

/* rl_gc_types[id] */
static RtGcType table_entry(Ctx *c, uint32_t id) {
  assert_true(id < LLVMConstIntGetZExtValue(global_init(c, "rl_gc_ntypes")));
  LLVMValueRef row = LLVMGetAggregateElement(global_init(c, "rl_gc_types"), id);
  assert_non_null(row);
  RtGcType e = {(uint32_t)elem_int(row, 0), (uint32_t)elem_int(row, 1),
                (int32_t)elem_int(row, 2), (uint32_t)elem_int(row, 3),
                (uint32_t)elem_int(row, 4), (uint32_t)elem_int(row, 5),
                (uint32_t)elem_int(row, 6), (uint32_t)elem_int(row, 7)};
  return e;
}

static uint32_t ptr_offset(Ctx *c, uint32_t i) {
  return (uint32_t)elem_int(global_init(c, "rl_gc_ptr_offsets"), i);
}

/* The static object whose GC header names type t (exactly one). */
static LLVMValueRef prebuilt_of(Ctx *c, const LLType *t) {
  LLVMValueRef found = NULL;
  for (LLVMValueRef g = LLVMGetFirstGlobal(c->mod); g; g = LLVMGetNextGlobal(g)) {
    LLVMValueRef init = LLVMGetInitializer(g);
    if (!init || LLVMGetTypeKind(LLVMTypeOf(init)) != LLVMStructTypeKind) continue;
    LLVMValueRef h = LLVMGetAggregateElement(init, 0);
    if (!h || !LLVMIsAConstantInt(h) || LLVMGetIntTypeWidth(LLVMTypeOf(h)) != 64) continue;
    uint64_t hv = LLVMConstIntGetZExtValue(h);  /* not a vtable's first word */
    if ((uint32_t)hv != t->id || !(hv & FLAG(RT_GC_FLAG_PREBUILT))) continue;
    assert_null(found);
    found = g;
  }
  assert_non_null(found);
  return found;
}

static uint64_t header_of(LLVMValueRef g) {
  return LLVMConstIntGetZExtValue(LLVMGetAggregateElement(LLVMGetInitializer(g), 0));
}

/* The function whose name contains `part` (exactly one). */
static LLVMValueRef function_named(Ctx *c, const char *part) {
  LLVMValueRef found = NULL;
  for (LLVMValueRef f = LLVMGetFirstFunction(c->mod); f; f = LLVMGetNextFunction(f))
    if (LLVMCountBasicBlocks(f) && strstr(LLVMGetValueName(f), part)) {
      assert_null(found);
      found = f;
    }
  if (!found) fail_msg("no function *%s*", part);
  return found;
}

/* How many calls of `callee` function fn makes. */
static int calls_in(LLVMValueRef fn, const char *callee) {
  int n = 0;
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(fn); b; b = LLVMGetNextBasicBlock(b))
    for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i)) {
      if (!LLVMIsACallInst(i)) continue;
      LLVMValueRef f = LLVMGetCalledValue(i);
      if (LLVMIsAFunction(f) && strcmp(LLVMGetValueName(f), callee) == 0) n++;
    }
  return n;
}

static bool calls(Ctx *c, const char *callee) {
  LLVMValueRef fn = LLVMGetNamedFunction(c->mod, callee);
  return fn && LLVMGetFirstUse(fn) != NULL;
}

/* ---- the tests ------------------------------------------------------------------ */

static void test_type_table(void **state) {
  Ctx *c = *state;
  emit(c, BE_GC_GEN, false);
  const LLType *item = type_named(c, "inst_t.Item"), *holder = type_named(c, "inst_t.Holder");
  const LLType *list = target_of(holder, "f_items"), *arr = target_of(list, "items");
  uint32_t n = (uint32_t)LLVMConstIntGetZExtValue(global_init(c, "rl_gc_ntypes"));
  for (unsigned i = 0; i < c->prog.types->containers.len; i++) {
    const LLType *t = c->prog.types->containers.data[i];
    if (t->gc) assert_true(t->id < n);
  }
  assert_int_equal(LLVMGetArrayLength2(LLVMTypeOf(global_init(c, "rl_gc_types"))), n);

  RtGcType e = table_entry(c, item->id);  /* typeptr (no GC ref), name, n */
  assert_int_equal(e.fixed, item->size);
  assert_int_equal(e.itemsize, 0);
  assert_int_equal(e.lenofs, -1);
  assert_int_equal(e.nptrs, 1);
  assert_int_equal(ptr_offset(c, e.ptrs), field(item, "f_name")->offset);
  assert_int_equal(e.item_nptrs, 0);
  assert_int_equal(e.flags, RT_GC_TYPE_GC);

  e = table_entry(c, holder->id);
  assert_int_equal(e.fixed, holder->size);
  assert_int_equal(e.nptrs, 1);
  assert_int_equal(ptr_offset(c, e.ptrs), field(holder, "f_items")->offset);

  e = table_entry(c, list->id);  /* length, items */
  assert_int_equal(e.fixed, 24);
  assert_int_equal(e.itemsize, 0);
  assert_int_equal(e.nptrs, 1);
  assert_int_equal(ptr_offset(c, e.ptrs), 16);

  e = table_entry(c, arr->id);  /* header, length, items */
  assert_int_equal(arr->kind, LL_ARRAY);
  assert_int_equal(e.fixed, 16);
  assert_int_equal(e.itemsize, 8);
  assert_int_equal(e.lenofs, 8);
  assert_int_equal(e.nptrs, 0);
  assert_int_equal(e.item_nptrs, 1);
  assert_int_equal(ptr_offset(c, e.item_ptrs), 0);
  assert_int_equal(e.flags, RT_GC_TYPE_GC);

  e = table_entry(c, c->prog.fixed->str->id);  /* as rt_obj.c allocates */
  assert_int_equal(e.fixed, sizeof(RlStr));
  assert_int_equal(e.itemsize, 1);
  assert_int_equal(e.lenofs, offsetof(RlStr, length));
  assert_int_equal(e.nptrs, 0);
  assert_int_equal(e.item_nptrs, 0);
  assert_int_equal(e.flags, RT_GC_TYPE_GC);

  e = table_entry(c, c->prog.fixed->exception->id);
  assert_int_equal(e.fixed, sizeof(RlExc));
  assert_int_equal(e.nptrs, 1);
  assert_int_equal(ptr_offset(c, e.ptrs), offsetof(RlExc, message));

  if (c->prog.fixed->vtable->id < n) {  /* not a GC type: a zero entry */
    e = table_entry(c, c->prog.fixed->vtable->id);
    assert_int_equal(e.flags, 0);
    assert_int_equal(e.fixed, 0);
  }
}

static void test_gen_prebuilt_and_barriers(void **state) {
  Ctx *c = *state;
  emit(c, BE_GC_GEN, false);
  LLVMValueRef g = prebuilt_of(c, type_named(c, "inst_t.Holder"));
  assert_false(LLVMIsGlobalConstant(g));
  uint64_t h = header_of(g);
  assert_true(h & FLAG(RT_GC_FLAG_PREBUILT));
  assert_true(h & FLAG(RT_GC_FLAG_TRACK));
  assert_non_null(LLVMGetSection(g));
  assert_string_equal(LLVMGetSection(g), "rl_gc_prebuilt");
  /* immutable GC objects (the string constants) stay as they were */
  int nstr = 0;
  for (LLVMValueRef x = LLVMGetFirstGlobal(c->mod); x; x = LLVMGetNextGlobal(x)) {
    size_t len;
    const char *name = LLVMGetValueName2(x, &len);
    if (len < 4 || strncmp(name, "str", 3) != 0 || name[3] < '0' || name[3] > '9') continue;
    assert_true(LLVMIsGlobalConstant(x));
    assert_int_equal(header_of(x), FLAG(RT_GC_FLAG_PREBUILT) | c->prog.fixed->str->id);
    const char *sec = LLVMGetSection(x);
    assert_true(!sec || !*sec);
    nstr++;
  }
  assert_true(nstr > 0);
  assert_true(calls(c, "rt_gc_wb"));            /* list append, Holder.__init__ ... */
  /* one barrier per store of a reference: self.name, not self.n */
  assert_int_equal(calls_in(function_named(c, "Item___init__"), "rt_gc_wb"), 1);
  /* a tuple's fields, stored right after its allocation: none */
  assert_int_equal(calls_in(function_named(c, "make_pair"), "rt_gc_wb"), 0);
  /* allocated, then a call (__init__): t.name needs one */
  assert_int_equal(calls_in(function_named(c, "renamed"), "rt_gc_wb"), 1);
  assert_true(calls(c, "rt_gc_identityhash"));  /* compute_identity_hash */
  emit(c, BE_GC_GEN, true);
  assert_null(LLVMGetNamedGlobal(c->mod, "rt_gc_small"));  /* calls stay calls */
  assert_true(calls(c, "rt_gc_new") || calls(c, "rt_gc_new_varsize"));
}

static void test_boehm_has_none(void **state) {
  Ctx *c = *state;
  emit(c, BE_GC_BOEHM, false);
  assert_null(LLVMGetNamedGlobal(c->mod, "rl_gc_types"));
  assert_null(LLVMGetNamedGlobal(c->mod, "rl_gc_ntypes"));
  assert_null(LLVMGetNamedGlobal(c->mod, "rl_gc_ptr_offsets"));
  assert_false(calls(c, "rt_gc_wb"));
  assert_false(calls(c, "rt_gc_identityhash"));
  LLVMValueRef g = prebuilt_of(c, type_named(c, "inst_t.Holder"));
  assert_int_equal(header_of(g) >> 32, RT_GC_FLAG_PREBUILT);
  const char *sec = LLVMGetSection(g);
  assert_true(!sec || !*sec);
  emit(c, BE_GC_BOEHM, true);
  assert_non_null(LLVMGetNamedGlobal(c->mod, "rt_gc_small"));  /* the inline pop */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_type_table, setup, teardown),
      cmocka_unit_test_setup_teardown(test_gen_prebuilt_and_barriers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_boehm_has_none, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
