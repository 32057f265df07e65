# A sibling module, imported twice (runs once), and an import cycle.
import pbmod_a
from pbmod_a import TABLE, scale
import pbmod_b

r = [pbmod_a.RUNS, scale(3), TABLE is pbmod_a.TABLE, pbmod_b.FROM_A, pbmod_a.B_SEEN]
