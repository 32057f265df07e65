/* test_parser.c — the parser, through fe_parse and ast_dump: the tree of
 * each statement and expression form, the diagnostics of constructs outside
 * RL, error recovery and the nesting limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "frontend/ast.h"
#include "frontend/parse.h"
#include "tests/unit/fe_fixture.h"

/* The dump of src's module, without the MODULE line; with ranges or not. */
static char *dump(Fx *f, const char *src, bool ranges) {
  fx_add(f, src, strlen(src));
  Node *m = fe_parse(&f->A, &f->I, &f->D, f->file);
  assert_non_null(m);
  assert_int_equal(m->kind, AST_MODULE);
  char *buf = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&buf, &size);
  ast_dump(out, &f->sm, m);
  fclose(out);
  /* drop the first line and, unless wanted, the " @l:c-l:c" ranges */
  char *res = arena_alloc(&f->A, size + 1);
  size_t n = 0;
  const char *p = strchr(buf, '\n');
  p = p ? p + 1 : buf + size;
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    size_t keep = len;
    const char *at = ranges ? NULL : strstr(p, " @");
    if (at && at < p + len) keep = (size_t)(at - p);
    /* one level of indentation less */
    size_t skip = keep >= 2 ? 2 : 0;
    memcpy(res + n, p + skip, keep - skip);
    n += keep - skip;
    res[n++] = '\n';
    p += len + (e ? 1 : 0);
  }
  res[n] = '\0';
  free(buf);
  return res;
}

#define CHECK_AST(src, want)                         \
  do {                                               \
    Fx f;                                            \
    fx_init(&f);                                     \
    const char *got = dump(&f, src, false);          \
    assert_string_equal(fx_errors(&f), "");          \
    assert_string_equal(got, want);                  \
    fx_free(&f);                                     \
  } while (0)

#define CHECK_ERRS(src, want)                        \
  do {                                               \
    Fx f;                                            \
    fx_init(&f);                                     \
    dump(&f, src, false);                            \
    assert_string_equal(fx_errors(&f), want);        \
    fx_free(&f);                                     \
  } while (0)

