/* test_scanner.c — the scanner and the layout filter, through the token
 * stream API of frontend/layout.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "frontend/layout.h"
#include "tests/unit/fe_fixture.h"

/* The tokens of src, compactly: names as is, numbers as #v, strings in
 * repr-like quotes, NL IN DE EOF, others by their spelling. */
static char *toks_n(Fx *f, const char *src, size_t len) {
  static char buf[8192];
  size_t n = 0;
  Layout *L = malloc(sizeof *L);
  assert_non_null(L);
  lay_init(L, &f->A, &f->I, &f->D, fx_add(f, src, len));
  buf[0] = '\0';
  for (int guard = 0; guard < 2000; guard++) {
    Token t;
    int k = lay_next(L, &t);
    char one[512];
    switch (k) {
    case 0: snprintf(one, sizeof one, "EOF"); break;
    case T_NEWLINE: snprintf(one, sizeof one, "NL"); break;
    case T_INDENT: snprintf(one, sizeof one, "IN"); break;
    case T_DEDENT: snprintf(one, sizeof one, "DE"); break;
    case T_NAME: snprintf(one, sizeof one, "%s", t.val.name); break;
    case T_NUMBER:
      if (t.val.num.is_float) snprintf(one, sizeof one, "#%g", t.val.num.f);
      else snprintf(one, sizeof one, "#%lld%s", (long long)t.val.num.i,
                    t.val.num.big ? "big" : "");
      break;
    case T_STRING: {
      size_t m = 0;
      one[m++] = '\'';
      for (uint32_t i = 0; i < t.val.str.len && m < sizeof one - 8; i++) {
        unsigned char c = (unsigned char)t.val.str.s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') one[m++] = (char)c;
        else m += (size_t)snprintf(one + m, 8, "\\x%02x", c);
      }
      one[m++] = '\'';
      one[m] = '\0';
      break;
    }
    default: {
      const char *s = parse_token_name(k);
      size_t sl = strlen(s);
      if (sl >= 2 && s[0] == '\'') snprintf(one, sizeof one, "%.*s", (int)sl - 2, s + 1);
      else snprintf(one, sizeof one, "%s", s);
    }
    }
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? " " : "", one);
    if (k == 0 || n >= sizeof buf - 1) break;
  }
  lay_destroy(L);
  free(L);
  return buf;
}

static char *toks(Fx *f, const char *src) { return toks_n(f, src, strlen(src)); }

#define CHECK_TOKS(src, want, errs)                    \
  do {                                                 \
    Fx f;                                              \
    fx_init(&f);                                       \
    assert_string_equal(toks(&f, src), want);          \
    assert_string_equal(fx_errors(&f), errs);          \
    fx_free(&f);                                       \
  } while (0)

static void test_operators(void **state) {
  (void)state;
  CHECK_TOKS("+ - * / // % ** << >> & | ^ ~ < > <= >= == != ( ) [ ] { } , : . ; @ = -> := ...\n",
             "+ - * / // % ** << >> & | ^ ~ < > <= >= == != ( ) [ ] { } , : . ; @ = -> := ... NL EOF", "");
  CHECK_TOKS("a += 1; a -= 1; a *= 1; a /= 1; a //= 1; a %= 1; a **= 1\n",
             "a += #1 ; a -= #1 ; a *= #1 ; a /= #1 ; a //= #1 ; a %= #1 ; a **= #1 NL EOF", "");
  CHECK_TOKS("a <<= 1; a >>= 1; a &= 1; a |= 1; a ^= 1; a @= 1\n",
             "a <<= #1 ; a >>= #1 ; a &= #1 ; a |= #1 ; a ^= #1 ; a @= #1 NL EOF", "");
  CHECK_TOKS("a..b\n", "a . . b NL EOF", "");
  CHECK_TOKS("x.y(z)[0]\n", "x . y ( z ) [ #0 ] NL EOF", "");
}

static void test_keywords(void **state) {
  (void)state;
  CHECK_TOKS("False None True and as assert async await break class continue def del elif else except\n",
             "False None True and as assert async await break class continue def del elif else except NL EOF", "");
  CHECK_TOKS("finally for from global if import in is lambda nonlocal not or pass raise return try while with yield\n",
             "finally for from global if import in is lambda nonlocal not or pass raise return try while with yield NL EOF", "");
  CHECK_TOKS("iff ifx _if If match print __name__\n", "iff ifx _if If match print __name__ NL EOF", "");
}

