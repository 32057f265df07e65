/* llvm_debug.c — DWARF for -g: one compile unit, a DIFile per .rl source,
 * a subprogram per graph at its def line, a location (line, column) for
 * every operation from its Loc, so that gdb and perf show .rl lines.
 * Operations from another file than their graph's get a lexical block
 * file scope. Without -g nothing here runs and no location is set. */
#include <string.h>
#include <unistd.h>

#include "llvm_internal.h"

static LLVMMetadataRef di_file(Be *be, uint32_t id) {
  SourceMgr *sm = be->prog->sm;
  if (!sm || id == 0 || id >= sm->files.len) id = 0;
  if (id < be->ndi_files && be->di_files[id]) return be->di_files[id];
  const char *path = id ? sm->files.data[id]->path : "<rtrans>";
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  char dir[4096] = ".";
  if (slash) {
    size_t n = (size_t)(slash - path);
    if (n >= sizeof dir) n = sizeof dir - 1;
    memcpy(dir, path, n);
    dir[n] = 0;
    if (n == 0) strcpy(dir, "/");
  } else if (!getcwd(dir, sizeof dir)) {
    strcpy(dir, ".");
  }
  LLVMMetadataRef f = LLVMDIBuilderCreateFile(be->di, name, strlen(name),
                                              dir, strlen(dir));
  if (id < be->ndi_files) be->di_files[id] = f;
  return f;
}

static unsigned loc_line(Be *be, Loc loc, unsigned *col) {
  uint32_t line = 0, c = 0;
  SourceMgr *sm = be->prog->sm;
  if (sm && loc.file && loc.file < sm->files.len)
    sm_line_col(sm, loc.file, loc.start, &line, &c);
  *col = c;
  return line;
}

void be_debug_init(Be *be) {
  be->di = LLVMCreateDIBuilder(be->mod);
  SourceMgr *sm = be->prog->sm;
  be->ndi_files = sm ? sm->files.len : 0;
  be->di_files = arena_alloc_array(&be->scratch, be->ndi_files + 1,
                                   sizeof(LLVMMetadataRef));
  Graph *eg = be->prog->entry->graph;
  LLVMMetadataRef file = di_file(be, eg ? eg->loc.file : 0);
  static const char producer[] = "rtrans";
  be->di_cu = LLVMDIBuilderCreateCompileUnit(
      be->di, LLVMDWARFSourceLanguagePython, file, producer,
      sizeof producer - 1, be->opt->opt_level > 0, "", 0, 0, "", 0,
      LLVMDWARFEmissionFull, 0, 0, 0, "", 0, "", 0);
  be->di_subty = LLVMDIBuilderCreateSubroutineType(be->di, file, NULL, 0,
                                                   LLVMDIFlagZero);
  LLVMAddModuleFlag(be->mod, LLVMModuleFlagBehaviorWarning,
                    "Debug Info Version", 18,
                    LLVMValueAsMetadata(LLVMConstInt(
                        be->t_i32, LLVMDebugMetadataVersion(), 0)));
  LLVMAddModuleFlag(be->mod, LLVMModuleFlagBehaviorWarning, "Dwarf Version",
                    13, LLVMValueAsMetadata(LLVMConstInt(be->t_i32, 5, 0)));
}

LLVMMetadataRef be_debug_function(Be *be, Graph *g, LLVMValueRef fn) {
  LLVMMetadataRef file = di_file(be, g->loc.file);
  unsigned col;
  unsigned line = loc_line(be, g->loc, &col);
  size_t nlen;
  const char *lname = LLVMGetValueName2(fn, &nlen);
  const char *name = g->name ? g->name : lname;
  LLVMMetadataRef sp = LLVMDIBuilderCreateFunction(
      be->di, file, name, strlen(name), lname, nlen, file, line,
      be->di_subty, 1, 1, line, LLVMDIFlagZero, be->opt->opt_level > 0);
  LLVMSetSubprogram(fn, sp);
  return sp;
}

void be_debug_loc(BeFn *F, Loc loc) {
  Be *be = F->be;
  if (!F->sp) return;
  unsigned col;
  unsigned line = loc.file ? loc_line(be, loc, &col) : 0;
  LLVMMetadataRef scope = F->sp;
  if (!line) {
    line = loc_line(be, F->g->loc, &col);
    col = 0;
  } else if (loc.file != F->g->loc.file) {
    scope = LLVMDIBuilderCreateLexicalBlockFile(be->di, F->sp,
                                                di_file(be, loc.file), 0);
  }
  LLVMMetadataRef dl = LLVMDIBuilderCreateDebugLocation(be->ctx, line, col,
                                                        scope, NULL);
  LLVMSetCurrentDebugLocation2(be->b, dl);
}

void be_debug_finish(Be *be) {
  if (be->di) LLVMDIBuilderFinalize(be->di);
}