static void test_simple_statements(void **state) {
  (void)state;
  CHECK_AST("pass; break; continue\n", "PASS\nBREAK\nCONTINUE\n");
  CHECK_AST("x = 1\n", "ASSIGN\n  targets:\n    NAME x\n  value:\n    INT 1\n");
  CHECK_AST("a = b = c\n",
            "ASSIGN\n  targets:\n    NAME a\n    NAME b\n  value:\n    NAME c\n");
  CHECK_AST("a, b = (c, d) = [e, f] = g\n",
            "ASSIGN\n  targets:\n    TUPLE\n      NAME a\n      NAME b\n"
            "    TUPLE\n      NAME c\n      NAME d\n    LIST\n      NAME e\n      NAME f\n"
            "  value:\n    NAME g\n");
  CHECK_AST("(a, (b, c)), = x\n",
            "ASSIGN\n  targets:\n    TUPLE\n      TUPLE\n        NAME a\n        TUPLE\n"
            "          NAME b\n          NAME c\n  value:\n    NAME x\n");
  CHECK_AST("x.a[1] += 2\n",
            "AUGASSIGN +=\n  target:\n    SUBSCRIPT\n      ATTR .a\n        NAME x\n"
            "      INT 1\n  value:\n    INT 2\n");
  CHECK_AST("a -= 1; a *= 1; a /= 1; a //= 1; a %= 1; a **= 1; a <<= 1; a >>= 1; a &= 1; a |= 1; a ^= 1\n",
            "AUGASSIGN -=\n  target:\n    NAME a\n  value:\n    INT 1\n"
            "AUGASSIGN *=\n  target:\n    NAME a\n  value:\n    INT 1\n"
            "AUGASSIGN /=\n  target:\n    NAME a\n  value:\n    INT 1\n"
            "AUGASSIGN //=\n  target:\n    NAME a\n  value:\n    INT 1\n"
            "AUGASSIGN %=\n  target:\n    NAME a\n  value:\n    INT 1\n"
            "AUGASSIGN **=\n  target:\n    NAME a\n  value:\n    INT 1\n"
            "AUGASSIGN <<=\n  target:\n    NAME a\n  value:\n    INT 1\n"
            "AUGASSIGN >>=\n  target:\n    NAME a\n  value:\n    INT 1\n"
            "AUGASSIGN &=\n  target:\n    NAME a\n  value:\n    INT 1\n"
            "AUGASSIGN |=\n  target:\n    NAME a\n  value:\n    INT 1\n"
            "AUGASSIGN ^=\n  target:\n    NAME a\n  value:\n    INT 1\n");
  CHECK_AST("return\n", "RETURN\n");
  CHECK_AST("return a, b\n", "RETURN\n  TUPLE\n    NAME a\n    NAME b\n");
  CHECK_AST("raise\nraise E\nraise E(x)\n",
            "RAISE\nRAISE\n  NAME E\nRAISE\n  CALL\n    NAME E\n    args:\n      NAME x\n");
  CHECK_AST("global a, b\n", "GLOBAL\n  NAME a\n  NAME b\n");
  CHECK_AST("del a, b[0], c.d, e[1:2]\n",
            "DEL\n  NAME a\n  SUBSCRIPT\n    NAME b\n    INT 0\n  ATTR .d\n    NAME c\n"
            "  SUBSCRIPT\n    NAME e\n    SLICE\n      lower:\n        INT 1\n      upper:\n        INT 2\n");
  CHECK_AST("assert x\nassert x, 'm'\n",
            "ASSERT\n  test:\n    NAME x\nASSERT\n  test:\n    NAME x\n  msg:\n    STR 'm'\n");
  CHECK_AST("'''doc'''\nf(x)\n", "EXPR_STMT\n  STR 'doc'\nEXPR_STMT\n  CALL\n    NAME f\n    args:\n      NAME x\n");
}

static void test_imports(void **state) {
  (void)state;
  CHECK_AST("import a\nimport a.b.c\nimport a as b, c\n",
            "IMPORT\n  ALIAS a\nIMPORT\n  ALIAS a.b.c\nIMPORT\n  ALIAS a as b\n  ALIAS c\n");
  CHECK_AST("from a.b import c, d as e\nfrom a import (b,\n  c,)\n",
            "IMPORTFROM a.b\n  ALIAS c\n  ALIAS d as e\nIMPORTFROM a\n  ALIAS b\n  ALIAS c\n");
}