static void test_indentation(void **state) {
  (void)state;
  CHECK_TOKS("if a:\n  if b:\n    c\nd\n",
             "if a : NL IN if b : NL IN c NL DE DE d NL EOF", "");
  CHECK_TOKS("if a:\n    b\n  c\n",
             "if a : NL IN b NL DE c NL EOF",
             "3:3: unindent does not match any outer indentation level\n");
  CHECK_TOKS("if a:\n  b\n\n   \n  c\n", "if a : NL IN b NL c NL DE EOF", "");
  CHECK_TOKS("if a:\n  b\n# c\n      # d\n  e\n", "if a : NL IN b NL e NL DE EOF", "");
  CHECK_TOKS("x", "x NL EOF", "");
  CHECK_TOKS("if a:\n  b", "if a : NL IN b NL DE EOF", "");
  CHECK_TOKS("", "EOF", "");
  CHECK_TOKS("# only a comment", "EOF", "");
  CHECK_TOKS("\n\n  \n", "EOF", "");
  CHECK_TOKS("x\n  y\n", "x NL y NL EOF", "2:3: unexpected indent\n");
  CHECK_TOKS("x\n  y\n  z\nw\n", "x NL y NL z NL w NL EOF", "2:3: unexpected indent\n");
  CHECK_TOKS("if a:\nb\n", "if a : NL IN DE b NL EOF", "2:1: expected an indented block\n");
  CHECK_TOKS("if a:\n", "if a : NL IN DE EOF", "2:1: expected an indented block\n");
  CHECK_TOKS("if a:\n  if b:\n    if c:\n      d\ne\n",
             "if a : NL IN if b : NL IN if c : NL IN d NL DE DE DE e NL EOF", "");
}

static void test_tabs(void **state) {
  (void)state;
  CHECK_TOKS("if a:\n\tb\n\tc\n", "if a : NL IN b NL c NL DE EOF", "");
  CHECK_TOKS("if a:\n\tb\n        c\n", "if a : NL IN b NL c NL DE EOF",
             "3:9: inconsistent use of tabs and spaces in indentation\n");
  CHECK_TOKS("if a:\n        b\n\tc\n", "if a : NL IN b NL c NL DE EOF",
             "3:2: inconsistent use of tabs and spaces in indentation\n");
  CHECK_TOKS("if a:\n \tb\n\tc\n", "if a : NL IN b NL c NL DE EOF",
             "3:2: inconsistent use of tabs and spaces in indentation\n");
  CHECK_TOKS("if a:\n  \f  b\n  c\n", "if a : NL IN b NL c NL DE EOF", "");
  CHECK_TOKS("\fx\n", "x NL EOF", "");
}

static void test_line_ends_and_joining(void **state) {
  (void)state;
  CHECK_TOKS("if a:\r\n  b\r\n", "if a : NL IN b NL DE EOF", "");
  CHECK_TOKS("\xEF\xBB\xBFx = 1\n", "x = #1 NL EOF", "");
  CHECK_TOKS("x = (1,\n      2,\n 3)\ny\n", "x = ( #1 , #2 , #3 ) NL y NL EOF", "");
  CHECK_TOKS("if a:\n  x = [1,\n2]\n  y\n", "if a : NL IN x = [ #1 , #2 ] NL y NL DE EOF", "");
  CHECK_TOKS("x = 1 + \\\n  2\n", "x = #1 + #2 NL EOF", "");
  CHECK_TOKS("x = 1 + \\\r\n  2\n", "x = #1 + #2 NL EOF", "");
  CHECK_TOKS("x = 1 \\", "x = #1 NL EOF",
             "1:7: unexpected end of file after line continuation character\n");
  CHECK_TOKS("x = 1 \\ y\n", "x = #1 y NL EOF",
             "1:7: unexpected character after line continuation character\n");
  CHECK_TOKS("x = 1\ry\n", "x = #1 y NL EOF",
             "1:6: carriage return without a line feed (line ends must be LF or CRLF)\n");
  CHECK_TOKS("x = (1,\n", "x = ( #1 , NL EOF", "1:5: '(' was never closed\n");
  CHECK_TOKS("x = )\ny\n", "x = NL y NL EOF", "1:5: unmatched ')'\n");
  CHECK_TOKS("x = (1]\n", "x = ( #1 ) NL EOF",
             "1:7: closing parenthesis ']' does not match opening parenthesis '('\n");
}

