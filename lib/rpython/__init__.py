"""`rpython.rlib.X` is an alias of `rlib.X`, so RPython interpreters run
with few edits."""
