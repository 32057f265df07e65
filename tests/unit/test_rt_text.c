/* test_rt_text.c — unit tests for runtime/text/: float repr and formatting,
 * %-conversions, int()/float() parsing, the character table, str methods,
 * substring search and string hashing.
 *
 * The expected values in the tables below were produced by CPython 3.11
 * (python3 on the development machine, PYTHONHASHSEED=0 for the hashes) from
 * the same inputs; the generating expressions are the obvious Python ones
 * ('%5.2f' % x, repr(x), int(s, base), s.split(None, k), ...). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "runtime/text/rt_chartable.h"
#include "runtime/text/rt_float.h"
#include "runtime/text/rt_fmt.h"
#include "runtime/text/rt_hash.h"
#include "runtime/text/rt_parse.h"
#include "runtime/text/rt_str.h"

/* ---- expected values (from CPython) ---------------------------------------- */

static const struct { double x; const char *s; } float_reprs[] = {
    {0x1.999999999999ap-4, "0.1"}, /* 0.1 */
    {0x1.5555555555555p-2, "0.3333333333333333"}, /* 0.3333333333333333 */
    {0x1.1c37937e08000p+53, "1e+16"}, /* 1e+16 */
    {0x1.4f8b588e368f1p-17, "1e-05"}, /* 1e-05 */
    {0x1.d6f34547df3b6p+26, "123456789.123"}, /* 123456789.123 */
    {0x0.0000000000001p-1022, "5e-324"}, /* 5e-324 */
    {0x1.fffffffffffffp+1023, "1.7976931348623157e+308"}, /* 1.7976931348623157e+308 */
    {-0x0.0p+0, "-0.0"}, /* -0.0 */
    {0x0.0p+0, "0.0"}, /* 0.0 */
    {0x1.0000000000000p+53, "9007199254740992.0"}, /* 9007199254740992.0 */
    {0x1.0000000000000p+53, "9007199254740992.0"}, /* 9007199254740992.0 */
    {0x1.c6bf526340000p+49, "1000000000000000.0"}, /* 1000000000000000.0 */
    {0x1.c12218377de40p+46, "123456789012345.0"}, /* 123456789012345.0 */
    {0x1.1c37937e07fffp+53, "9999999999999998.0"}, /* 9999999999999998.0 */
    {0x1.a36e2eb1c432dp-14, "0.0001"}, /* 0.0001 */
    {0x1.4f8b588e368f1p-17, "1e-05"}, /* 1e-05 */
    {0x1.f75104d551d69p-17, "1.5e-05"}, /* 1.5e-05 */
    {0x1.9000000000000p+6, "100.0"}, /* 100.0 */
    {-0x1.8000000000000p+0, "-1.5"}, /* -1.5 */
    {0x1.0f0cf064dd592p+73, "1e+22"}, /* 1e+22 */
    {0x1.52d02c7e14af6p+76, "1e+23"}, /* 1e+23 */
    {0x1.0000000000000p-1022, "2.2250738585072014e-308"}, /* 2.2250738585072014e-308 */
    {INFINITY, "inf"}, /* inf */
    {-INFINITY, "-inf"}, /* -inf */
    {NAN, "nan"}, /* nan */
    {0x1.3333333333334p-2, "0.30000000000000004"}, /* 0.30000000000000004 */
    {0x1.ad7f29abcaf48p-24, "1e-07"}, /* 1e-07 */
    {0x1.56a95319d63e1p+63, "1.2345678901234567e+19"}, /* 1.2345678901234567e+19 */
    {0x1.4000000000000p+1, "2.5"}, /* 2.5 */
    {0x1.0000000000000p-1017, "7.120236347223045e-307"}, /* 7.120236347223045e-307 */
    {0x1.0000000000000p-1007, "7.291122019556398e-304"}, /* 7.291122019556398e-304 */
    {0x0.0000000000003p-1022, "1.5e-323"}, /* 1.5e-323 */
    {0x1.1666666666666p+2, "4.35"}, /* 4.35 */
    {0x1.999999999999ap-3, "0.2"}, /* 0.2 */
    {0x1.199999999999ap+0, "1.1"}, /* 1.1 */
    {0x1.0000000000000p-10, "0.0009765625"}, /* 0.0009765625 */
    {0x1.0000000000000p-20, "9.5367431640625e-07"}, /* 9.5367431640625e-07 */
    {0x1.249ad2594c37dp+332, "1e+100"}, /* 1e+100 */
    {-0x1.bff2ee48e0530p-333, "-1e-100"}, /* -1e-100 */
    {0x1.921fb54442d18p+1, "3.141592653589793"}, /* 3.141592653589793 */
    {0x1.5bf0a8b145769p+1, "2.718281828459045"}, /* 2.718281828459045 */
    {0x1.0624dd2f1a9fcp-10, "0.001"}, /* 0.001 */
    {0x1.34a0000000000p+10, "1234.5"}, /* 1234.5 */
    {0x1.b1ae4d6e2ef50p+69, "1e+21"}, /* 1e+21 */
};
static const struct { const char *spec; double x; const char *s; } float_fmts[] = {
    /* glibc's own %#g drops zeros after a rounding carry; Python does not */
    {"%#.3g", 0x1.f3cp+9, "1.00e+03"},
    {"%#.3G", -0x1.f3cp+9, "-1.00E+03"},
    {"%#.2g", 0x1.8ep+6, "1.0e+02"},
    {"%.3g", 0x1.f3cp+9, "1e+03"},
    {"%#.1g", 0x1.eb851eb851eb8p-1, "1."},
    {"%#.0g", 0x1p-1, "0.5"},
    {"%5.2f", 0x1.921f9f01b866ep+1, " 3.14"},
    {"%5.2f", -0x1.0624dd2f1a9fcp-8, "-0.00"},
    {"%.3e", 0x1.81cd6c8b43958p+13, "1.235e+04"},
    {"%g", 0x1.4f8b588e368f1p-17, "1e-05"},
    {"%g", 0x1.d6f3454000000p+26, "1.23457e+08"},
    {"%g", 0x1.86a0000000000p+16, "100000"},
    {"%g", 0x1.e848000000000p+19, "1e+06"},
    {"%#g", 0x1.0000000000000p+0, "1.00000"},
    {"%.0f", 0x1.0000000000000p-1, "0"},
    {"%.0f", 0x1.8000000000000p+0, "2"},
    {"%.0f", 0x1.4000000000000p+1, "2"},
    {"%010.3f", -0x1.921f9f01b866ep+1, "-00003.142"},
    {"%-10.2e", 0x1.34a0000000000p+10, "1.23e+03  "},
    {"%+.1f", 0x1.2000000000000p+1, "+2.2"},
    {"% f", 0x1.0000000000000p+0, " 1.000000"},
    {"%F", INFINITY, "INF"},
    {"%f", -INFINITY, "-inf"},
    {"%05f", INFINITY, "00inf"},
    {"%E", NAN, "NAN"},
    {"%+G", NAN, "+NAN"},
    {"%.20f", 0x1.999999999999ap-4, "0.10000000000000000555"},
    {"%.17g", 0x1.999999999999ap-4, "0.10000000000000001"},
    {"%#.0e", 0x1.0000000000000p+0, "1.e+00"},
    {"%#.0f", 0x1.0000000000000p+0, "1."},
    {"%.3g", 0x1.02c9dedbc309dp-13, "0.000123"},
    {"%G", 0x1.b7cdfd9d7bdbbp-34, "1E-10"},
    {"%s", 0x1.1c37937e08000p+53, "1e+16"},
    {"%r", 0x1.999999999999ap-4, "0.1"},
    {"%8s", 0x1.4000000000000p+1, "     2.5"},
    {"%.2s", 0x1.8000000000000p+0, "1."},
    {"%f", -0x0.0p+0, "-0.000000"},
    {"%.1f", 0x1.999999999999ap-5, "0.1"},
    {"%.1f", 0x1.0000000000000p-2, "0.2"},
    {"%e", 0x0.0p+0, "0.000000e+00"},
    {"%g", 0x0.0p+0, "0"},
    {"%.100f", 0x1.5555555555555p-2, "0.3333333333333333148296162562473909929394721984863281250000000000000000000000000000000000000000000000"},
    {"%.330f", 0x0.0000000000001p-1022, "0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004940656"},
    {"%#.800g", 0x1.999999999999ap-4, "0.10000000000000000555111512312578270211815834045410156250000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
    {"%.1000e", 0x1.0000000000000p+0, "1.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e+00"},
    {"%20.15g", 0x1.2492492492492p-3, "   0.142857142857143"},
};
static const struct { const char *spec; int64_t v; const char *s; } int_fmts[] = {
    {"%d", 0, "0"},
    {"%d", INT64_MIN, "-9223372036854775808"},
    {"%d", INT64_MAX, "9223372036854775807"},
    {"%5d", 42, "   42"},
    {"%-5d", 42, "42   "},
    {"%+05d", 42, "+0042"},
    {"%+05d", -42, "-0042"},
    {"% d", 7, " 7"},
    {"%05d", -7, "-0007"},
    {"%.3d", 7, "007"},
    {"%08.3d", 7, "00000007"},
    {"%-08.3d", -7, "-007    "},
    {"%x", 255, "ff"},
    {"%X", 255, "FF"},
    {"%#x", 255, "0xff"},
    {"%#X", 255, "0XFF"},
    {"%#o", 8, "0o10"},
    {"%o", 8, "10"},
    {"%#08x", 255, "0x0000ff"},
    {"%#-8x", 255, "0xff    "},
    {"%x", -255, "-ff"},
    {"%#x", -255, "-0xff"},
    {"%#.5x", 255, "0x000ff"},
    {"%#o", 0, "0o0"},
    {"%#x", 0, "0x0"},
    {"%.0d", 0, "0"},
    {"%u", -3, "-3"},
    {"%i", 12, "12"},
    {"%+x", 10, "+a"},
    {"%x", INT64_MIN, "-8000000000000000"},
    {"%o", INT64_MIN, "-1000000000000000000000"},
    {"%#10.4o", 9, "    0o0011"},
    {"%+ d", 3, "+3"},
    {"%30d", INT64_MIN, "          -9223372036854775808"},
};
static const struct { const char *spec; const char *in; size_t n; const char *s; } str_fmts[] = {
    {"%s", "abc", 3, "abc"},
    {"%-8s", "abc", 3, "abc     "},
    {"%8s", "abc", 3, "     abc"},
    {"%.2s", "abc", 3, "ab"},
    {"%5.1s", "xyz", 3, "    x"},
    {"%r", "it's\x0a""\xe9""\x00""", 7, "\"it's\\n\xe9""\\x00\""},
    {"%r", "a\"b'c", 5, "'a\"b\\'c'"},
    {"%r", "\"", 1, "'\"'"},
    {"%r", "'", 1, "\"'\""},
    {"%r", "", 0, "''"},
    {"%r", "\\\x09""\x0d""\x7f""\x80""\x9f""\xa0""\xa1""\xad""\xae""\xff""\x1f"" ", 13, "'\\\\\\t\\r\\x7f\\x80\\x9f\\xa0\xa1""\\xad\xae""\xff""\\x1f '"},
    {"%a", "\xe9""\xff""\x7f""", 3, "'\\xe9\\xff\\x7f'"},
    {"%.3r", "abcdef", 6, "'ab"},
    {"%-6r", "ab", 2, "'ab'  "},
    {"%06s", "ab", 2, "    ab"},
    {"%10r", "\x00""", 1, "    '\\x00'"},
    {"%s", "", 0, ""},
};
static const struct { const char *in; size_t n; int base; int st; int64_t v; const char *msg; } int_parses[] = {
    {" 1_0 ", 5, 10, RT_PARSE_OK, 10LL, ""},
    {"1__0", 4, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '1__0'"},
    {"_1", 2, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '_1'"},
    {"1_", 2, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '1_'"},
    {"0x10", 4, 16, RT_PARSE_OK, 16LL, ""},
    {"0x10", 4, 0, RT_PARSE_OK, 16LL, ""},
    {"0x10", 4, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '0x10'"},
    {"010", 3, 0, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 0: '010'"},
    {"010", 3, 10, RT_PARSE_OK, 10LL, ""},
    {"0_0", 3, 0, RT_PARSE_OK, 0LL, ""},
    {"00", 2, 0, RT_PARSE_OK, 0LL, ""},
    {"\xa0"" 12\x85""", 5, 10, RT_PARSE_OK, 12LL, ""},
    {"\x1c""12", 3, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '\\x1c12'"},
    {"12\x1f""", 3, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '12\\x1f'"},
    {"-0", 2, 10, RT_PARSE_OK, 0LL, ""},
    {"+7", 2, 10, RT_PARSE_OK, 7LL, ""},
    {"- 1", 3, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '- 1'"},
    {"9223372036854775807", 19, 10, RT_PARSE_OK, 9223372036854775807LL, ""},
    {"9223372036854775808", 19, 10, RT_PARSE_OVERFLOW, INT64_MIN, ""},
    {"-9223372036854775808", 20, 10, RT_PARSE_OK, INT64_MIN, ""},
    {"-9223372036854775809", 20, 10, RT_PARSE_OVERFLOW, 9223372036854775807LL, ""},
    {"99999999999999999999999", 23, 10, RT_PARSE_OVERFLOW, 200376420520689663LL, ""},
    {"99999999999999999999999x", 24, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '99999999999999999999999x'"},
    {"0x_ff", 5, 16, RT_PARSE_OK, 255LL, ""},
    {"0x_ff", 5, 0, RT_PARSE_OK, 255LL, ""},
    {"0x__ff", 6, 16, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 16: '0x__ff'"},
    {"0b101", 5, 0, RT_PARSE_OK, 5LL, ""},
    {"0B101", 5, 2, RT_PARSE_OK, 5LL, ""},
    {"0o17", 4, 8, RT_PARSE_OK, 15LL, ""},
    {"0o17", 4, 0, RT_PARSE_OK, 15LL, ""},
    {"0b2", 3, 0, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 0: '0b2'"},
    {"z", 1, 36, RT_PARSE_OK, 35LL, ""},
    {"Zz", 2, 36, RT_PARSE_OK, 1295LL, ""},
    {"10", 2, 2, RT_PARSE_OK, 2LL, ""},
    {"12", 2, 2, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 2: '12'"},
    {"", 0, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: ''"},
    {"   ", 3, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '   '"},
    {"0x", 2, 16, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 16: '0x'"},
    {"0b", 2, 16, RT_PARSE_OK, 11LL, ""},
    {"1 2", 3, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '1 2'"},
    {"1\x00""2", 3, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '1\\x002'"},
    {"\xb2""", 1, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '\xb2""'"},
    {"-0x10", 5, 0, RT_PARSE_OK, -16LL, ""},
    {"0xffffffffffffffff", 18, 16, RT_PARSE_OVERFLOW, -1LL, ""},
    {"0x7fffffffffffffff", 18, 0, RT_PARSE_OK, 9223372036854775807LL, ""},
    {"-0x8000000000000000", 19, 0, RT_PARSE_OK, INT64_MIN, ""},
    {"1", 1, 1, RT_PARSE_BAD_BASE, 0LL, "int() base must be >= 2 and <= 36, or 0"},
    {"1", 1, 37, RT_PARSE_BAD_BASE, 0LL, "int() base must be >= 2 and <= 36, or 0"},
    {"7fffffffffffffff", 16, 16, RT_PARSE_OK, 9223372036854775807LL, ""},
    {"1e5", 3, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '1e5'"},
    {"1.0", 3, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '1.0'"},
    {"+", 1, 10, RT_PARSE_INVALID, 0LL, "invalid literal for int() with base 10: '+'"},
    {"000000000000000000000000000000000000000000000000001", 51, 10, RT_PARSE_OK, 1LL, ""},
    {"ABC", 3, 16, RT_PARSE_OK, 2748LL, ""},
};
static const struct { const char *in; size_t n; int ok; double v; const char *msg; } float_parses[] = {
    {"1.5", 3, 1, 0x1.8000000000000p+0, ""},
    {" 1.5 ", 5, 1, 0x1.8000000000000p+0, ""},
    {"\xa0""1.5\x85""", 5, 1, 0x1.8000000000000p+0, ""},
    {"\x1c""1.5", 4, 0, 0, "could not convert string to float: '\\x1c1.5'"},
    {"1_0.5_0e1_0", 11, 1, 0x1.8727cda000000p+36, ""},
    {"1_.5", 4, 0, 0, "could not convert string to float: '1_.5'"},
    {"1._5", 4, 0, 0, "could not convert string to float: '1._5'"},
    {"1e_5", 4, 0, 0, "could not convert string to float: '1e_5'"},
    {"1_e5", 4, 0, 0, "could not convert string to float: '1_e5'"},
    {".5", 2, 1, 0x1.0000000000000p-1, ""},
    {"5.", 2, 1, 0x1.4000000000000p+2, ""},
    {".", 1, 0, 0, "could not convert string to float: '.'"},
    {"1e", 2, 0, 0, "could not convert string to float: '1e'"},
    {"1e+", 3, 0, 0, "could not convert string to float: '1e+'"},
    {"-.5e-3", 6, 1, -0x1.0624dd2f1a9fcp-11, ""},
    {"+inf", 4, 1, INFINITY, ""},
    {"-Infinity", 9, 1, -INFINITY, ""},
    {"iNfInItY", 8, 1, INFINITY, ""},
    {"nan", 3, 1, NAN, ""},
    {"-nan", 4, 1, -NAN, ""},
    {"+NaN", 4, 1, NAN, ""},
    {"nan(1)", 6, 0, 0, "could not convert string to float: 'nan(1)'"},
    {"infinit", 7, 0, 0, "could not convert string to float: 'infinit'"},
    {"infinityy", 9, 0, 0, "could not convert string to float: 'infinityy'"},
    {"0x1p3", 5, 0, 0, "could not convert string to float: '0x1p3'"},
    {"0x10", 4, 0, 0, "could not convert string to float: '0x10'"},
    {"1e500", 5, 1, INFINITY, ""},
    {"-1e500", 6, 1, -INFINITY, ""},
    {"1e-500", 6, 1, 0x0.0p+0, ""},
    {"- 1", 3, 0, 0, "could not convert string to float: '- 1'"},
    {"1.5_", 4, 0, 0, "could not convert string to float: '1.5_'"},
    {"__1", 3, 0, 0, "could not convert string to float: '__1'"},
    {"1\x00""", 2, 0, 0, "could not convert string to float: '1\\x00'"},
    {"0000001.5", 9, 1, 0x1.8000000000000p+0, ""},
    {"1E5", 3, 1, 0x1.86a0000000000p+16, ""},
    {"-0", 2, 1, -0x0.0p+0, ""},
    {"-0.0", 4, 1, -0x0.0p+0, ""},
    {"", 0, 0, 0, "could not convert string to float: ''"},
    {" ", 1, 0, 0, "could not convert string to float: ' '"},
    {"1,5", 3, 0, 0, "could not convert string to float: '1,5'"},
    {"1.5e3.2", 7, 0, 0, "could not convert string to float: '1.5e3.2'"},
    {"2.2250738585072011e-308", 23, 1, 0x0.fffffffffffffp-1022, ""},
    {"4.9406564584124654e-324", 23, 1, 0x0.0000000000001p-1022, ""},
    {"2.4703282292062327e-324", 23, 1, 0x0.0p+0, ""},
    {"2.4703282292062328e-324", 23, 1, 0x0.0000000000001p-1022, ""},
    {"1.7976931348623158e308", 22, 1, 0x1.fffffffffffffp+1023, ""},
    {"1.7976931348623159e308", 22, 1, INFINITY, ""},
    {"0.1000000000000000055511151231257827021181583404541015625", 57, 1, 0x1.999999999999ap-4, ""},
    {"9007199254740993", 16, 1, 0x1.0000000000000p+53, ""},
    {"9007199254740993.0000000000000000000000000000000000001", 54, 1, 0x1.0000000000001p+53, ""},
    {"10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e-400", 406, 1, 0x1.0000000000000p+0, ""},
    {"0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001e1001", 1008, 1, 0x1.0000000000000p+0, ""},
    {"1e99999999999999999999", 22, 1, INFINITY, ""},
    {"1e-99999999999999999999", 23, 1, 0x0.0p+0, ""},
    {"123456789012345678901234567890", 30, 1, 0x1.8ee90ff6c373ep+96, ""},
    {"e5", 2, 0, 0, "could not convert string to float: 'e5'"},
    {"+.e5", 4, 0, 0, "could not convert string to float: '+.e5'"},
};
static const struct { const char *in; size_t n; int64_t h; } hashes[] = {
    {"a", 1, 4644417185603328019LL},
    {"abc", 3, -4594863902769663758LL},
    {"hello world", 11, -5642461784034726774LL},
    {"\xe9""t\xe9""", 3, -1033370291238291217LL},
    {"abcdefgh", 8, 4574395652268504554LL},
    {"abcdefghi", 9, -532774252720507163LL},
    {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 100, 1359644457043326220LL},
    {"\x00""", 1, 7541581120933061747LL},
    {"\xff""\xff""\xff""\xff""\xff""\xff""\xff""", 7, -6643077142788856571LL},
};
static const struct { const char *h; size_t hn; const char *nd; size_t nn; int64_t start, end; ptrdiff_t find, rfind; size_t count; int sw, ew; } ranges[] = {
    {"hello world", 11, "o", 1, 0, INT64_MAX, 4, 7, 2, 0, 0},
    {"hello world", 11, "o", 1, 5, INT64_MAX, 7, 7, 1, 0, 0},
    {"hello world", 11, "o", 1, -3, INT64_MAX, -1, -1, 0, 0, 0},
    {"hello world", 11, "o", 1, 0, -4, 4, 4, 1, 0, 0},
    {"abc", 3, "", 0, 0, INT64_MAX, 0, 3, 4, 1, 1},
    {"abc", 3, "", 0, 1, INT64_MAX, 1, 3, 3, 1, 1},
    {"abc", 3, "", 0, 3, INT64_MAX, 3, 3, 1, 1, 1},
    {"abc", 3, "", 0, 4, INT64_MAX, -1, -1, 0, 0, 0},
    {"abc", 3, "", 0, -1, INT64_MAX, 2, 3, 2, 1, 1},
    {"abc", 3, "", 0, 5, 1, -1, -1, 0, 0, 0},
    {"", 0, "", 0, 0, INT64_MAX, 0, 0, 1, 1, 1},
    {"aaaa", 4, "aa", 2, 0, INT64_MAX, 0, 2, 2, 1, 1},
    {"abcabcabc", 9, "cab", 3, 0, INT64_MAX, 2, 5, 2, 0, 0},
    {"abcabcabc", 9, "abc", 3, 1, -1, 3, 3, 1, 0, 0},
    {"abc", 3, "abcd", 4, 0, INT64_MAX, -1, -1, 0, 0, 0},
    {"abc", 3, "c", 1, -10, -1, -1, -1, 0, 0, 0},
    {"abc", 3, "c", 1, 2, 2, -1, -1, 0, 0, 0},
    {"a\x00""b\x00""", 4, "\x00""", 1, 0, INT64_MAX, 1, 3, 2, 0, 1},
    {"xyz", 3, "q", 1, 0, INT64_MAX, -1, -1, 0, 0, 0},
    {"aXbXc", 5, "X", 1, -100, 100, 1, 3, 2, 0, 0},
    {"abababababababababababababababababababababc", 43, "abc", 3, 0, INT64_MAX, 40, 40, 1, 0, 1},
    {"banana", 6, "ana", 3, 0, INT64_MAX, 1, 3, 1, 0, 1},
    {"banana", 6, "na", 2, 3, INT64_MAX, 4, 4, 1, 0, 1},
    {"\xff""\xfe""\xff""", 3, "\xff""", 1, 0, INT64_MAX, 0, 2, 2, 1, 1},
};
static const struct { const char *s; size_t n; const char *old; size_t on; const char *nw; size_t nn; int64_t count; const char *r; size_t rn; } replaces[] = {
    {"abc", 3, "", 0, "-", 1, -1, "-a-b-c-", 7},
    {"abc", 3, "", 0, "-", 1, 2, "-a-bc", 5},
    {"abc", 3, "", 0, "-", 1, 0, "abc", 3},
    {"", 0, "", 0, "x", 1, -1, "x", 1},
    {"", 0, "", 0, "x", 1, 1, "x", 1},
    {"aaa", 3, "a", 1, "bb", 2, -1, "bbbbbb", 6},
    {"aaa", 3, "a", 1, "bb", 2, 2, "bbbba", 5},
    {"aaaa", 4, "aa", 2, "x", 1, -1, "xx", 2},
    {"hello", 5, "l", 1, "", 0, -1, "heo", 3},
    {"hello", 5, "xyz", 3, "q", 1, -1, "hello", 5},
    {"abcabc", 6, "bc", 2, "BCD", 3, -1, "aBCDaBCD", 8},
    {"\xdf""\xdf""", 2, "\xdf""", 1, "ss", 2, 1, "ss\xdf""", 3},
    {"a.b.c", 5, ".", 1, "", 0, -5, "abc", 3},
};
static const struct { const char *s; size_t n; int64_t maxsplit; const char *pieces; size_t pn; } wsplits[] = {
    {" a  b ", 6, -1, "a\x1e""b\x1e""", 4},
    {" a  b ", 6, 1, "a\x1e""b \x1e""", 5},
    {" a  b ", 6, 0, "a  b \x1e""", 6},
    {"  ", 2, 0, "", 0},
    {"", 0, -1, "", 0},
    {"a\xa0""b\x85""c\x1c""d\x1f""e\x0b""f\x0c""g", 13, -1, "a\x1e""b\x1e""c\x1e""d\x1e""e\x1e""f\x1e""g\x1e""", 14},
    {"\x09"" x\x0a""", 4, -1, "x\x1e""", 2},
    {"abc", 3, -1, "abc\x1e""", 4},
    {"a b c d", 7, 2, "a\x1e""b\x1e""c d\x1e""", 8},
    {"\xa0""\xa0""", 2, -1, "", 0},
    {"x\x00""y z", 5, -1, "x\x00""y\x1e""z\x1e""", 6},
};
static const struct { const char *s; size_t n; const char *sep; size_t sn; int64_t maxsplit; const char *pieces; size_t pn; } ssplits[] = {
    {"a,b,,c", 6, ",", 1, -1, "a\x1e""b\x1e""\x1e""c\x1e""", 7},
    {"a,b,,c", 6, ",", 1, 2, "a\x1e""b\x1e"",c\x1e""", 7},
    {"a,b,,c", 6, ",", 1, 0, "a,b,,c\x1e""", 7},
    {"", 0, ",", 1, -1, "\x1e""", 1},
    {",", 1, ",", 1, -1, "\x1e""\x1e""", 2},
    {"abcabc", 6, "bc", 2, -1, "a\x1e""a\x1e""\x1e""", 5},
    {"aaa", 3, "aa", 2, -1, "\x1e""a\x1e""", 3},
    {"x--y--", 6, "--", 2, -1, "x\x1e""y\x1e""\x1e""", 5},
    {"no sep", 6, ";", 1, -1, "no sep\x1e""", 7},
    {"a\x00""b", 3, "\x00""", 1, -1, "a\x1e""b\x1e""", 4},
};
static const struct { const char *s; size_t n; const char *chars; size_t cn; struct { const char *r; size_t n; } left, right, both; } strips[] = {
    {"  a b  ", 7, NULL, 0, {"a b  ", 5}, {"  a b", 5}, {"a b", 3}},
    {"\xa0""\x85""x\x1c""\x1f""", 5, NULL, 0, {"x\x1c""\x1f""", 3}, {"\xa0""\x85""x", 3}, {"x", 1}},
    {"\x00"" x \x00""", 5, NULL, 0, {"\x00"" x \x00""", 5}, {"\x00"" x \x00""", 5}, {"\x00"" x \x00""", 5}},
    {"xxhixx", 6, "x", 1, {"hixx", 4}, {"xxhi", 4}, {"hi", 2}},
    {"abcHIcba", 8, "abc", 3, {"HIcba", 5}, {"abcHI", 5}, {"HI", 2}},
    {"aaa", 3, "a", 1, {"", 0}, {"", 0}, {"", 0}},
    {"", 0, NULL, 0, {"", 0}, {"", 0}, {"", 0}},
    {"   ", 3, NULL, 0, {"", 0}, {"", 0}, {"", 0}},
    {"hi", 2, "", 0, {"hi", 2}, {"hi", 2}, {"hi", 2}},
    {"\xff""\xfe""A\xfe""", 4, "\xfe""\xff""", 2, {"A\xfe""", 2}, {"\xff""\xfe""A", 3}, {"A", 1}},
};
static const struct { const char *s; size_t n; const char *up; size_t un; const char *lo; int isdigit, isalpha, isalnum, isspace, isupper, islower; } cases[] = {
    {"Hello World", 11, "HELLO WORLD", 11, "hello world", 0, 0, 0, 0, 0, 0},
    {"\xdf""", 1, "SS", 2, "\xdf""", 0, 1, 1, 0, 0, 1},
    {"stra\xdf""e", 6, "STRASSE", 7, "stra\xdf""e", 0, 1, 1, 0, 0, 1},
    {"\xb5""\xff""\xe0""\xc0""", 4, "\xb5""\xff""\xc0""\xc0""", 4, "\xb5""\xff""\xe0""\xe0""", 0, 1, 1, 0, 0, 0},
    {"abc123!", 7, "ABC123!", 7, "abc123!", 0, 0, 0, 0, 0, 1},
    {"", 0, "", 0, "", 0, 0, 0, 0, 0, 0},
    {"\xaa""\xba""\xb2""", 3, "\xaa""\xba""\xb2""", 3, "\xaa""\xba""\xb2""", 0, 0, 1, 0, 0, 1},
    {"ABC", 3, "ABC", 3, "abc", 0, 1, 1, 0, 1, 0},
    {"ABc", 3, "ABC", 3, "abc", 0, 1, 1, 0, 0, 0},
    {"123", 3, "123", 3, "123", 1, 0, 1, 0, 0, 0},
    {"\xb2""\xb3""\xb9""", 3, "\xb2""\xb3""\xb9""", 3, "\xb2""\xb3""\xb9""", 1, 0, 1, 0, 0, 0},
    {"\xbc""", 1, "\xbc""", 1, "\xbc""", 0, 0, 1, 0, 0, 0},
    {" \x09""", 2, " \x09""", 2, " \x09""", 0, 0, 0, 1, 0, 0},
    {"a b", 3, "A B", 3, "a b", 0, 0, 0, 0, 0, 1},
    {"\xc0""\xde""", 2, "\xc0""\xde""", 2, "\xe0""\xfe""", 0, 1, 1, 0, 1, 0},
    {"\xdf""\xe0""", 2, "SS\xc0""", 3, "\xdf""\xe0""", 0, 1, 1, 0, 0, 1},
    {"A1!", 3, "A1!", 3, "a1!", 0, 0, 0, 0, 1, 0},
    {"1!", 2, "1!", 2, "1!", 0, 0, 0, 0, 0, 0},
};

/* ---- helpers ------------------------------------------------------------- */

enum { BIG = 4096 };

/* Checks a writer's result against `want` both with room to spare and with
 * every smaller capacity (the rt_out contract: the first cap bytes, never
 * more, and always the full length returned). */
#define CHECK_OUT(want, wantlen, CALL)                                        \
  do {                                                                       \
    char *out_ = malloc(BIG);                                                \
    size_t wl_ = (wantlen);                                                  \
    size_t cap = BIG;                                                        \
    size_t got_ = (CALL);                                                    \
    if (got_ != wl_ || memcmp(out_, (want), wl_) != 0)                       \
      fail_msg("%s:%d: got \"%.*s\" (%zu), want \"%.*s\"", __FILE__,         \
               __LINE__, (int)(got_ < BIG ? got_ : BIG), out_, got_,         \
               (int)wl_, (want));                                            \
    for (cap = 0; cap < wl_ && cap < 64; cap++) {                            \
      memset(out_, '#', BIG);                                                \
      assert_int_equal((CALL), wl_);                                         \
      assert_memory_equal(out_, (want), cap);                                \
      assert_int_equal(out_[cap], '#');                                      \
    }                                                                        \
    free(out_);                                                              \
  } while (0)

static void test_float_repr_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof float_reprs / sizeof *float_reprs; i++) {
    char buf[RT_FLOAT_REPR_MAX];
    size_t n = rt_float_repr(buf, float_reprs[i].x);
    if (n != strlen(float_reprs[i].s) || memcmp(buf, float_reprs[i].s, n) != 0)
      fail_msg("repr #%zu: got %.*s want %s", i, (int)n, buf, float_reprs[i].s);
  }
}

static uint64_t xorshift(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

/* Random doubles: the repr reads back exactly, has at most 17 digits, and
 * no shorter correctly rounded candidate reads back. */
static void test_float_repr_roundtrip(void **state) {
  (void)state;
  uint64_t seed = 12345;
  for (int i = 0; i < 20000; i++) {
    uint64_t bits = xorshift(&seed);
    double x;
    memcpy(&x, &bits, sizeof x);
    if (!isfinite(x)) continue;
    char buf[RT_FLOAT_REPR_MAX + 1];
    size_t n = rt_float_repr(buf, x);
    buf[n] = 0;
    double back = strtod(buf, NULL);
    assert_memory_equal(&back, &x, sizeof x);
    char dig[17];
    int e, nd = rt_float_shortest(x, dig, &e);
    assert_true(nd >= 1 && nd <= 17);
    if (nd > 1) {
      char shorter[40];
      snprintf(shorter, sizeof shorter, "%.*e", nd - 2, fabs(x));
      assert_true(strtod(shorter, NULL) != fabs(x));
    }
  }
}

static void test_float_fmt_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof float_fmts / sizeof *float_fmts; i++) {
    RtFmtSpec sp;
    size_t pos = 0;
    const char *f = float_fmts[i].spec;
    assert_int_equal(rt_fmt_parse_spec(f, strlen(f), &pos, &sp), RT_SPEC_OK);
    assert_int_equal(pos, strlen(f));
    CHECK_OUT(float_fmts[i].s, strlen(float_fmts[i].s),
              rt_fmt_float(out_, cap, &sp, float_fmts[i].x));
  }
}

/* %.Pg against glibc's printf for P = 1..17: short decimals (what the
 * fast path of rt_float.c takes: 12.375, 0.1, 1e-4, 123.99999...) and
 * random doubles, both signs. */
static void check_g_like_printf(double x) {
  for (int P = 1; P <= 17; P++) {
    RtFmtSpec sp = {.flags = 0, .width = 0, .prec = P, .conv = 'g'};
    char want[64], got[64];
    snprintf(want, sizeof want, "%.*g", P, x);
    size_t n = rt_fmt_float(got, sizeof got, &sp, x);
    got[n < sizeof got ? n : sizeof got - 1] = 0;
    if (strcmp(got, want) != 0) fail_msg("%%.%dg of %.17g: got %s, want %s", P, x, got, want);
  }
}

static void test_float_g_like_printf(void **state) {
  (void)state;
  static const double fixed[] = {0.1, 0.2, 0.3, 0.1 + 0.2, 1e-4, 1.5e-4, 1e-5, 123.99999999999999,
                                 1240.0, 999.5, 0.5, 1e14, 1e15, 99999999999999.0,
                                 123456789012345.0, 4503599627370496.5, 2.5, 1e-300, 5e-324};
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
    check_g_like_printf(fixed[i]);
    check_g_like_printf(-fixed[i]);
  }
  for (int i = 0; i < 4000; i++) {  /* json.lua's prices, and other short decimals */
    check_g_like_printf(i * 0.25 + 0.125);
    check_g_like_printf(i / 1000.0);
    check_g_like_printf(i * 1.1);
  }
  uint64_t seed = 12345;
  for (int i = 0; i < 3000; i++) {
    uint64_t bits = xorshift(&seed);
    double x;
    memcpy(&x, &bits, sizeof x);
    if (isfinite(x)) check_g_like_printf(x);
  }
}

static void test_int_fmt_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof int_fmts / sizeof *int_fmts; i++) {
    RtFmtSpec sp;
    size_t pos = 0;
    const char *f = int_fmts[i].spec;
    assert_int_equal(rt_fmt_parse_spec(f, strlen(f), &pos, &sp), RT_SPEC_OK);
    CHECK_OUT(int_fmts[i].s, strlen(int_fmts[i].s),
              rt_fmt_int(out_, cap, &sp, int_fmts[i].v));
  }
  RtFmtSpec sp = {.flags = 0, .width = 0, .prec = -1, .conv = 'd'};
  CHECK_OUT("18446744073709551615", 20, rt_fmt_uint(out_, cap, &sp, UINT64_MAX));
  sp.conv = 'x';
  sp.flags = RT_FMT_ALT;
  CHECK_OUT("0xffffffffffffffff", 18, rt_fmt_uint(out_, cap, &sp, UINT64_MAX));
}

static void test_str_fmt_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof str_fmts / sizeof *str_fmts; i++) {
    RtFmtSpec sp;
    size_t pos = 0;
    const char *f = str_fmts[i].spec;
    assert_int_equal(rt_fmt_parse_spec(f, strlen(f), &pos, &sp), RT_SPEC_OK);
    CHECK_OUT(str_fmts[i].s, strlen(str_fmts[i].s),
              rt_fmt_str(out_, cap, &sp, str_fmts[i].in, str_fmts[i].n));
  }
}

static void test_char_fmt(void **state) {
  (void)state;
  RtFmtSpec sp;
  size_t pos = 0;
  assert_int_equal(rt_fmt_parse_spec("%3c", 3, &pos, &sp), RT_SPEC_OK);
  CHECK_OUT("  A", 3, rt_fmt_char(out_, cap, &sp, 65));
  pos = 0;
  assert_int_equal(rt_fmt_parse_spec("%-3.0c", 6, &pos, &sp), RT_SPEC_OK);
  CHECK_OUT("\xe9  ", 3, rt_fmt_char(out_, cap, &sp, 0xe9)); /* '%-3.0c' % 'é' */
}

static void test_spec_parse_and_errors(void **state) {
  (void)state;
  RtFmtSpec sp;
  size_t pos = 3;
  const char *f = "ab %-+ #012.5lx|";
  assert_int_equal(rt_fmt_parse_spec(f, strlen(f), &pos, &sp), RT_SPEC_OK);
  assert_int_equal(sp.flags, RT_FMT_LEFT | RT_FMT_PLUS | RT_FMT_SPACE | RT_FMT_ALT | RT_FMT_ZERO);
  assert_int_equal(sp.width, 12);
  assert_int_equal(sp.prec, 5);
  assert_int_equal(sp.conv, 'x');
  assert_int_equal(pos, strlen(f) - 1);
  pos = 0;
  assert_int_equal(rt_fmt_parse_spec("%%", 2, &pos, &sp), RT_SPEC_OK);
  assert_int_equal(sp.conv, '%');
  assert_int_equal(pos, 2);
  pos = 0;
  assert_int_equal(rt_fmt_parse_spec("%*.*f", 5, &pos, &sp), RT_SPEC_OK);
  assert_true(sp.flags & RT_FMT_WIDTH_STAR);
  assert_true(sp.flags & RT_FMT_PREC_STAR);
  assert_int_equal(rt_fmt_star_width(&sp, -7), 0); /* '%*.*f' % (-7, 1, 2.25) */
  assert_int_equal(rt_fmt_star_prec(&sp, 1), 0);
  CHECK_OUT("2.2    ", 7, rt_fmt_float(out_, cap, &sp, 2.25));
  assert_int_equal(rt_fmt_star_width(&sp, (int64_t)1 << 40), -1);
  /* Python's messages */
  static const struct { const char *f; RtSpecStatus st; const char *msg; } errs[] = {
      {"%", RT_SPEC_INCOMPLETE, "incomplete format"},
      {"%-5.", RT_SPEC_INCOMPLETE, "incomplete format"},
      {"%5%", RT_SPEC_UNSUPPORTED, "unsupported format character '%' (0x25) at index 2"},
      {"ab%q", RT_SPEC_UNSUPPORTED, "unsupported format character 'q' (0x71) at index 3"},
      {"%\x01", RT_SPEC_UNSUPPORTED, "unsupported format character '?' (0x1) at index 1"},
      {"%\xe9", RT_SPEC_UNSUPPORTED, "unsupported format character '?' (0xe9) at index 1"},
      {"%(a)s", RT_SPEC_MAPPING, "format requires a mapping"},
      {"%99999999999d", RT_SPEC_WIDTH_BIG, "width too big"},
      {"%.99999999999d", RT_SPEC_PREC_BIG, "precision too big"},
  };
  for (size_t i = 0; i < sizeof errs / sizeof *errs; i++) {
    size_t n = strlen(errs[i].f);
    pos = errs[i].f[0] == '%' ? 0 : 2;
    RtSpecStatus st = rt_fmt_parse_spec(errs[i].f, n, &pos, &sp);
    assert_int_equal(st, errs[i].st);
    CHECK_OUT(errs[i].msg, strlen(errs[i].msg),
              rt_fmt_spec_error(out_, cap, st, errs[i].f, n, pos));
  }
}

static void test_int_str_and_repr(void **state) {
  (void)state;
  char buf[RT_INT_STR_MAX];
  static const struct { int64_t v; const char *s; } ints[] = {
      {0, "0"}, {7, "7"}, {-7, "-7"}, {10, "10"}, {1234567890123LL, "1234567890123"},
      {INT64_MAX, "9223372036854775807"}, {INT64_MIN, "-9223372036854775808"},
  };
  for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
    size_t n = rt_int_str(buf, ints[i].v);
    assert_int_equal(n, strlen(ints[i].s));
    assert_memory_equal(buf, ints[i].s, n);
  }
  assert_int_equal(rt_uint_str(buf, UINT64_MAX), 20);
  assert_memory_equal(buf, "18446744073709551615", 20);
  /* repr(s) for all 256 bytes at once, as CPython prints it */
  char all[256];
  for (int i = 0; i < 256; i++) all[i] = (char)i;
  char want[1200];
  size_t wn = 0;
  want[wn++] = '\'';
  for (int i = 0; i < 256; i++) {
    if (i == '\\' || i == '\'') { want[wn++] = '\\'; want[wn++] = (char)i; }
    else if (i == '\n') { memcpy(want + wn, "\\n", 2); wn += 2; }
    else if (i == '\r') { memcpy(want + wn, "\\r", 2); wn += 2; }
    else if (i == '\t') { memcpy(want + wn, "\\t", 2); wn += 2; }
    else if (i < 0x20 || (i >= 0x7f && i <= 0xa0) || i == 0xad) {
      wn += (size_t)snprintf(want + wn, 5, "\\x%02x", i);
    } else want[wn++] = (char)i;
  }
  want[wn++] = '\'';
  CHECK_OUT(want, wn, rt_str_repr(out_, cap, all, 256));
}

static void test_int_parse_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof int_parses / sizeof *int_parses; i++) {
    int64_t v = 12345;
    RtParseStatus st = rt_parse_int(int_parses[i].in, int_parses[i].n, int_parses[i].base, &v);
    if ((int)st != int_parses[i].st)
      fail_msg("int #%zu (%s): status %d want %d", i, int_parses[i].in, st, int_parses[i].st);
    if (st == RT_PARSE_OK || st == RT_PARSE_OVERFLOW) {
      if (v != int_parses[i].v) fail_msg("int #%zu: %lld", i, (long long)v);
    } else {
      CHECK_OUT(int_parses[i].msg, strlen(int_parses[i].msg),
                rt_int_parse_error(out_, cap, int_parses[i].in, int_parses[i].n,
                                   int_parses[i].base));
    }
  }
}

static void test_int_parse_message_cut(void **state) {
  (void)state;
  char in[300];
  memset(in, 'x', sizeof in);
  char want[300];
  int n = snprintf(want, sizeof want, "invalid literal for int() with base 10: '");
  memset(want + n, 'x', 199);
  int64_t v;
  assert_int_equal(rt_parse_int(in, sizeof in, 10, &v), RT_PARSE_INVALID);
  CHECK_OUT(want, (size_t)n + 199, rt_int_parse_error(out_, cap, in, sizeof in, 10));
}

static void test_float_parse_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof float_parses / sizeof *float_parses; i++) {
    double v = 12345;
    RtParseStatus st = rt_parse_float(float_parses[i].in, float_parses[i].n, &v);
    if (float_parses[i].ok) {
      if (st != RT_PARSE_OK) fail_msg("float #%zu (%s) rejected", i, float_parses[i].in);
      double w = float_parses[i].v;
      if (isnan(w)) assert_true(isnan(v));
      else if (memcmp(&v, &w, sizeof v) != 0)
        fail_msg("float #%zu (%s): %a want %a", i, float_parses[i].in, v, w);
    } else {
      if (st != RT_PARSE_INVALID) fail_msg("float #%zu (%s) accepted", i, float_parses[i].in);
      CHECK_OUT(float_parses[i].msg, strlen(float_parses[i].msg),
                rt_float_parse_error(out_, cap, float_parses[i].in, float_parses[i].n));
    }
  }
}

/* float(repr(x)) == x and float('%.17g' % x) == x for random doubles. */
static void test_float_parse_roundtrip(void **state) {
  (void)state;
  uint64_t seed = 987654321;
  for (int i = 0; i < 20000; i++) {
    uint64_t bits = xorshift(&seed);
    double x, v;
    memcpy(&x, &bits, sizeof x);
    if (!isfinite(x)) continue;
    char buf[64];
    size_t n = rt_float_repr(buf, x);
    assert_int_equal(rt_parse_float(buf, n, &v), RT_PARSE_OK);
    assert_memory_equal(&v, &x, sizeof x);
    n = (size_t)snprintf(buf, sizeof buf, " %.25e\n", x);
    assert_int_equal(rt_parse_float(buf, n, &v), RT_PARSE_OK);
    assert_memory_equal(&v, &x, sizeof x);
  }
}

/* ---- character table and str methods ----------------------------------- */

static void test_chartable(void **state) {
  (void)state;
  const char *spaces = "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0";
  int nspace = 0, ndigit = 0;
  for (int c = 0; c < 256; c++) {
    nspace += rt_isspace(c);
    ndigit += rt_isdigit(c);
    assert_int_equal(rt_isspace(c), c != 0 && strchr(spaces, c) != NULL);
    if (c >= 'a' && c <= 'z') assert_int_equal(rt_char_upper[c][0], c - 32);
    if (c >= 'A' && c <= 'Z') assert_int_equal(rt_tolower(c), c + 32);
    if (rt_isalpha(c) || rt_isdigit(c)) assert_true(rt_isalnum(c));
  }
  assert_int_equal(nspace, 12);
  assert_int_equal(ndigit, 13); /* 0-9 and superscripts 2 3 1 */
  assert_true(rt_char_flags[0xdf] & RT_CF_UPPER2);
  assert_memory_equal(rt_char_upper[0xdf], "SS", 2);
  assert_int_equal(rt_char_upper[0xff][0], 0xff); /* documented difference */
  assert_int_equal(rt_char_upper[0xb5][0], 0xb5);
  assert_int_equal(rt_char_upper[0xe9][0], 0xc9);
  assert_int_equal(rt_tolower(0xde), 0xfe);
  assert_true(rt_isalnum(0xbd) && !rt_isdigit(0xbd)); /* ½ is numeric */
  assert_true(rt_isalpha(0xaa) && rt_islower(0xaa));   /* ª */
  assert_false(rt_isprint(0xa0));
  assert_false(rt_isprint(0xad));
  assert_true(rt_isprint(0xa1));
}

static void test_find_count_ranges(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++) {
    const char *h = ranges[i].h, *nd = ranges[i].nd;
    size_t hn = ranges[i].hn, nn = ranges[i].nn;
    int64_t s = ranges[i].start, e = ranges[i].end;
    if (rt_str_find_range(h, hn, nd, nn, s, e) != ranges[i].find)
      fail_msg("find #%zu", i);
    if (rt_str_rfind_range(h, hn, nd, nn, s, e) != ranges[i].rfind)
      fail_msg("rfind #%zu", i);
    if (rt_str_count_range(h, hn, nd, nn, s, e) != ranges[i].count)
      fail_msg("count #%zu", i);
    if (rt_str_startswith_range(h, hn, nd, nn, s, e) != ranges[i].sw)
      fail_msg("startswith #%zu", i);
    if (rt_str_endswith_range(h, hn, nd, nn, s, e) != ranges[i].ew)
      fail_msg("endswith #%zu", i);
    if (s == 0 && e == INT64_MAX) {
      assert_int_equal(rt_str_find(h, hn, nd, nn), ranges[i].find);
      assert_int_equal(rt_str_rfind(h, hn, nd, nn), ranges[i].rfind);
      assert_int_equal(rt_str_count(h, hn, nd, nn), ranges[i].count);
      assert_int_equal(rt_str_startswith(h, hn, nd, nn), ranges[i].sw);
      assert_int_equal(rt_str_endswith(h, hn, nd, nn), ranges[i].ew);
    }
  }
}

static ptrdiff_t naive_find(const char *h, size_t hn, const char *nd, size_t m, bool rev) {
  if (m > hn) return -1;
  for (size_t k = 0; k <= hn - m; k++) {
    size_t i = rev ? hn - m - k : k;
    if (memcmp(h + i, nd, m) == 0) return (ptrdiff_t)i;
  }
  return -1;
}

/* The memchr path, the switch to two-way, and two-way itself agree with a
 * naive search on small alphabets (where periodic needles abound). */
static void test_search_random(void **state) {
  (void)state;
  uint64_t seed = 42;
  char h[600], nd[40];
  for (int iter = 0; iter < 20000; iter++) {
    int alpha = 1 + (int)(xorshift(&seed) % 3);
    size_t hn = xorshift(&seed) % sizeof h, m = 1 + xorshift(&seed) % sizeof nd;
    for (size_t i = 0; i < hn; i++) h[i] = (char)('a' + xorshift(&seed) % (uint64_t)alpha);
    for (size_t i = 0; i < m; i++) nd[i] = (char)('a' + xorshift(&seed) % (uint64_t)alpha);
    if (hn > m && xorshift(&seed) % 2) { /* plant an occurrence */
      size_t at = xorshift(&seed) % (hn - m + 1);
      memcpy(h + at, nd, m);
    }
    assert_int_equal(rt_str_find(h, hn, nd, m), naive_find(h, hn, nd, m, false));
    assert_int_equal(rt_str_rfind(h, hn, nd, m), naive_find(h, hn, nd, m, true));
    RtFinder f;
    rt_finder_init(&f, nd, m, false);
    size_t from = hn ? xorshift(&seed) % hn : 0;
    ptrdiff_t want = naive_find(h + from, hn - from, nd, m, false);
    assert_int_equal(rt_finder_find(&f, h, hn, from), want < 0 ? -1 : want + (ptrdiff_t)from);
  }
}

/* Pathological inputs stay linear (a quadratic search would take minutes). */
static void test_search_pathological(void **state) {
  (void)state;
  size_t hn = 1 << 21, m = 5000;
  char *h = malloc(hn), *nd = malloc(m);
  memset(h, 'a', hn);
  memset(nd, 'a', m);
  nd[m - 1] = 'b';
  assert_int_equal(rt_str_find(h, hn, nd, m), -1);
  assert_int_equal(rt_str_count(h, hn, nd, m), 0);
  nd[m - 1] = 'a';
  nd[0] = 'b';
  assert_int_equal(rt_str_rfind(h, hn, nd, m), -1);
  h[hn - 1] = 'b';
  nd[0] = 'a';
  nd[m - 1] = 'b';
  assert_int_equal(rt_str_find(h, hn, nd, m), (ptrdiff_t)(hn - m));
  assert_int_equal(rt_str_count(h, hn, "ab", 2), 1);
  assert_int_equal(rt_str_count(h, hn, "aa", 2), (hn - 1) / 2);
  free(h);
  free(nd);
}

static void test_replace(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof replaces / sizeof *replaces; i++) {
    CHECK_OUT(replaces[i].r, replaces[i].rn,
              rt_str_replace(out_, cap, replaces[i].s, replaces[i].n, replaces[i].old,
                             replaces[i].on, replaces[i].nw, replaces[i].nn,
                             replaces[i].count));
  }
}

/* Pieces joined with \x1e after each, as the tables store them. */
static size_t join_pieces(char *buf, const char *s, const size_t *st, const size_t *ln, size_t k) {
  size_t n = 0;
  for (size_t i = 0; i < k; i++) {
    memcpy(buf + n, s + st[i], ln[i]);
    n += ln[i];
    buf[n++] = '\x1e';
  }
  return n;
}

static void test_split_whitespace(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof wsplits / sizeof *wsplits; i++) {
    const char *s = wsplits[i].s;
    size_t n = wsplits[i].n, pos = 0, st[32], ln[32], k = 0;
    int64_t left = wsplits[i].maxsplit;
    while (left != 0 && rt_str_split_ws_next(s, n, &pos, &st[k], &ln[k])) {
      k++;
      if (left > 0) left--;
    }
    if (left == 0 && rt_str_split_ws_rest(s, n, &pos, &st[k], &ln[k])) k++;
    char buf[256];
    size_t bn = join_pieces(buf, s, st, ln, k);
    assert_int_equal(bn, wsplits[i].pn);
    assert_memory_equal(buf, wsplits[i].pieces, bn);
  }
}

static void test_split_sep(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof ssplits / sizeof *ssplits; i++) {
    RtSplitter sp;
    assert_int_equal(rt_splitter_init(&sp, ssplits[i].s, ssplits[i].n, ssplits[i].sep,
                                      ssplits[i].sn), 0);
    size_t st[32], ln[32], k = 0;
    int64_t left = ssplits[i].maxsplit;
    while (left != 0 && rt_splitter_next(&sp, &st[k], &ln[k])) {
      k++;
      if (left > 0) left--;
    }
    if (rt_splitter_rest(&sp, &st[k], &ln[k])) k++;
    char buf[256];
    size_t bn = join_pieces(buf, ssplits[i].s, st, ln, k);
    assert_int_equal(bn, ssplits[i].pn);
    assert_memory_equal(buf, ssplits[i].pieces, bn);
  }
  RtSplitter sp;
  assert_int_equal(rt_splitter_init(&sp, "abc", 3, "", 0), -1); /* empty separator */
}

static void test_strip(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof strips / sizeof *strips; i++) {
    const char *want[3] = {strips[i].left.r, strips[i].right.r, strips[i].both.r};
    size_t wantn[3] = {strips[i].left.n, strips[i].right.n, strips[i].both.n};
    for (int which = 1; which <= 3; which++) {
      size_t st, ln;
      rt_str_strip(strips[i].s, strips[i].n, strips[i].chars, strips[i].cn, which, &st, &ln);
      assert_int_equal(ln, wantn[which - 1]);
      assert_memory_equal(strips[i].s + st, want[which - 1], ln);
    }
  }
}

static void test_case_and_predicates(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const char *s = cases[i].s;
    size_t n = cases[i].n;
    CHECK_OUT(cases[i].up, cases[i].un, rt_str_upper(out_, cap, s, n));
    CHECK_OUT(cases[i].lo, n, rt_str_lower(out_, cap, s, n));
    assert_int_equal(rt_str_isdigit(s, n), cases[i].isdigit);
    assert_int_equal(rt_str_isalpha(s, n), cases[i].isalpha);
    assert_int_equal(rt_str_isalnum(s, n), cases[i].isalnum);
    assert_int_equal(rt_str_isspace(s, n), cases[i].isspace);
    assert_int_equal(rt_str_isupper(s, n), cases[i].isupper);
    assert_int_equal(rt_str_islower(s, n), cases[i].islower);
  }
}

static void test_join_repeat(void **state) {
  (void)state;
  assert_int_equal(rt_str_join_len(2, 0, 0), 0);
  assert_int_equal(rt_str_join_len(2, 1, 5), 5);
  assert_int_equal(rt_str_join_len(2, 3, 5), 9);
  assert_int_equal(rt_str_join_len(SIZE_MAX / 2, 4, 1), SIZE_MAX);
  CHECK_OUT("abababab", 8, rt_str_repeat(out_, cap, "ab", 2, 4));
  CHECK_OUT("", 0, rt_str_repeat(out_, cap, "ab", 2, -3));
  CHECK_OUT("xxxxxxx", 7, rt_str_repeat(out_, cap, "x", 1, 7));
  assert_int_equal(rt_str_repeat(NULL, 0, "abc", 3, INT64_MAX), SIZE_MAX);
  assert_int_equal(rt_str_repeat(NULL, 0, "ab", 2, INT64_MAX), SIZE_MAX - 1);
}

static void test_hash(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof hashes / sizeof *hashes; i++)
    assert_int_equal(rt_str_hash(hashes[i].in, hashes[i].n), hashes[i].h);
  assert_int_equal(rt_str_hash("", 0), RT_HASH_ZERO);
  /* never 0 or -1; sensitive to every byte and to the length */
  char buf[64] = {0};
  int64_t prev = rt_str_hash(buf, 0);
  for (size_t n = 1; n < sizeof buf; n++) {
    int64_t h = rt_str_hash(buf, n);
    assert_true(h != 0 && h != -1 && h != prev);
    prev = h;
  }
  int64_t base = rt_str_hash("hello world!!", 13);
  char m[14] = "hello world!!";
  for (int i = 0; i < 13; i++) {
    m[i] ^= 1;
    assert_true(rt_str_hash(m, 13) != base);
    m[i] ^= 1;
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_float_repr_table),
      cmocka_unit_test(test_float_repr_roundtrip),
      cmocka_unit_test(test_float_fmt_table),
      cmocka_unit_test(test_float_g_like_printf),
      cmocka_unit_test(test_int_fmt_table),
      cmocka_unit_test(test_str_fmt_table),
      cmocka_unit_test(test_char_fmt),
      cmocka_unit_test(test_spec_parse_and_errors),
      cmocka_unit_test(test_int_str_and_repr),
      cmocka_unit_test(test_int_parse_table),
      cmocka_unit_test(test_int_parse_message_cut),
      cmocka_unit_test(test_float_parse_table),
      cmocka_unit_test(test_float_parse_roundtrip),
      cmocka_unit_test(test_chartable),
      cmocka_unit_test(test_find_count_ranges),
      cmocka_unit_test(test_search_random),
      cmocka_unit_test(test_search_pathological),
      cmocka_unit_test(test_replace),
      cmocka_unit_test(test_split_whitespace),
      cmocka_unit_test(test_split_sep),
      cmocka_unit_test(test_strip),
      cmocka_unit_test(test_case_and_predicates),
      cmocka_unit_test(test_join_repeat),
      cmocka_unit_test(test_hash),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