static void test_strings(void **state) {
  (void)state;
  CHECK_TOKS("'a' \"b\" '''c\nd''' \"\"\"e'f\"\"\"\n", "'a' 'b' 'c\\x0ad' 'e\\x27f' NL EOF", "");
  CHECK_TOKS("'\\n\\t\\r\\f\\v\\a\\b\\\\\\'\\\"'\n",
             "'\\x0a\\x09\\x0d\\x0c\\x0b\\x07\\x08\\x5c\\x27\"' NL EOF", "");
  CHECK_TOKS("'\\x41\\101\\0\\08\\q\\\n!'\n", "'AA\\x00\\x008\\x5cq!' NL EOF", "");
  CHECK_TOKS("'\\u00e9\\U000000ff\\377'\n", "'\\xe9\\xff\\xff' NL EOF", "");
  CHECK_TOKS("r'\\n\\'' R\"\\x\" u'a'\n", "'\\x5cn\\x5c\\x27' '\\x5cx' 'a' NL EOF", "");
  CHECK_TOKS("'''a\r\nb'''\n", "'a\\x0ab' NL EOF", "");
  CHECK_TOKS("'\xc3\xa9\xc2\xa0'\n", "'\\xe9\\xa0' NL EOF", "");
  CHECK_TOKS("''\n\"\"\n''''''\n", "'' NL '' NL '' NL EOF", "");
  CHECK_TOKS("'''a''''\n", "'a' '' NL EOF", "1:8: unterminated string literal\n");
}

static void test_string_errors(void **state) {
  (void)state;
  CHECK_TOKS("x = 'abc\ny\n", "x = '' NL y NL EOF", "1:5: unterminated string literal\n");
  CHECK_TOKS("x = r'abc", "x = '' NL EOF", "1:6: unterminated string literal\n");
  CHECK_TOKS("x = '''abc\n\ny\n", "x = '' NL EOF",
             "1:5: unterminated triple-quoted string literal\n");
  CHECK_TOKS("b'x' B\"y\" br'z'\n", "'' '' '' NL EOF",
             "1:1: bytes literals are not supported in RL (str is already a byte string)\n"
             "1:6: bytes literals are not supported in RL (str is already a byte string)\n"
             "1:11: bytes literals are not supported in RL (str is already a byte string)\n");
  CHECK_TOKS("f'{x}' rf'y'\n", "'' '' NL EOF",
             "1:1: f-strings are not supported in RL\n1:8: f-strings are not supported in RL\n");
  CHECK_TOKS("'\\400'\n", "'' NL EOF",
             "1:2: octal escape \\400 does not fit in an RL str (at most \\377)\n");
  CHECK_TOKS("'\\x4'\n", "'' NL EOF", "1:2: truncated \\x escape in string literal\n");
  CHECK_TOKS("'\xe2\x82\xac'\n", "'' NL EOF",
             "1:2: character U+20AC does not fit in an RL str (U+0000..U+00FF)\n");
  CHECK_TOKS("'\\u0100'\n", "'' NL EOF",
             "1:2: character U+0100 does not fit in an RL str (U+0000..U+00FF)\n");
  CHECK_TOKS("'\xff' '\xc3('\n", "'' '(' NL EOF",
             "1:2: invalid UTF-8 byte 0xFF in string literal\n"
             "1:6: invalid UTF-8 byte 0xC3 in string literal\n");
}

static void test_numbers(void **state) {
  (void)state;
  CHECK_TOKS("0 00 0_0 7 1_000 0x_ff 0XFF 0o17 0O7 0b1010 0B1\n",
             "#0 #0 #0 #7 #1000 #255 #255 #15 #7 #10 #1 NL EOF", "");
  CHECK_TOKS("9223372036854775807 9223372036854775808 0xffffffffffffffff 0x8000000000000000\n",
             "#9223372036854775807 #-9223372036854775808big #-1 #-9223372036854775808 NL EOF", "");
  CHECK_TOKS("1.5 1. .5 1e10 1E-3 1_0.5e-3 0.0 00.5 1e999\n",
             "#1.5 #1 #0.5 #1e+10 #0.001 #0.0105 #0 #0.5 #inf NL EOF", "");
  CHECK_TOKS("9223372036854775809 0x1_0000_0000_0000_0000\n", "#0 #0 NL EOF",
             "1:1: integer literal is too large for 64 bits\n"
             "1:21: integer literal is too large for 64 bits\n");
  CHECK_TOKS("0777\n", "#0 NL EOF",
             "1:1: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers\n");
  CHECK_TOKS("1__0 1_ 0x 0o8 0b2 12abc 1e\n", "#0 #0 #0 #0 #0 #0 #0 NL EOF",
             "1:1: invalid decimal literal\n1:6: invalid decimal literal\n"
             "1:9: invalid hexadecimal literal\n1:12: invalid octal literal\n"
             "1:16: invalid binary literal\n1:20: invalid decimal literal\n"
             "1:26: invalid decimal literal\n");
  CHECK_TOKS("1j 1.5J\n", "#0 #0 NL EOF",
             "1:1: complex numbers are not supported in RL\n"
             "1:4: complex numbers are not supported in RL\n");
}

