/* rty_fixture.h — the unit tests that need a program rtyped: load it
 * (prog_fixture.h), run the module level at translation time and the
 * annotator (both must succeed), and make the rtyper. */
#ifndef RT_RTY_FIXTURE_H
#define RT_RTY_FIXTURE_H

#include "annotator/ann.h"
#include "prebuild/prebuild.h"
#include "prog_fixture.h"
#include "rtyper/rtyper.h"

/* Loads src as t.rl into fx and rtypes it; rty_run's result (the rtyper
 * may report errors: the test checks them). */
static inline bool rfx_rtype(ProgFx *fx, const char *src, Prebuild **PB, Annotator **AN,
                             RTyper **R) {
  pfx_build(fx, "t.rl", src);
  pfx_expect_no_errors(fx);
  *PB = pb_new(&fx->P);
  assert_true(pb_run(*PB, fx->main_mod, NULL, 0));
  pb_freeze(*PB);
  *AN = ann_new(&fx->P);
  ann_use_prebuild(*AN, *PB);
  assert_true(ann_program(*AN));
  *R = rty_new(&fx->P, *AN, *PB);
  return rty_run(*R);
}

#endif