static void test_compound_statements(void **state) {
  (void)state;
  CHECK_AST("if a: b = 1\n", "IF\n  test:\n    NAME a\n  body:\n    ASSIGN\n      targets:\n"
                             "        NAME b\n      value:\n        INT 1\n");
  CHECK_AST("if a:\n  x\nelif b:\n  y\nelif c:\n  z\nelse:\n  w\n",
            "IF\n  test:\n    NAME a\n  body:\n    EXPR_STMT\n      NAME x\n  orelse:\n"
            "    IF\n      test:\n        NAME b\n      body:\n        EXPR_STMT\n          NAME y\n"
            "      orelse:\n        IF\n          test:\n            NAME c\n          body:\n"
            "            EXPR_STMT\n              NAME z\n          orelse:\n"
            "            EXPR_STMT\n              NAME w\n");
  CHECK_AST("while a:\n  pass\nelse:\n  break\n",
            "WHILE\n  test:\n    NAME a\n  body:\n    PASS\n  orelse:\n    BREAK\n");
  CHECK_AST("for k, v in d.items():\n  pass\nelse: pass\n",
            "FOR\n  target:\n    TUPLE\n      NAME k\n      NAME v\n  iter:\n    CALL\n"
            "      ATTR .items\n        NAME d\n  body:\n    PASS\n  orelse:\n    PASS\n");
  CHECK_AST("try:\n  a\nexcept:\n  b\n",
            "TRY\n  body:\n    EXPR_STMT\n      NAME a\n  handlers:\n    HANDLER\n      body:\n"
            "        EXPR_STMT\n          NAME b\n");
  CHECK_AST("try:\n  pass\nexcept E:\n  pass\nexcept (A, B) as e:\n  pass\nelse:\n  pass\nfinally:\n  pass\n",
            "TRY\n  body:\n    PASS\n  handlers:\n    HANDLER\n      type:\n        NAME E\n"
            "      body:\n        PASS\n    HANDLER as e\n      type:\n        TUPLE\n"
            "          NAME A\n          NAME B\n      body:\n        PASS\n  orelse:\n    PASS\n"
            "  finalbody:\n    PASS\n");
  CHECK_AST("try:\n  pass\nfinally:\n  pass\n", "TRY\n  body:\n    PASS\n  finalbody:\n    PASS\n");
  CHECK_AST("def f(a, b=1, *args, **kw):\n  return a\n",
            "FUNCDEF f\n  params:\n    PARAM a\n    PARAM b\n      default:\n        INT 1\n"
            "    PARAM *args\n    PARAM **kw\n  body:\n    RETURN\n      NAME a\n");
  CHECK_AST("@a\n@b.c\n@d(1)\ndef f(): pass\n",
            "FUNCDEF f\n  decorators:\n    NAME a\n    ATTR .c\n      NAME b\n    CALL\n"
            "      NAME d\n      args:\n        INT 1\n  body:\n    PASS\n");
  CHECK_AST("class C: pass\nclass D(): pass\nclass E(B):\n  x = 1\n",
            "CLASSDEF C\n  body:\n    PASS\nCLASSDEF D\n  body:\n    PASS\nCLASSDEF E\n"
            "  base:\n    NAME B\n  body:\n    ASSIGN\n      targets:\n        NAME x\n"
            "      value:\n        INT 1\n");
  CHECK_AST("if __name__ == \"__main__\":\n    main()\n",
            "IF\n  test:\n    COMPARE ==\n      NAME __name__\n      STR '__main__'\n"
            "  body:\n    EXPR_STMT\n      CALL\n        NAME main\n");
}

