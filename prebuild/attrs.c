/* attrs.c — attribute access: instances (then their class chain, binding
 * functions to self), classes, user and built-in modules, super(). */
#include <string.h>

#include "pbint.h"

static const char *short_name(const char *q) {
  const char *dot = strrchr(q, '.');
  return dot ? dot + 1 : q;
}

Dyn *pb_class_lookup(PbClass *c, const char *name) {
  for (; c; c = c->base) {
    Dyn *v = pb_attrs_get(&c->attrs, name);
    if (v) return v;
  }
  return NULL;
}

static size_t bind_slot(const void *a, const void *b) {
  uintptr_t h = (uintptr_t)a * 31u ^ (uintptr_t)b;
  return (size_t)((h >> 4) ^ (h >> 11)) % PB_BIND_CACHE;
}

Dyn pb_bind(Prebuild *PB, Dyn self, PbObj *fn) {
  size_t k = bind_slot(self.o, fn);
  if (self.kind == DK_OBJ && PB->bind_cache[k].self == self.o && PB->bind_cache[k].fn == fn)
    return dyn_obj(PB->bind_cache[k].bound);
  PbObj *bound;
  if (fn->type == PB_FUNC) {
    PbMethod *m = pb_alloc(PB, sizeof(PbMethod), PB_METHOD);
    m->self = self;
    m->func = (PbFunc *)fn;
    bound = &m->h;
  } else {
    PbBuiltin *b = pb_alloc(PB, sizeof(PbBuiltin), PB_BUILTIN);
    *b = *(PbBuiltin *)fn;
    b->h.id = PB->nobjs;
    b->self = self;
    b->cls = NULL;
    bound = &b->h;
  }
  if (self.kind == DK_OBJ) {
    PB->bind_cache[k].self = self.o;
    PB->bind_cache[k].fn = fn;
    PB->bind_cache[k].bound = bound;
  }
  return dyn_obj(bound);
}

/* A class attribute seen through an instance: functions bind. */
static Dyn bind_if_method(Prebuild *PB, Dyn self, Dyn v) {
  if (dyn_is(v, PB_FUNC) && !DYN_FUNC(v)->flags->staticmethod) return pb_bind(PB, self, v.o);
  if (dyn_is(v, PB_BUILTIN) && ((PbBuiltin *)v.o)->cls) return pb_bind(PB, self, v.o);
  return v;
}

static bool inst_getattr(Prebuild *PB, Dyn a, const char *name, Dyn *out) {
  PbInst *in = DYN_INST(a);
  Dyn *v = pb_attrs_get(&in->attrs, name);
  if (v) { *out = *v; return true; }
  v = pb_class_lookup(in->cls, name);
  if (v) { *out = bind_if_method(PB, a, *v); return true; }
  if (strcmp(name, "args") == 0 && dyn_is(in->exc_args, PB_TUPLE)) { *out = in->exc_args; return true; }
  return pb_raise(PB, PBX_AttributeError, "'%s' object has no attribute '%s'",
                  short_name(in->cls->name), name);
}

static bool class_getattr(Prebuild *PB, PbClass *c, const char *name, Dyn *out) {
  Dyn *v = pb_class_lookup(c, name);
  if (v) { *out = *v; return true; }
  if (strcmp(name, "__name__") == 0) { *out = pb_cstr(PB, short_name(c->name)); return true; }
  return pb_raise(PB, PBX_AttributeError, "type object '%s' has no attribute '%s'",
                  short_name(c->name), name);
}

PbModule *pb_module_obj(Prebuild *PB, Module *m) {
  PbModule *mo = hmap_get(&PB->modules, HKEY(m));
  if (mo) return mo;
  mo = pb_alloc(PB, sizeof(PbModule), PB_MODULE);
  mo->m = m;
  mo->state = m->builtin ? PB_MOD_DONE : PB_MOD_NEW;
  hmap_put(&PB->modules, HKEY(m), mo);
  return mo;
}

bool pb_module_attr(Prebuild *PB, PbModule *mo, const char *name, Dyn *out) {
  Module *m = mo->m;
  Dyn *v = pb_attrs_get(&mo->globals, name);
  if (v) { *out = *v; return true; }
  Module *sub = hmap_get(&m->submods, HKEY(name));
  if (sub) { *out = dyn_obj(pb_module_obj(PB, sub)); return true; }
  if (m->builtin && hmap_get(&m->members, HKEY(name))) {
    const char *q = arena_printf(&PB->heap, "%s.%s", m->name, name);
    if (pb_builtin_value(PB, pb_intern(PB, q, strlen(q)), out)) return true;
    return pb_fatal(PB, "'%s.%s' is not supported at translation time", m->name, name);
  }
  return pb_raise(PB, PBX_AttributeError, "module '%s' has no attribute '%s'", m->name, name);
}