static void test_bad_characters(void **state) {
  (void)state;
  CHECK_TOKS("a $ b ? c ! d `\n", "a b c d NL EOF",
             "1:3: invalid character '$' in source\n1:7: invalid character '?' in source\n"
             "1:11: invalid character '!' in source\n1:15: invalid character '`' in source\n");
  {
    Fx f;
    fx_init(&f);
    assert_string_equal(toks_n(&f, "x\0y\n\x01", 5), "x y NL EOF");
    assert_string_equal(fx_errors(&f), "1:2: invalid byte 0x00 in source\n"
                                       "2:1: invalid byte 0x01 in source\n");
    fx_free(&f);
  }
  CHECK_TOKS("caf\xc3\xa9 = 1\n", "caf\xc3\xa9 = #1 NL EOF",
             "1:1: non-ASCII identifiers are not supported in RL\n");
  CHECK_TOKS("a \xe2\x86\x92 b\n", "a \xe2\x86\x92 b NL EOF",
             "1:3: invalid character '\xe2\x86\x92' (U+2192) in source\n");
  CHECK_TOKS("a \xff b # ok \xc3\xa9\n", "a b NL EOF", "1:3: invalid byte 0xFF in source\n");
  CHECK_TOKS("a # bad \xff\n", "a NL EOF", "1:9: invalid byte 0xFF in source\n");
  CHECK_TOKS("a\xe2\x82 b\n", "b NL EOF", "1:2: invalid byte 0xE2 in source\n");
  CHECK_TOKS("\xf0\x9f\n", "EOF", "1:1: invalid byte 0xF0 in source\n");
  CHECK_TOKS("1.5_ 2\n", "#0 #2 NL EOF", "1:1: invalid decimal literal\n");
  CHECK_TOKS("x \\\ry\n", "x y NL EOF",
             "1:3: unexpected character after line continuation character\n");
}

static void test_nesting_limits(void **state) {
  (void)state;
  static char src[8192];
  Fx f;
  /* 201 open brackets: the line is skipped, the 200 seen ones closed. */
  size_t n = 0;
  n += (size_t)sprintf(src, "x = ");
  for (int i = 0; i < 201; i++) src[n++] = '(';
  src[n++] = '1';
  for (int i = 0; i < 201; i++) src[n++] = ')';
  memcpy(src + n, "\ny\n", 4);
  fx_init(&f);
  char *t = toks(&f, src);
  assert_string_equal(fx_errors(&f), "1:205: too deeply nested (limit is 200)\n");
  if (!strstr(t, ") ) NL y NL EOF")) fail_msg("tokens: %s", t);
  fx_free(&f);
  n = (size_t)sprintf(src, "x = ");
  for (int i = 0; i < 201; i++) src[n++] = '-';
  memcpy(src + n, "1\n", 3);
  fx_init(&f);
  toks(&f, src);
  assert_string_equal(fx_errors(&f), "1:205: too deeply nested (limit is 200)\n");
  fx_free(&f);
  /* 101 levels of indentation */
  n = 0;
  for (int i = 0; i < 102; i++) {
    for (int j = 0; j < i; j++) src[n++] = ' ';
    memcpy(src + n, "if x:\n", 6);
    n += 6;
  }
  src[n] = '\0';
  fx_init(&f);
  toks(&f, src);
  assert_string_equal(fx_errors(&f), "102:102: too many levels of indentation (limit is 100)\n"
                                     "103:1: expected an indented block\n");
  fx_free(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_operators),
      cmocka_unit_test(test_keywords),
      cmocka_unit_test(test_indentation),
      cmocka_unit_test(test_tabs),
      cmocka_unit_test(test_line_ends_and_joining),
      cmocka_unit_test(test_strings),
      cmocka_unit_test(test_string_errors),
      cmocka_unit_test(test_numbers),
      cmocka_unit_test(test_bad_characters),
      cmocka_unit_test(test_nesting_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