static void test_expressions(void **state) {
  (void)state;
  CHECK_AST("-2**2\n", "EXPR_STMT\n  UNARYOP -\n    BINOP **\n      INT 2\n      INT 2\n");
  CHECK_AST("2**-1\n", "EXPR_STMT\n  BINOP **\n    INT 2\n    UNARYOP -\n      INT 1\n");
  CHECK_AST("a ** b ** c\n", "EXPR_STMT\n  BINOP **\n    NAME a\n    BINOP **\n      NAME b\n      NAME c\n");
  CHECK_AST("a - b - c\n", "EXPR_STMT\n  BINOP -\n    BINOP -\n      NAME a\n      NAME b\n    NAME c\n");
  CHECK_AST("a + b * c % d // e / f\n",
            "EXPR_STMT\n  BINOP +\n    NAME a\n    BINOP /\n      BINOP //\n        BINOP %\n"
            "          BINOP *\n            NAME b\n            NAME c\n          NAME d\n"
            "        NAME e\n      NAME f\n");
  CHECK_AST("a | b ^ c & d << e >> f\n",
            "EXPR_STMT\n  BINOP |\n    NAME a\n    BINOP ^\n      NAME b\n      BINOP &\n"
            "        NAME c\n        BINOP >>\n          BINOP <<\n            NAME d\n"
            "            NAME e\n          NAME f\n");
  CHECK_AST("not a == b and c or ~d\n",
            "EXPR_STMT\n  BOOLOP or\n    BOOLOP and\n      UNARYOP not\n        COMPARE ==\n"
            "          NAME a\n          NAME b\n      NAME c\n    UNARYOP ~\n      NAME d\n");
  CHECK_AST("a < b <= c == d != e > f >= g is h is not i in j not in k\n",
            "EXPR_STMT\n  COMPARE < <= == != > >= is is not in not in\n    NAME a\n    NAME b\n"
            "    NAME c\n    NAME d\n    NAME e\n    NAME f\n    NAME g\n    NAME h\n    NAME i\n"
            "    NAME j\n    NAME k\n");
  CHECK_AST("(a < b) < c\n",
            "EXPR_STMT\n  COMPARE <\n    COMPARE <\n      NAME a\n      NAME b\n    NAME c\n");
  CHECK_AST("a if b else c\n",
            "EXPR_STMT\n  IFEXP\n    body:\n      NAME a\n    test:\n      NAME b\n    orelse:\n      NAME c\n");
  CHECK_AST("f(a, b=1)\n",
            "EXPR_STMT\n  CALL\n    NAME f\n    args:\n      NAME a\n    keywords:\n      KEYWORD b=\n        INT 1\n");
  CHECK_AST("print(x, sep=', ', end='')\n",
            "EXPR_STMT\n  CALL\n    NAME print\n    args:\n      NAME x\n    keywords:\n"
            "      KEYWORD sep=\n        STR ', '\n      KEYWORD end=\n        STR ''\n");
  CHECK_AST("a[:], a[1:], a[:2], a[1:2:3], a[::], a[i, j]\n",
            "EXPR_STMT\n  TUPLE\n    SUBSCRIPT\n      NAME a\n      SLICE\n    SUBSCRIPT\n      NAME a\n"
            "      SLICE\n        lower:\n          INT 1\n    SUBSCRIPT\n      NAME a\n      SLICE\n"
            "        upper:\n          INT 2\n    SUBSCRIPT\n      NAME a\n      SLICE\n"
            "        lower:\n          INT 1\n        upper:\n          INT 2\n        step:\n"
            "          INT 3\n    SUBSCRIPT\n      NAME a\n      SLICE\n    SUBSCRIPT\n"
            "      NAME a\n      TUPLE\n        NAME i\n        NAME j\n");
  CHECK_AST("[], [1,], (), (1,), (1), {}, {1: 2,}\n",
            "EXPR_STMT\n  TUPLE\n    LIST\n    LIST\n      INT 1\n    TUPLE\n    TUPLE\n      INT 1\n"
            "    INT 1\n    DICT\n    DICT\n      key:\n        INT 1\n      value:\n        INT 2\n");
  CHECK_AST("[x * y for x in a if x for y in b if y if x]\n",
            "EXPR_STMT\n  LISTCOMP\n    BINOP *\n      NAME x\n      NAME y\n    generators:\n"
            "      COMPREHENSION\n        target:\n          NAME x\n        iter:\n          NAME a\n"
            "        ifs:\n          NAME x\n      COMPREHENSION\n        target:\n          NAME y\n"
            "        iter:\n          NAME b\n        ifs:\n          NAME y\n          NAME x\n");
  CHECK_AST("'%s %d' % (a, 1)\n",
            "EXPR_STMT\n  BINOP %\n    STR '%s %d'\n    TUPLE\n      NAME a\n      INT 1\n");
  CHECK_AST("None, True, False, 1.5, 1e100, 0.1\n",
            "EXPR_STMT\n  TUPLE\n    NONE\n    TRUE\n    FALSE\n    FLOAT 1.5\n    FLOAT 1e+100\n    FLOAT 0.1\n");
  CHECK_AST("'a' \"b\" '''c''' r'\\d'\n", "EXPR_STMT\n  STR 'abc\\\\d'\n");
  CHECK_AST("'it\\'s', '\\x00\\xff\\n'\n", "EXPR_STMT\n  TUPLE\n    STR \"it's\"\n    STR '\\x00\\xff\\n'\n");
}