Dyn pb_super(Prebuild *PB, PbClass *cls, Dyn self) {
  PbBuiltin *b = pb_alloc(PB, sizeof(PbBuiltin), PB_BUILTIN);
  b->name = "super";
  b->self = self;
  b->data = dyn_obj(cls);
  return dyn_obj(b);
}

static bool builtin_getattr(Prebuild *PB, PbBuiltin *b, const char *name, Dyn *out) {
  if (strcmp(b->name, "super") == 0) {
    PbClass *c = DYN_CLASS(b->data);
    Dyn *v = pb_class_lookup(c->base, name);
    if (v) { *out = bind_if_method(PB, b->self, *v); return true; }
    return pb_raise(PB, PBX_AttributeError, "'super' object has no attribute '%s'", name);
  }
  const char *q = arena_printf(&PB->heap, "%s.%s", b->name, name);
  if (pb_builtin_value(PB, pb_intern(PB, q, strlen(q)), out)) return true;
  return pb_raise(PB, PBX_AttributeError, "'builtin_function_or_method' object has no attribute '%s'", name);
}

bool pb_getattr(Prebuild *PB, Dyn a, const char *name, Dyn *out) {
  if (a.kind == DK_OBJ) {
    switch ((PbType)a.o->type) {
    case PB_INST: return inst_getattr(PB, a, name, out);
    case PB_CLASS: return class_getattr(PB, DYN_CLASS(a), name, out);
    case PB_MODULE: return pb_module_attr(PB, (PbModule *)a.o, name, out);
    case PB_BUILTIN: return builtin_getattr(PB, (PbBuiltin *)a.o, name, out);
    case PB_DRIVER: *out = dyn_none(); return true;
    case PB_FUNC:
      if (strcmp(name, "__name__") == 0) { *out = pb_cstr(PB, DYN_FUNC(a)->fi->name); return true; }
      break;
    default:
      if (pb_method(PB, a, name, out)) return true;
      if (PB->fatal || PB->exc.kind != DK_NONE) return false;
      break;
    }
  }
  return pb_raise(PB, PBX_AttributeError, "'%s' object has no attribute '%s'",
                  pb_type_name(a), name);
}

bool pb_setattr(Prebuild *PB, Dyn a, const char *name, Dyn v) {
  if (a.kind == DK_OBJ) {
    switch ((PbType)a.o->type) {
    case PB_INST: pb_attrs_set(PB, &DYN_INST(a)->attrs, name, v); return true;
    case PB_CLASS:
      if (DYN_CLASS(a)->builtin)
        return pb_raise(PB, PBX_TypeError, "cannot set '%s' attribute of immutable type '%s'",
                        name, DYN_CLASS(a)->name);
      pb_attrs_set(PB, &DYN_CLASS(a)->attrs, name, v);
      return true;
    case PB_MODULE:
      if (((PbModule *)a.o)->m->builtin)
        return pb_fatal(PB, "cannot set attribute '%s' of built-in module '%s'", name,
                        ((PbModule *)a.o)->m->name);
      pb_attrs_set(PB, &((PbModule *)a.o)->globals, name, v);
      return true;
    case PB_DRIVER: return true;
    default: break;
    }
  }
  return pb_raise(PB, PBX_AttributeError, "'%s' object has no attribute '%s'",
                  pb_type_name(a), name);
}

bool pb_make_class(Prebuild *PB, ClassInfo *ci, Dyn base, Dyn *out) {
  if (base.kind == DK_NONE) base = dyn_obj(PB->c_object);
  if (!dyn_is(base, PB_CLASS)) return pb_raise(PB, PBX_TypeError, "bases must be types");
  PbClass *c = pb_alloc(PB, sizeof(PbClass), PB_CLASS);
  c->name = ci->qualname;
  c->ci = ci;
  c->base = DYN_CLASS(base);
  hmap_put(&PB->classes, HKEY(ci), c);
  *out = dyn_obj(c);
  return true;
}