static void test_big_ints(void **state) {
  (void)state;
  CHECK_AST("-9223372036854775808\n", "EXPR_STMT\n  INT -9223372036854775808\n");
  CHECK_ERRS("-(9223372036854775808)\n", "1:3: integer literal is too large for 64 bits\n");
  CHECK_AST("0xffffffffffffffff\n", "EXPR_STMT\n  INT -1\n");
  CHECK_ERRS("x = 9223372036854775808\n", "1:5: integer literal is too large for 64 bits\n");
  CHECK_ERRS("x = -9223372036854775808 ** 2\n", "1:6: integer literal is too large for 64 bits\n");
  CHECK_ERRS("x = 9223372036854775808 .y\n", "1:5: integer literal is too large for 64 bits\n");
  CHECK_ERRS("x = ~9223372036854775808\n", "1:6: integer literal is too large for 64 bits\n");
}

static void test_ranges(void **state) {
  (void)state;
  Fx f;
  fx_init(&f);
  const char *got = dump(&f, "def f(x):\n    return x + 1\n", true);
  assert_string_equal(got, "FUNCDEF f @1:1-2:17\n  params:\n    PARAM x @1:7-1:8\n"
                           "  body:\n    RETURN @2:5-2:17\n      BINOP + @2:12-2:17\n"
                           "        NAME x @2:12-2:13\n        INT 1 @2:16-2:17\n");
  fx_free(&f);
}

static void test_unsupported(void **state) {
  (void)state;
  static const char *const cases[][2] = {
      {"f = lambda x: x\n", "1:5: lambda is not supported in RL\n"},
      {"yield 1\n", "1:1: generators (yield) are not supported in RL\n"},
      {"x = yield\n", "1:5: generators (yield) are not supported in RL\n"},
      {"yield from x\n", "1:1: generators (yield from) are not supported in RL\n"},
      {"async def f(): pass\n", "1:1: async def is not supported in RL\n"},
      {"async for x in y: pass\n", "1:1: async for is not supported in RL\n"},
      {"await x\n", "1:1: await is not supported in RL\n"},
      {"f(*a)\n", "1:3: star-arguments (*args) in calls are not supported in RL\n"},
      {"f(**k)\n", "1:3: keyword-argument unpacking (**kwargs) in calls is not supported in RL\n"},
      {"a, *b = x\n", "1:4: starred expressions are not supported in RL\n"},
      {"x = [*a]\n", "1:6: starred expressions are not supported in RL\n"},
      {"nonlocal q\n", "1:1: nonlocal is not supported in RL\n"},
      {"with a as b: pass\n", "1:1: the with statement is not supported in RL\n"},
      {"if (y := 3): pass\n", "1:5: assignment expressions (:=) are not supported in RL\n"},
      {"x = {1, 2}\n", "1:5: set literals are not supported in RL\n"},
      {"x = {a for a in b}\n", "1:5: set comprehensions are not supported in RL\n"},
      {"x = {a: 1 for a in b}\n", "1:5: dict comprehensions are not supported in RL\n"},
      {"x = (a for a in b)\n", "1:5: generator expressions are not supported in RL\n"},
      {"f(a for a in b)\n", "1:3: generator expressions are not supported in RL\n"},
      {"x: int = 1\n", "1:4: annotations are not supported in RL\n"},
      {"def f(a: int): pass\n", "1:10: annotations are not supported in RL\n"},
      {"def f() -> int: pass\n", "1:12: annotations are not supported in RL\n"},
      {"x = ...\n", "1:5: the ellipsis (...) is not supported in RL\n"},
      {"x = a @ b\n", "1:7: the matrix multiplication operator '@' is not supported in RL\n"},
      {"from . import x\n", "1:6: relative imports are not supported in RL\n"},
      {"from ..a import x\n", "1:6: relative imports are not supported in RL\n"},
      {"from a import *\n", "1:15: 'from ... import *' is not supported in RL\n"},
      {"raise E from F\n", "1:9: raise ... from is not supported in RL\n"},
      {"class C(A, B): pass\n", "1:12: multiple inheritance is not supported in RL\n"},
      {"class C(metaclass=M): pass\n", "1:9: metaclasses are not supported in RL\n"},
      {"def f(a, *, b): pass\n", "1:10: keyword-only parameters (after a bare '*') are not supported in RL\n"},
      {"def f(a, /): pass\n", "1:10: positional-only parameters ('/') are not supported in RL\n"},
      {"x = {**a}\n", "1:6: dict unpacking (**) is not supported in RL\n"},
      {"x = 1j\n", "1:5: complex numbers are not supported in RL\n"},
      {"x = f'a'\n", "1:5: f-strings are not supported in RL\n"},
      {"x = b'a'\n", "1:5: bytes literals are not supported in RL (str is already a byte string)\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Fx f;
    fx_init(&f);
    dump(&f, cases[i][0], false);
    const char *got = fx_errors(&f);
    if (strcmp(got, cases[i][1]) != 0)
      fail_msg("source %s: got %s, want %s", cases[i][0], got, cases[i][1]);
    fx_free(&f);
  }
}

static void test_syntax_errors(void **state) {
  (void)state;
  CHECK_ERRS("if x\n  y\n", "1:5: expected ':'\n");
  CHECK_ERRS("x = \n", "1:5: invalid syntax: expected an expression\n");
  CHECK_ERRS("def (x): pass\n", "1:5: expected a name\n");
  CHECK_ERRS("try:\n  pass\nx = 1\n", "3:1: expected 'except' or 'finally'\n");
  CHECK_ERRS("x = 1 2\n", "1:7: invalid syntax\n");
  CHECK_ERRS("except E, e:\n  pass\n", "1:1: invalid syntax\n");
  CHECK_ERRS("f(a=1, b)\n", "1:8: positional argument follows keyword argument\n");
  CHECK_ERRS("f(a+1=2)\n", "1:3: expression cannot contain assignment, perhaps you meant \"==\"?\n");
  CHECK_ERRS("f() = 1\n", "1:1: cannot assign to function call\n");
  CHECK_ERRS("a, b += 1\n", "1:1: 'tuple' is an illegal expression for augmented assignment\n");
  CHECK_ERRS("del f()\n", "1:5: cannot delete function call\n");
  CHECK_ERRS("for 1 in x: pass\n", "1:5: cannot assign to literal\n");
  CHECK_ERRS("def f(a=1, b): pass\n", "1:12: non-default argument follows default argument\n");
  CHECK_ERRS("def f(a, a): pass\n", "1:10: duplicate argument 'a' in function definition\n");
  /* a forgotten closer: only the bracket is reported (as CPython 3.10) */
  CHECK_ERRS("x = (1,\ny = 2\n", "1:5: '(' was never closed\n");
  CHECK_ERRS("x = (1,\n     2 3)\ny = 1 2\n", "2:8: invalid syntax\n3:7: invalid syntax\n");
}

static void test_recovery(void **state) {
  (void)state;
  CHECK_ERRS("x = = 1\ny = 2\nz = ) \nw = $\nv = (a b)\nu = lambda: 0\n",
             "1:5: invalid syntax: expected an expression\n3:5: unmatched ')'\n"
             "4:5: invalid character '$' in source\n5:8: invalid syntax\n"
             "6:5: lambda is not supported in RL\n");
  /* the unclosed '(' of line 1 joins every later line into it */
  CHECK_ERRS("def f(:\n    x = 1\n    y = 2 2\ng(\n", "1:7: invalid syntax\n"
                                                    "4:2: '(' was never closed\n");
  CHECK_ERRS("def f(a b):\n    x = 1\n    y = 2 2\ng(\n", "1:9: invalid syntax\n"
                                                    "3:11: invalid syntax\n4:2: '(' was never closed\n");
  CHECK_ERRS("if x y:\n    a = 1\n    b = c d\nz\n", "1:6: invalid syntax\n3:11: invalid syntax\n");
  /* more than 20 errors: the parser stops */
  char src[2000];
  size_t n = 0;
  for (int i = 0; i < 40; i++) n += (size_t)sprintf(src + n, "x = = %d\n", i);
  Fx f;
  fx_init(&f);
  dump(&f, src, false);
  assert_int_equal(f.D.nerrors, 20);
  assert_true(f.D.stop);
  fx_free(&f);
}

static void test_deep_nesting(void **state) {
  (void)state;
  static char src[400000];
  Fx f;
  size_t n = (size_t)sprintf(src, "x = a");
  for (int i = 0; i < 50000; i++) n += (size_t)sprintf(src + n, " + a");
  sprintf(src + n, "\ny = 1\n");
  fx_init(&f);
  dump(&f, src, false);
  assert_string_equal(fx_errors(&f), "1:5: expression too deeply nested (limit is 1000)\n");
  fx_free(&f);
  n = (size_t)sprintf(src, "x = a");
  for (int i = 0; i < 5000; i++) n += (size_t)sprintf(src + n, ".b");
  sprintf(src + n, "\n");
  fx_init(&f);
  dump(&f, src, false);
  assert_string_equal(fx_errors(&f), "1:5: expression too deeply nested (limit is 1000)\n");
  fx_free(&f);
  n = (size_t)sprintf(src, "x = ");
  for (int i = 0; i < 5000; i++) n += (size_t)sprintf(src + n, "not ");
  sprintf(src + n, "a\n");
  fx_init(&f);
  dump(&f, src, false);
  assert_string_equal(fx_errors(&f), "1:805: too deeply nested (limit is 200)\n");
  fx_free(&f);
  n = (size_t)sprintf(src, "x = 2");
  for (int i = 0; i < 20000; i++) n += (size_t)sprintf(src + n, " ** 2");
  sprintf(src + n, "\n");
  fx_init(&f);
  dump(&f, src, false);
  assert_non_null(strstr(fx_errors(&f), "too deeply nested"));
  fx_free(&f);
  n = (size_t)sprintf(src, "if x: pass\n");
  for (int i = 0; i < 1500; i++) n += (size_t)sprintf(src + n, "elif x: pass\n");
  fx_init(&f);
  dump(&f, src, false);
  assert_string_equal(fx_errors(&f),
                      "502:1: too many nested blocks or elif branches (limit is 1000)\n");
  fx_free(&f);
  /* 200 nested brackets are fine */
  n = (size_t)sprintf(src, "x = ");
  for (int i = 0; i < 200; i++) src[n++] = '[';
  for (int i = 0; i < 200; i++) src[n++] = ']';
  sprintf(src + n, "\n");
  fx_init(&f);
  dump(&f, src, false);
  assert_string_equal(fx_errors(&f), "");
  fx_free(&f);
}

static void test_empty_inputs(void **state) {
  (void)state;
  CHECK_AST("", "");
  CHECK_AST("# comment\n\n", "");
  CHECK_AST("\xEF\xBB\xBF", "");
  CHECK_AST("\xEF\xBB\xBFx = 1\r\n", "ASSIGN\n  targets:\n    NAME x\n  value:\n    INT 1\n");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_simple_statements),
      cmocka_unit_test(test_imports),
      cmocka_unit_test(test_compound_statements),
      cmocka_unit_test(test_expressions),
      cmocka_unit_test(test_big_ints),
      cmocka_unit_test(test_ranges),
      cmocka_unit_test(test_unsupported),
      cmocka_unit_test(test_syntax_errors),
      cmocka_unit_test(test_recovery),
      cmocka_unit_test(test_deep_nesting),
      cmocka_unit_test(test_empty_inputs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
